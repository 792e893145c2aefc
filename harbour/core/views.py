from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from harbour.core.areas import is_staff_path
from harbour.core.logs import current_request_id
from harbour.core.navigation import home_panels_for, role_intro_for
from harbour.core.queues import work_for


@require_safe
def browsing_safely(request: HttpRequest) -> HttpResponse:
    return render(request, "core/browsing_safely.html")


@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    # The staff area middleware has already required a verified sign-in.
    context = {
        "intro": role_intro_for(request.user),
        "panels": home_panels_for(request.user),
        "work": work_for(request.user),
    }
    return render(request, "core/staff_home.html", context)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # The static name is looked up at request time: in production it is the hashed name from
    # collectstatic's manifest, which does not exist when URLs are first imported.
    return redirect(static("harbour/favicon.svg"))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context: whatever failed (the database...) is not touched
    # again. The reference is the request id in the logs. The public site's page has the public
    # layout (Exit this page); should even that fail, a plain page.
    context = {
        "reference": current_request_id(),
        "staff_area": is_staff_path(request.path_info),
        "exit_url": settings.HARBOUR_EXIT_URL,
    }
    try:
        body = loader.get_template("500_layout.html").render(context)
    except Exception:  # the error page must be served whatever went wrong
        body = loader.get_template("500.html").render({"reference": context["reference"]})
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A staff form refused by Django's CSRF check, in the layout of the part of the site it is
    on (public forms are checked by harbour.core.public_forms instead, but any other public post
    lands here too)."""
    return render(request, "403_csrf.html", status=403)
