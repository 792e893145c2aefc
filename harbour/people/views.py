"""Staff pages of the person record. Thin: parse, call a getter or a service, render.

Every page showing a person reads her through ``person_get_for_user``; a refusal renders the
same "not found" page as an identifier that does not exist.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import CASEWORK_ROLES, Role
from harbour.core.forms import apply_errors
from harbour.people import conf, forms, queries, services
from harbour.people.choices import ContactChannel
from harbour.people.models import (
    CONTACT_FIELDS,
    EQUALITY_FIELDS,
    AccessReview,
    Agreement,
    RestrictedAccess,
    Share,
)
from harbour.people.sections import person_sections_for
from harbour.people.steps import LINKED, USED, DuplicateCheckStep

caseworker = role_required(*CASEWORK_ROLES)


def _not_found(request: HttpRequest, person_id: str) -> HttpResponse:
    return render(request, "people/not_found.html", {"person_id": person_id}, status=404)


def with_person(part: str):
    """Read the person through the getter (logged); a refusal is a 404 like a missing record."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, person_id: str, *args, **kwargs):
            try:
                person = queries.person_get_for_user(
                    user=request.user, person_id=person_id, part=part
                )
            except queries.PersonNotFound:
                return _not_found(request, person_id)
            return view(request, person, *args, **kwargs)

        return wrapped

    return decorator


_apply_errors = apply_errors


def _person_values(data: dict) -> dict:
    values = {name: data[name] for name in forms.PersonForm.base_fields if name in data}
    values.pop("reason", None)
    values["safe_channels"] = list(values.get("safe_channels") or [])
    return values


def _person_initial(person) -> dict:
    initial = {name: getattr(person, name) for name in forms.PersonForm.base_fields}
    initial["other_names"] = "\n".join(person.other_names or [])
    initial["local_authority"] = person.local_authority_id
    return initial


# List and search ---------------------------------------------------------------------------


PER_PAGE = 50  # people on a page of the list


@require_http_methods(["GET", "POST"])
@caseworker
def person_list(request: HttpRequest) -> HttpResponse:
    # Search terms come in the POST body, so names never appear in URLs or server logs.
    form = forms.SearchForm(request.POST or None)
    search = None
    if request.method == "POST" and form.is_valid():
        search = queries.people_search_for_user(
            user=request.user,
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            limit=PER_PAGE,
        )
        people = search.results
        page = None
    else:
        # Pages of the list: the numbers in the URL say nothing about anyone.
        page = Paginator(range(queries.people_count_for_user(user=request.user)), PER_PAGE)
        page = page.get_page(request.GET.get("page"))
        people = queries.people_for_user(
            user=request.user,
            limit=PER_PAGE,
            offset=page.start_index() - 1 if page.paginator.count else 0,
        )
    return render(
        request,
        "people/list.html",
        {
            "form": form,
            "people": people,
            "searched": search is not None,
            "search": search,
            "read_limit": conf.search_read_limit(),
            "page": page,
        },
    )


# Creating, with the duplicate check ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@caseworker
def person_create(request: HttpRequest) -> HttpResponse:
    form = forms.PersonForm(request.POST or None)
    if request.method != "POST":
        return render(request, "people/create.html", {"form": form})
    outcome = DuplicateCheckStep(request, form, values=_person_values).run()
    if outcome.person is None:
        return render(request, "people/create.html", outcome.context, status=outcome.status)
    if outcome.how == LINKED:
        messages.success(
            request, _("Your agency is now linked to this record. The link will be reviewed.")
        )
    elif outcome.how == USED:
        messages.info(request, _("She already has a record: this is it."))
    else:
        messages.success(request, _("The record has been created."))
    return redirect("people:detail", person_id=outcome.person.public_id)


# Reading ----------------------------------------------------------------------------------------


def _detail_context(request, person, *, contact=None) -> dict:
    return {
        "person": person,
        "channels": [ContactChannel(c).label for c in person.safe_channels or []],
        "involvements": queries.person_involvements(person=person),
        "contact": contact,
        "equality": [
            (person._meta.get_field(name).verbose_name, _display(person, name))
            for name in EQUALITY_FIELDS
        ],
        "emergency": person.access.why == "emergency",
        "can_manage_restriction": person.access.why in ("involved", "named"),
        "sections": person_sections_for(user=request.user, person=person),
    }


