"""Headers that keep pages out of caches and histories, and cookies off the public site; and
"Error:" at the start of the title of every page with an error summary."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from harbour.core.areas import is_public_request

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PrivacyHeadersMiddleware:
    """Applies to every page (static files are served before this runs).

    - ``Cache-Control: no-store`` so neither the browser nor a proxy keeps a copy of any page;
    - on the public site, ``Referrer-Policy: no-referrer``, so no other site learns a visitor
      came from here (staff pages use ``same-origin``);
    - a Permissions-Policy that switches off device features Harbour never uses;
    - on the public site, no cookies at all: survivors' browsers must keep no trace of a visit,
      so any cookie a component tries to set is dropped here as a last line of defence (tests
      assert that none is ever set in the first place).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_public_request(request):
            response.cookies.clear()
            response["Referrer-Policy"] = "no-referrer"
            response.setdefault("X-Robots-Tag", "noarchive")
        else:
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


_TITLE = re.compile(r"(<title>)(\s*)", re.IGNORECASE)
ERROR_SUMMARY_MARK = 'class="govuk-error-summary"'


class ErrorTitleMiddleware:
    """Every page that shows an error summary has a title starting "Error:" (GOV.UK's pattern:
    a screen reader announces the title first).

    Templates may add the prefix themselves (``{% if form.errors %}``); for every page they do
    not – formsets, errors from a service, a form under another name – it is added here, once,
    so the rule holds on every page, public or staff, whatever the view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        if ERROR_SUMMARY_MARK not in body:
            return response
        prefix = str(_("Error:"))
        match = _TITLE.search(body)
        if match is None or body[match.end() :].startswith(prefix):
            return response
        body = f"{body[: match.end()]}{prefix} {body[match.end() :]}"
        response.content = body.encode(response.charset or "utf-8")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
