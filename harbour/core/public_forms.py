"""Forms on the public site, protected without cookies.

Django's CSRF protection needs a cookie, and the public site sets none (a survivor's browser must
keep no trace of a visit). Public forms are protected in two ways instead:

1. **Where the post comes from.** Browsers say whether a request comes from the same site:
   ``Sec-Fetch-Site: same-origin``. Public pages send ``Referrer-Policy: no-referrer``, so
   browsers send ``Origin: null`` with their forms; a post is therefore accepted when
   ``Sec-Fetch-Site`` is ``same-origin``, or, from a browser that does not send that header, when
   ``Origin`` is this site (or one of ``CSRF_TRUSTED_ORIGINS``). Anything else that says where
   it comes from (``cross-site``, ``same-site``, another origin, ``null`` without
   ``Sec-Fetch-Site``) is refused before the view runs, and nothing changes.
2. **A signed, time-limited token** in a hidden field (``django.core.signing``), bound to the
   form it was issued for. An expired or altered token is refused with a clear message; the form
   is shown again with what the person typed and a fresh token, so she loses nothing.
3. **Accepted once.** A form that records something (a report, a message, an answer) takes each
   token once: when it is valid, the token is marked used in the shared cache until it would
   have expired anyway, and the same signed form posted again (a replay, or a double click) is
   refused with a clear message and changes nothing. Forms that change nothing, such as a
   search, set ``public_form_once = False``.

Use both, together::

    class ReportForm(PublicFormMixin, forms.Form):
        public_form_id = "directory.report"
        ...

    @public_form_view           # csrf_exempt, and the origin check on POST
    def report(request): ...

and in the template, inside the ``<form method="post">``::

    {% include "includes/public_form_token.html" %}

Never use ``csrf_exempt`` on its own: a view is exempt only because this check replaces it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

EXPIRED_MESSAGE = _(
    "This form was open for too long, so it could not be sent. Check your answers and send "
    "it again."
)
INVALID_MESSAGE = _(
    "This form could not be checked, so it was not sent. Check your answers and send it again."
)
REPLAYED_MESSAGE = _(
    "This form has already been sent, so it was not sent again. If you meant to send something "
    "new, check your answers and send it again."
)


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def _signer(form_id: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"harbour.core.public_forms:{form_id}")


def token_issue(form_id: str) -> str:
    """A fresh token for one showing of the form ``form_id``."""
    return _signer(form_id).sign(secrets.token_urlsafe(12))


def token_check(token: str, form_id: str, *, max_age: int | None = None) -> None:
    """Raise :class:`TokenExpired` or :class:`TokenInvalid` unless ``token`` is good."""
    if max_age is None:
        max_age = settings.HARBOUR_PUBLIC_FORM_MAX_AGE
    try:
        _signer(form_id).unsign(token or "", max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except signing.BadSignature as error:
        raise TokenInvalid from error


def token_use(token: str, form_id: str) -> bool:
    """Mark a good token used; ``False`` if it had been used already (a replayed form).

    The mark lives in the shared cache (Redis in production, so every process sees it) until the
    token would have expired, and holds a digest of the token, never the form's contents.
    """
    digest = hashlib.sha256(f"{form_id}\x00{token}".encode()).hexdigest()
    timeout = settings.HARBOUR_PUBLIC_FORM_MAX_AGE + 60
    return cache.add(f"harbour:public-form-used:{digest}", 1, timeout=timeout)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_refusal(request: HttpRequest) -> str | None:
    """Why a post must be refused as coming from elsewhere, or ``None`` if it may go on."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site:
        if fetch_site == "same-origin":
            return None
        return f"Sec-Fetch-Site: {fetch_site}"
    origin = request.headers.get("Origin")
    if origin is None:
        # Not a browser form (browsers send Origin with every post): no cross-site risk.
        return None
    allowed = {_origin_of(request.build_absolute_uri("/"))}
    allowed.update(_origin_of(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS)
    if origin.lower() in allowed:
        return None
    return "Origin: null" if origin == "null" else "Origin: another site"


def public_form_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Replace the cookie-based CSRF check on a public view by the origin check above."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS and origin_refusal(request) is not None:
            return render(request, "public/form_refused.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


class PublicFormMixin:
    """Adds the signed token to a form; set ``public_form_id`` on the form class.

    A valid form takes its token once (``public_form_once``): posted again, it is refused.
    """

    public_form_id: str = ""
    public_form_once: bool = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.public_form_id:
            raise TypeError(f"{type(self).__name__} needs a public_form_id")
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=token_issue(self.public_form_id)
        )

    def clean(self):
        cleaned = super().clean()
        try:
            token_check(self.data.get(TOKEN_FIELD, ""), self.public_form_id)
        except TokenExpired:
            self.add_error(None, EXPIRED_MESSAGE)
        except TokenInvalid:
            self.add_error(None, INVALID_MESSAGE)
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        once = self.public_form_once and not self._errors
        if once and not token_use(self.data.get(TOKEN_FIELD, ""), self.public_form_id):
            self.add_error(None, REPLAYED_MESSAGE)
            self.cleaned_data = {}
        if self._errors:
            self._fresh_token()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if self.is_bound and hasattr(self, "cleaned_data"):
            # An error found after cleaning (by the view): the used token is replaced, so the
            # corrected form can be sent.
            self._fresh_token()

    def _fresh_token(self) -> None:
        # Shown again: with what was typed, and a token that will be accepted.
        self.data = self.data.copy()
        self.data[TOKEN_FIELD] = token_issue(self.public_form_id)
