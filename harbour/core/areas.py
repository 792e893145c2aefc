"""Which part of the site a request is for: the public site or the staff area."""

from django.conf import settings
from django.http import HttpRequest

STAFF_PREFIX = "/staff/"


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PREFIX)


def is_static_path(path: str) -> bool:
    return path.startswith(settings.STATIC_URL)


def is_public_request(request: HttpRequest) -> bool:
    return not is_staff_path(request.path_info) and not is_static_path(request.path_info)
