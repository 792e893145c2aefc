from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from harbour.core.logs import current_request_id
from harbour.core.navigation import home_panels_for
from harbour.core.queues import work_for


@require_safe
def browsing_safely(request: HttpRequest) -> HttpResponse:
    return render(request, "core/browsing_safely.html")


@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    # The staff area middleware has already required a verified sign-in.
    context = {"panels": home_panels_for(request.user), "work": work_for(request.user)}
    return render(request, "core/staff_home.html", context)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # The static name is looked up at request time: in production it is the hashed name from
    # collectstatic's manifest, which does not exist when URLs are first imported.
    return redirect(static("harbour/favicon.svg"))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context: whatever failed (the database...) is not touched
    # again. The reference is the request id in the logs.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"reference": current_request_id()}))
