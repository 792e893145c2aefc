"""The staff area (everything under /staff/) needs a two-factor sign-in, and sessions end."""

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.core.areas import is_staff_path

SIGNED_IN_AT = "harbour_signed_in_at"

# Pages of the staff area reachable before sign-in is complete (the one-time links' pages are
# opened by the link, not by a session).
OPEN_STAFF_PATHS = ("/staff/sign-in/", "/staff/sign-out/", "/staff/account/")


class StaffAreaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if is_staff_path(path) and not path.startswith(OPEN_STAFF_PATHS):
            refusal = self._refuse(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not user.is_verified():
            if user.is_authenticated:
                logout(request)
            return self._to_sign_in(request)
        if not user.is_active or not user.agency.is_active:
            logout(request)
            return self._to_sign_in(request)
        signed_in_at = request.session.get(SIGNED_IN_AT)
        max_age = timedelta(hours=settings.HARBOUR_SESSION_MAX_HOURS)
        if (
            signed_in_at is None
            or timezone.now().timestamp() - signed_in_at > max_age.total_seconds()
        ):
            logout(request)
            messages.info(
                request,
                _("You have been signed out after %(hours)s hours. Sign in again to continue.")
                % {"hours": settings.HARBOUR_SESSION_MAX_HOURS},
            )
            return self._to_sign_in(request)
        return None

    @staticmethod
    def _to_sign_in(request: HttpRequest) -> HttpResponse:
        target = reverse(settings.LOGIN_URL)
        if request.method == "GET":
            target += f"?next={quote(request.get_full_path())}"
        return HttpResponseRedirect(target)