def _display(person, name: str) -> str:
    value = getattr(person, name)
    if not value:
        return ""
    return getattr(person, f"get_{name}_display")()


@require_safe
@caseworker
@with_person("record")
def person_detail(request: HttpRequest, person) -> HttpResponse:
    return render(request, "people/detail.html", _detail_context(request, person))


@require_POST
@caseworker
@with_person("record")
def person_contact(request: HttpRequest, person) -> HttpResponse:
    """Show contact details: a read of its own, logged; the safe-contact panel stays on top."""
    contact = queries.person_contact_details_for_user(user=request.user, person=person)
    return render(request, "people/detail.html", _detail_context(request, person, contact=contact))


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("correction")
def person_edit(request: HttpRequest, person) -> HttpResponse:
    initial = {k: v for k, v in _person_initial(person).items() if k not in CONTACT_FIELDS}
    if request.method != "POST":
        # The form shows her phone, address and email: that is the "Show contact details" read,
        # counted and logged as one (a post shows only what was typed).
        initial.update(queries.person_contact_details_for_user(user=request.user, person=person))
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_update(
                person=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **_person_values(form.cleaned_data),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The record has been corrected."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("people:detail", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "people/edit.html", {"person": person, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("safe contact")
def person_safe_contact(request: HttpRequest, person) -> HttpResponse:
    initial = {name: getattr(person, name) for name in forms.SafeContactForm.base_fields}
    form = forms.SafeContactUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        reason = values.pop("reason")
        values["safe_channels"] = list(values["safe_channels"])
        services.person_update(person=person, by=request.user, reason=reason, **values)
        messages.success(request, _("Safe-contact preferences saved."))
        return redirect("people:detail", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request, "people/safe_contact.html", {"person": person, "form": form}, status=status
    )


@require_safe
@caseworker
@with_person("history")
def person_history(request: HttpRequest, person) -> HttpResponse:
    changes = queries.person_history(person=person)
    return render(request, "people/history.html", {"person": person, "changes": changes})


@require_safe
@caseworker
@with_person("timeline")
def person_timeline(request: HttpRequest, person) -> HttpResponse:
    entries = queries.person_timeline_for_user(user=request.user, person=person)
    return render(request, "people/timeline.html", {"person": person, "entries": entries})


# Sharing and agreement ---------------------------------------------------------------------


@require_safe
@caseworker
@with_person("sharing")
def person_sharing(request: HttpRequest, person) -> HttpResponse:
    return render(
        request,
        "people/sharing.html",
        {
            "person": person,
            "shares": queries.person_shares(person=person),
            "agreements": queries.person_agreements(person=person),
        },
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("sharing")
def share_new(request: HttpRequest, person) -> HttpResponse:
    agreements = [a for a in queries.person_agreements(person=person) if a.is_active]
    form = forms.ShareForm(request.POST or None, agreements=agreements, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.share_record(
                person=person,
                by=request.user,
                agency=data["agency"],
                purpose=data["purpose"],
                categories=data["categories"],
                regime=data["regime"],
                basis=data["basis"],
                condition=data["condition"],
                agreement=data["agreement"],
                justification=data["justification"],
                preconditions_confirmed=data["preconditions_confirmed"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The share has been recorded."))
            return redirect("people:sharing", person_id=person.public_id)
    from harbour.people.models import LawfulBasis, ProcessingCondition

    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/share_form.html",
        {
            "person": person,
            "form": form,
            "bases": LawfulBasis.objects.filter(is_active=True),
            "conditions": ProcessingCondition.objects.filter(is_active=True),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("sharing")
def agreement_new(request: HttpRequest, person) -> HttpResponse:
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_record(
                person=person,
                by=request.user,
                agencies=list(data["agencies"]),
                purpose=data["purpose"],
                given_at=data["given_at"],
                given_how=data["given_how"],
                explicit=data["explicit"],
                notes=data["notes"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Her agreement has been recorded."))
            return redirect("people:sharing", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request, "people/agreement_form.html", {"person": person, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("sharing")
def agreement_withdraw(request: HttpRequest, person, agreement_id: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, person=person, public_id=agreement_id)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stopped = services.agreement_withdraw(
                agreement=agreement,
                by=request.user,
                how=form.cleaned_data["how"],
                withdrawn_at=form.cleaned_data["withdrawn_at"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Her withdrawal has been recorded. Shares stopped: %(count)s.")
                % {"count": len(stopped)},
            )
            return redirect("people:sharing", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/withdraw.html",
        {"person": person, "agreement": agreement, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@caseworker
@with_person("sharing")
def share_stop(request: HttpRequest, person, share_id: str) -> HttpResponse:
    share = get_object_or_404(Share, person=person, public_id=share_id)
    form = forms.StopShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.share_stop(share=share, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Sharing has stopped."))
        return redirect("people:sharing", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/share_stop.html",
        {"person": person, "share": share, "form": form},
        status=status,
    )


# Restriction ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*CASEWORK_ROLES, Role.ADMINISTRATOR)
def person_restriction(request: HttpRequest, person_id: str) -> HttpResponse:
    """Restrict a record, lift it, name users. Administrators manage it by reference only."""
    administrator = request.user.has_role(Role.ADMINISTRATOR)
    try:
        if administrator:
            person = queries.person_for_restriction_admin(user=request.user, person_id=person_id)
        else:
            person = queries.person_get_for_user(
                user=request.user, person_id=person_id, part="restriction"
            )
    except queries.PersonNotFound:
        return _not_found(request, person_id)
    restrict_form = forms.RestrictForm(request.POST if "restrict" in request.POST else None)
    named_form = forms.NamedUserForm(request.POST if "name_user" in request.POST else None)
    try:
        if request.method == "POST":
            done = _restriction_post(request, person, restrict_form, named_form)
            if done:
                return redirect("people:restriction", person_id=person.public_id)
    except PermissionDenied:
        return _not_found(request, person_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "people/restriction.html",
        {
            "person": person,
            "administrator": administrator,
            "named": queries.person_named_users(person=person),
            "restrict_form": restrict_form,
            "named_form": named_form,
        },
        status=status,
    )


def _restriction_post(request, person, restrict_form, named_form) -> bool:
    user = request.user
    try:
        if "restrict" in request.POST and restrict_form.is_valid():
            if request.POST["restrict"] == "on":
                named = restrict_form.cleaned_data.get("username")
                services.person_restrict(
                    person=person,
                    by=user,
                    reason=restrict_form.cleaned_data["reason"],
                    named_users=[named] if named else [],
                )
                messages.success(request, _("The record is restricted to the users named."))
            else:
                services.person_unrestrict(
                    person=person, by=user, reason=restrict_form.cleaned_data["reason"]
                )
                messages.success(request, _("The restriction has been lifted."))
            return True
        if "name_user" in request.POST and named_form.is_valid():
            services.restricted_user_add(
                person=person, user=named_form.cleaned_data["username"], by=user
            )
            messages.success(request, _("The user has been named on the record."))
            return True
        if "remove" in request.POST:
            named = get_object_or_404(
                RestrictedAccess, person=person, pk=request.POST["remove"], removed_at=None
            )
            services.restricted_user_remove(named=named, by=user)
            messages.success(request, _("The user has been removed from the record."))
            return True
    except ValidationError as error:
        _apply_errors(named_form if "remove" in request.POST else restrict_form, error)
    return False


# Emergency access and reviews ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@caseworker
def emergency_access(request: HttpRequest, person_id: str) -> HttpResponse:
    form = forms.EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.emergency_access_grant(
                user=request.user, person_id=person_id, reason=form.cleaned_data["reason"]
            )
        except queries.PersonNotFound:
            return _not_found(request, person_id)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.warning(request, _("Emergency access granted. Someone else will review it."))
            return redirect("people:detail", person_id=person.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request, "people/emergency.html", {"form": form, "person_id": person_id}, status=status
    )


@require_safe
@role_required(Role.ADMINISTRATOR)
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/reviews.html",
        {"open": queries.reviews_open(), "recent": queries.reviews_recent()},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def review_detail(request: HttpRequest, review_id: str) -> HttpResponse:
    review = get_object_or_404(AccessReview, public_id=review_id)
    own = review.subject_user_id == request.user.pk
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and not own and form.is_valid():
        try:
            services.review_complete(
                review=review,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The review has been recorded."))
            return redirect("people:reviews")
    from harbour.audit.queries import access_log_search

    activity = access_log_search(username=review.subject_user.username)[:20]
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/review.html",
        {"review": review, "form": form, "own": own, "activity": activity},
        status=status if not own else (403 if request.method == "POST" else 200),
    )
