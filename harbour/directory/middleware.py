"""Every answer of the Open Referral UK API is open to every origin.

The API is public and read-only, and other directories' pages call it from the browser. Browsers
hide an answer without ``Access-Control-Allow-Origin`` from the calling page, so errors (a 400
naming a bad parameter, a 404, a 429, even a 500) must carry it as much as data does, or a
client sees a network failure instead of the reason. A middleware, rather than the API's views,
adds it, so answers that no API view wrote (an address no route matches, a redirect to the
trailing slash, an error page) have it too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PATH = "/api/openreferral"


def is_api_request(request: HttpRequest) -> bool:
    path = request.path_info
    return path == API_PATH or path.startswith(API_PATH + "/")


class OpenReferralCorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_request(request):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response
