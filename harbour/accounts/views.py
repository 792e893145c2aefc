"""Sign-in in two steps (password, then a TOTP code), first-time set-up of the code, sign-out,
and the one-time links that let a person set their own password or confirm a new email address.

The user is not signed in (no authenticated session) until both steps succeed. Failures at
either step count towards the lockout (django-axes); every outcome goes in the access log.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from harbour.accounts import links, lockout, services
from harbour.accounts.decorators import page_refusal_log
from harbour.accounts.forms import CodeForm, NewPasswordForm, SignInForm
from harbour.accounts.middleware import SIGNED_IN_AT
from harbour.accounts.models import AccountLink
from harbour.audit.services import Action, access_log
from harbour.core.net import client_address

PENDING = "harbour_pending_sign_in"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


def _locked(request: HttpRequest, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def _slowed(request: HttpRequest, username: str) -> HttpResponse | None:
    """While a username failing from many addresses must wait, refuse before any check."""
    state = lockout.slowdown(username)
    if not state.wait_seconds:
        return None
    access_log(
        user=None,
        username=username if get_user_model().objects.filter(username=username).exists() else "",
        action=Action.LOCKED_OUT,
        reason="sign-in slowed: failures from many addresses",
    )
    minutes, seconds = divmod(state.wait_seconds, 60)
    return render(
        request,
        "accounts/slowed.html",
        {"minutes": minutes, "seconds": seconds},
        status=429,
    )


def _code_failed(request: HttpRequest, user) -> None:
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    access_log(
        user=None,
        username=user.get_username(),
        action=Action.SIGN_IN_FAILED,
        reason="wrong two-factor code",
    )


def _complete_sign_in(request: HttpRequest, user, device) -> HttpResponse:
    next_url = request.session.get(PENDING, {}).get("next")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    request.session.pop(PENDING, None)
    access_log(user=user, action=Action.SIGN_IN, reason="password and two-factor code")
    return HttpResponseRedirect(_safe_next(request, next_url))


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if (refusal := _slowed(request, username)) is not None:
            return refusal
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            access_log(
                user=None,
                username=username,
                action=Action.LOCKED_OUT,
                reason="sign-in attempted while locked out",
            )
            return render(request, "accounts/locked_out.html", status=429)
        if user is None:
            known = get_user_model().objects.filter(username=username).exists()
            access_log(
                user=None,
                username=username if known else "",
                action=Action.SIGN_IN_FAILED,
                reason="wrong username or password",
            )
            form.add_error(None, _("Enter a correct username and password."))
        else:
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "at": timezone.now().timestamp(),
                "next": request.GET.get("next"),
            }
            if services.totp_device_confirmed(user) is None:
                return redirect("accounts:two-factor-setup")
            return redirect("accounts:two-factor")
    return render(request, "accounts/sign_in.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: the sign-in took too long."))
        return redirect("accounts:sign-in")
    device = services.totp_device_confirmed(user)
    if device is None:
        return redirect("accounts:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _locked(request, user.get_username()):
            access_log(
                user=None,
                username=user.get_username(),
                action=Action.LOCKED_OUT,
                reason="code entered while locked out",
            )
            request.session.pop(PENDING, None)
            return render(request, "accounts/locked_out.html", status=429)
        if (refusal := _slowed(request, user.get_username())) is not None:
            return refusal
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a few seconds, then try again."))
        elif device.verify_token(form.cleaned_data["code"]):
            return _complete_sign_in(request, user, device)
        else:
            _code_failed(request, user)
            form.add_error("code", _("The code is not right. Check the app and try again."))
    return render(request, "accounts/two_factor.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: the sign-in took too long."))
        return redirect("accounts:sign-in")
    if services.totp_device_confirmed(user) is not None:
        return redirect("accounts:two-factor")
    device = services.totp_device_for_setup(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _locked(request, user.get_username()):
            request.session.pop(PENDING, None)
            return render(request, "accounts/locked_out.html", status=429)
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            access_log(user=user, action=Action.UPDATE, record=user, reason="two-factor set up")
            return _complete_sign_in(request, user, device)
        _code_failed(request, user)
        form.add_error("code", _("The code is not right. Check the app and try again."))
    import segno

    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "secret": services.totp_secret_base32(device),
        "qr_svg": qr.svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", omitsize=False),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        access_log(user=request.user, action=Action.SIGN_OUT)
    auth_logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:sign-in")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:staff-home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.account_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


# One-time links: set up an account (new, or after a reset), confirm a new email address ------

LINK_SESSION = "harbour_account_link"


def _session_link(request: HttpRequest, purpose: str):
    link_id = request.session.get(LINK_SESSION)
    return links.link_get_usable(link_id, purpose=purpose) if link_id else None


def _link_invalid(request: HttpRequest) -> HttpResponse:
    """No usable link: the refusal is logged (never the token), so guessing links shows."""
    page_refusal_log(request, "one-time link not valid")
    return render(request, "accounts/link_invalid.html", status=404)


@never_cache
@require_safe
def link_open(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed address. The token is checked, kept in the session, and left out of the
    address bar (a redirect), so it is not in the browser's history or any later referrer.
    Nothing is used up here: mail scanners that fetch links cannot spend it."""
    link = links.link_find(token)
    if link is None:
        return _link_invalid(request)
    if request.user.is_authenticated:
        auth_logout(request)  # the link says who this is: whoever was signed in here is not
    request.session.cycle_key()
    request.session[LINK_SESSION] = link.public_id
    if link.purpose == AccountLink.Purpose.SET_UP:
        return redirect("accounts:set-password")
    return redirect("accounts:confirm-email")


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def link_set_password(request: HttpRequest) -> HttpResponse:
    link = _session_link(request, AccountLink.Purpose.SET_UP)
    if link is None:
        return _link_invalid(request)
    form = NewPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_password_set(
                link=link, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(LINK_SESSION, None)
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "at": timezone.now().timestamp(),
                "next": None,
            }
            # They proved who they are with the link: earlier failures here no longer count.
            AxesProxyHandler.reset_attempts(
                username=user.get_username(), ip_address=client_address(request)
            )
            messages.success(request, _("Your password is set. Now set up your authenticator app."))
            return redirect("accounts:two-factor-setup")
    return render(request, "accounts/set_password.html", {"form": form, "account": link.user})


@never_cache
@require_http_methods(["GET", "POST"])
def link_confirm_email(request: HttpRequest) -> HttpResponse:
    link = _session_link(request, AccountLink.Purpose.EMAIL)
    if link is None or link.change is None:
        return _link_invalid(request)
    if request.method == "POST":
        try:
            services.account_email_confirm(link=link)
        except ValidationError:
            return _link_invalid(request)
        request.session.pop(LINK_SESSION, None)
        messages.success(
            request,
            _("Your new email address is confirmed. Harbour's emails to you will go there."),
        )
        return redirect("accounts:sign-in")
    return render(
        request, "accounts/confirm_email.html", {"change": link.change, "account": link.user}
    )
