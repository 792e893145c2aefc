from collections.abc import Callable
from functools import wraps
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from harbour.audit.services import Action, access_log


def page_refusal_log(request: HttpRequest, reason: str) -> None:
    """Log that this page was refused to the user (the page's URL name, and why)."""
    access_log(
        user=request.user,
        action=Action.DENIED,
        record_type="page",
        record_id=request.resolver_match.view_name if request.resolver_match else "",
        reason=reason,
    )


def page_refuse(request: HttpRequest, reason: str) -> NoReturn:
    """Refuse this page to the user (a 403), logged."""
    page_refusal_log(request, reason)
    raise PermissionDenied


def role_required(*roles: str) -> Callable:
    """Allow a view only to signed-in users holding one of ``roles``; refusals are logged.

    The staff area middleware has already required a verified (two-factor) sign-in.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.has_role(*roles):
                page_refuse(request, "role not allowed")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
