"""The records app's staff pages: thin views over ``services`` and ``queries``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import page_refuse, role_required
from harbour.accounts.roles import CASEWORK_ROLES
from harbour.audit.services import Action, access_log
from harbour.core.forms import apply_errors
from harbour.people.queries import person_for_records, person_get_for_user
from harbour.records import forms, queries, services
from harbour.records.models import CorrectionRequest, ErasureRequest, SubjectAccessRequest

casework = role_required(*CASEWORK_ROLES)


def _refused(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    page_refuse(request, str(error) or "not allowed")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (queries.may_see_reviews(user)):
        page_refuse(request, "role not allowed")
    return render(request, "records/home.html", queries.home_for_user(user))


# Erasure ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@casework
def erasure_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, part="erasure")
    form = forms.ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.erasure_request(
                person=person, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Request recorded: an administrator decides it."))
            return redirect("records:erasure", request_id=erasure.public_id)
    return render(request, "records/erasure_new.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def erasure_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    if not (queries.is_administrator(request.user) or request.user.role in CASEWORK_ROLES):
        page_refuse(request, "role not allowed")
    erasure = queries.erasure_request_get_for_user(user=request.user, request_id=request_id)
    refuse_form = forms.ErasureRefuseForm(
        request.POST if request.POST.get("decision") == "refuse" else None
    )
    may_decide = (
        queries.is_administrator(request.user)
        and erasure.requested_by_id != request.user.pk
        and erasure.state == ErasureRequest.State.WAITING
    )
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.erasure_approve(request=erasure, by=request.user)
                messages.success(request, _("Decision recorded."))
                return redirect("records:erasure", request_id=erasure.public_id)
            if refuse_form.is_valid():
                services.erasure_refuse(
                    request=erasure,
                    by=request.user,
                    ground=refuse_form.cleaned_data["ground"],
                    note=refuse_form.cleaned_data["note"],
                )
                messages.success(request, _("Refusal recorded."))
                return redirect("records:erasure", request_id=erasure.public_id)
        except PermissionDenied as error:
            _refused(request, error)
        except ValidationError as error:
            apply_errors(refuse_form, error)
    return render(
        request,
        "records/erasure.html",
        {"erasure": erasure, "refuse_form": refuse_form, "may_decide": may_decide},
    )


# Subject access --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@casework
def subject_access_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, part="subject_access")
    form = forms.SubjectAccessForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.subject_access_request(
                person=person, by=request.user, received_on=form.cleaned_data["received_on"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("records:subject-access", request_id=sar.public_id)
    return render(request, "records/subject_access_new.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
@casework
def subject_access_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    sar = queries.subject_access_get_for_user(user=request.user, request_id=request_id)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "review":
                services.subject_access_review(request=sar, by=request.user)
                messages.success(request, _("Review recorded: the copy may be released."))
            elif request.POST.get("decision") == "release":
                services.subject_access_release(request=sar, by=request.user)
                messages.success(request, _("Release recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("records:subject-access", request_id=sar.public_id)
    return render(
        request,
        "records/subject_access.html",
        {"sar": sar, "State": SubjectAccessRequest.State, "today": timezone.localdate()},
    )


# Reviews ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, review_id: str) -> HttpResponse:
    review = queries.review_get_for_user(user=request.user, review_id=review_id)
    is_chair = review.chair_id == request.user.pk
    hold_form = forms.HoldForm(request.POST if request.POST.get("add") == "hold" else None)
    recommendation_form = forms.RecommendationForm(
        request.POST if request.POST.get("add") == "recommendation" else None
    )
    if request.method == "POST":
        if not is_chair:
            page_refuse(request, "not the chair")
        try:
            if request.POST.get("add") == "hold" and hold_form.is_valid():
                person = person_for_records(public_id=hold_form.cleaned_data["person"].strip())
                services.hold_place(review=review, person=person, by=request.user)
                messages.success(request, _("Hold placed."))
                return redirect("records:review", review_id=review.public_id)
            if request.POST.get("add") == "recommendation" and recommendation_form.is_valid():
                services.recommendation_add(
                    review=review, by=request.user, **recommendation_form.cleaned_data
                )
                messages.success(request, _("Recommendation added."))
                return redirect("records:review", review_id=review.public_id)
        except ValidationError as error:
            target = hold_form if request.POST.get("add") == "hold" else recommendation_form
            apply_errors(target, error)
    access_log(user=request.user, action=Action.VIEW, record=review)
    return render(
        request,
        "records/review.html",
        {
            "review": review,
            "is_chair": is_chair,
            "holds": review.holds.all()
            if is_chair or queries.is_administrator(request.user)
            else None,
            "recommendations": review.recommendations.select_related("agency"),
            "exports": review.exports.select_related("agency")[:20],
            "may_export": request.user.role in CASEWORK_ROLES,
            "hold_form": hold_form,
            "recommendation_form": recommendation_form,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def hold_lift(request: HttpRequest, hold_id: str) -> HttpResponse:
    hold = queries.hold_get_for_chair(user=request.user, hold_id=hold_id)
    form = forms.HoldLiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_lift(hold=hold, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Hold lifted."))
            return redirect("records:review", review_id=hold.review.public_id)
    return render(request, "records/hold_lift.html", {"hold": hold, "form": form})


@require_http_methods(["GET", "POST"])
def recommendation_detail(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation = queries.recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id
    )
    form = forms.RecommendationCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_complete(
                recommendation=recommendation, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recommendation completed."))
            return redirect("records:review", review_id=recommendation.review.public_id)
    return render(
        request,
        "records/recommendation.html",
        {"recommendation": recommendation, "form": form},
    )


@require_safe
@casework
def chronology(request: HttpRequest, review_id: str) -> HttpResponse:
    review = queries.review_get_for_user(user=request.user, review_id=review_id)
    export, text = services.chronology_export(review=review, by=request.user)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chronology-{export.public_id}.csv"'
    return response


# Corrections -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@casework
def correction_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id, part="correction")
    form = forms.CorrectionRequestForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Her request and its outcome are recorded."))
            return redirect("records:correction-new", person_id=person.public_id)
    return render(
        request,
        "records/correction_new.html",
        {
            "person": person,
            "form": form,
            "requests": CorrectionRequest.objects.filter(person=person),
        },
    )
