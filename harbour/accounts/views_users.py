"""Staff pages for administrators managing users: the list, an account's page and history, asking
for a new account or a change, deciding another administrator's request, resetting sign-in,
closing and reopening accounts. The rules are in ``harbour.accounts.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts import lockout, queries, services
from harbour.accounts.decorators import role_required
from harbour.accounts.forms import (
    AccountRequestForm,
    EmailChangeForm,
    RoleChangeForm,
    UsersFilterForm,
)
from harbour.accounts.models import AccountChange, User
from harbour.accounts.roles import Role
from harbour.audit.services import Action, access_log

PAGE_SIZE = 50


def _user(user_id: str) -> User:
    return get_object_or_404(User.objects.select_related("agency"), public_id=user_id)


def _errors_to(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
@role_required(Role.ADMINISTRATOR)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UsersFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    users = queries.users_list(
        agency=filters.get("agency"), role=filters.get("role", ""), status=filters.get("status", "")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log(
        user=request.user,
        action=Action.SEARCH,
        record_type=User._meta.label_lower,
        detail={"filters": sorted(k for k, v in filters.items() if v), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    services.account_changes_lapse()
    return render(
        request,
        "accounts/users/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "waiting": queries.account_changes_open(),
        },
    )


@require_safe
@role_required(Role.ADMINISTRATOR)
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    account = _user(user_id)
    services.account_changes_lapse()
    access_log(user=request.user, action=Action.VIEW, record=account, reason="account page")
    return render(
        request,
        "accounts/users/detail.html",
        {
            "account": account,
            "own": account.pk == request.user.pk,
            "waiting_for_approval": services.account_waiting_for_approval(account),
            "two_factor": services.totp_device_confirmed(account) is not None,
            "slowdown": lockout.slowdown(account.username),
            "open_changes": queries.account_changes_open(user=account),
            "recent_changes": queries.account_changes_recent(user=account),
            "history": queries.account_history(account),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_new(request: HttpRequest) -> HttpResponse:
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_request_new(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            if account.is_active:
                messages.success(
                    request,
                    _("The account is made. A link to set it up has been emailed to them."),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The new account is waiting for another administrator's approval. The "
                        "link to set it up will be emailed once it is approved."
                    ),
                )
            return redirect("accounts:user", account.public_id)
    return render(request, "accounts/users/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_change_role(request: HttpRequest, user_id: str) -> HttpResponse:
    account = _user(user_id)
    form = RoleChangeForm(
        request.POST or None, initial={"role": account.role, "agency": account.agency}
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = services.account_change_role_request(
                by=request.user,
                user=account,
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request, _("The change is waiting for another administrator's approval.")
            )
            return redirect("accounts:change", change.public_id)
    return render(request, "accounts/users/role.html", {"account": account, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_change_email(request: HttpRequest, user_id: str) -> HttpResponse:
    account = _user(user_id)
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.account_change_email_request(
                by=request.user, user=account, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request,
                _(
                    "The change is waiting for another administrator's approval. Then they "
                    "confirm it from their current address."
                ),
            )
            return redirect("accounts:change", change.public_id)
    return render(request, "accounts/users/email.html", {"account": account, "form": form})


def _confirm_act(request: HttpRequest, user_id: str, act: str) -> HttpResponse:
    """A page that says what an act does, and a button that does it (reset, close, reopen)."""
    account = _user(user_id)
    error = None
    if request.method == "POST":
        try:
            if act == "reset":
                services.account_reset(user=account, by=request.user)
                done = _(
                    "Their sign-in is reset. A link to set a new password and authenticator has "
                    "been emailed to them."
                )
            elif act == "close":
                services.account_close(user=account, by=request.user)
                done = _("The account is closed.")
            else:
                change = services.account_reopen(user=account, by=request.user)
                done = (
                    _("Reopening the account is waiting for another administrator's approval.")
                    if change
                    else _("The account is open again.")
                )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, done)
            return redirect("accounts:user", account.public_id)
    return render(
        request,
        "accounts/users/confirm.html",
        {"account": account, "act": act, "error": error, "own": account.pk == request.user.pk},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_reset(request: HttpRequest, user_id: str) -> HttpResponse:
    return _confirm_act(request, user_id, "reset")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_close(request: HttpRequest, user_id: str) -> HttpResponse:
    return _confirm_act(request, user_id, "close")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_reopen(request: HttpRequest, user_id: str) -> HttpResponse:
    return _confirm_act(request, user_id, "reopen")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def change_detail(request: HttpRequest, change_id: str) -> HttpResponse:
    change = get_object_or_404(
        AccountChange.objects.select_related(
            "user", "user__agency", "requested_by", "decided_by", "agency", "old_agency"
        ),
        public_id=change_id,
    )
    error = None
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        acts = {
            "approve": (services.account_change_approve, _("Approved.")),
            "refuse": (services.account_change_refuse, _("Refused.")),
            "withdraw": (services.account_change_withdraw, _("Withdrawn.")),
        }
        if decision not in acts:
            error = _("Choose whether to approve or refuse")
        else:
            act, done = acts[decision]
            try:
                act(change=change, by=request.user)
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                messages.success(request, done)
                return redirect("accounts:user", change.user.public_id)
    me = request.user
    return render(
        request,
        "accounts/users/change.html",
        {
            "change": change,
            "error": error,
            "may_decide": change.is_open
            and me.pk not in (change.requested_by_id, change.user_id)
            and (change.status == AccountChange.Status.PENDING or change.kind == change.Kind.EMAIL),
            "may_approve": change.status == AccountChange.Status.PENDING,
            "may_withdraw": change.is_open and me.pk == change.requested_by_id,
            "asked_by_me": me.pk == change.requested_by_id,
            "about_me": me.pk == change.user_id,
        },
    )
