"""The public answer page: anonymous, cookie-less, nothing kept about the sender.

Cookie-less like every public form (``harbour.core.public_forms``: an origin check, a signed
and time-limited token), ``no-store``, quick exit, neutral titles. Limits by the short-lived
address key (``harbour.consultations.flood``). The confirmation page says nothing about what
was sent.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from harbour.consultations import flood, queries, services
from harbour.consultations.forms import PublicAnswersForm
from harbour.consultations.models import Route
from harbour.core.forms import apply_errors
from harbour.core.public_forms import public_form_view


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    open_now = [c for c in queries.consultations_open() if queries.public_audiences(c)]
    return render(request, "consultations/public/list.html", {"consultations": open_now})


def _not_open(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/public/not_open.html", status=404)


@public_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: HttpRequest, consultation_id: str) -> HttpResponse:
    try:
        consultation = queries.consultation_open_get(consultation_id=consultation_id)
    except queries.NotFound:
        return _not_open(request)
    audiences = queries.public_audiences(consultation)
    if not audiences:
        return _not_open(request)
    context = {"consultation": consultation}
    if request.method != "POST":
        form = PublicAnswersForm(consultation=consultation, audiences=audiences)
        return render(request, "consultations/public/respond.html", {**context, "form": form})
    if flood.flood_refusal(request) is not None:
        return render(request, "consultations/public/busy.html", status=429)
    form = PublicAnswersForm(request.POST, consultation=consultation, audiences=audiences)
    if form.is_valid():
        try:
            services.response_submit(
                consultation=consultation,
                audience=form.cleaned_data.get("audience") or audiences[0],
                route=Route.PUBLIC,
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flood.flood_count(request)
            return redirect("consultations-public:sent")
    return render(
        request, "consultations/public/respond.html", {**context, "form": form}, status=400
    )


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/public/sent.html")
