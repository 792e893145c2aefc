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
        current = request.path_info
        context["staff_nav"] = [
            {"label": item.label, "url": item.url, "current": current.startswith(item.url)}
            for item in nav_for(user)
        ]
    return context
