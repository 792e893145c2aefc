from django.conf import settings
from django.http import HttpRequest

from harbour.core.areas import is_staff_path
from harbour.core.navigation import nav_for


def harbour(request: HttpRequest) -> dict:
    staff_area = is_staff_path(request.path_info)
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated and getattr(user, "is_verified", bool)())
    context = {
        "exit_url": settings.HARBOUR_EXIT_URL,
        "staff_area": staff_area,
        "signed_in": signed_in,
    }
    if staff_area and signed_in:
        items = nav_for(user)
        # The longest link the address starts with is the current one (so "MARAC figures" at
        # /staff/marac/figures/ is current, not "MARAC" at /staff/marac/ as well).
        matching = [item.url for item in items if request.path_info.startswith(item.url)]
        current = max(matching, key=len, default=None)
        context["staff_nav"] = [
            {"label": item.label, "url": item.url, "current": item.url == current} for item in items
        ]
    return context
