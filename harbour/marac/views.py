"""Staff pages of MARAC. Thin: parse, call a getter or a service, render. Every page showing a
referral, meeting, hearing or action reads it through its getter in ``queries``; a refusal looks
like a record that does not exist."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import CASEWORK_ROLES, Role
from harbour.audit.services import Action, ReasonKind, access_log, reason_store
from harbour.core.forms import apply_errors
from harbour.marac import benchmarks, forms, queries, services
from harbour.marac.choices import ReferralStatus
from harbour.marac.figures import figures_csv, marac_figures
from harbour.marac.models import MaracReferral
from harbour.people import queries as people_queries

caseworker = role_required(*CASEWORK_ROLES)
coordinator = role_required(Role.MARAC_COORDINATOR)
figures_reader = role_required(Role.MARAC_COORDINATOR, Role.ANALYST)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "marac/not_found.html", status=404)


def _form_page(request, form, *, title, button, back, caption="", intro="", status=200):
    return render(
        request,
        "marac/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back": back,
            "caption": caption,
            "intro": intro,
        },
        status=400 if form.errors else status,
    )


def _read(getter, id_name: str):
    """Read the record named in the URL through its getter; a refusal is a 404 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            try:
                record = getter(user=request.user, **{id_name: kwargs.pop(id_name)})
            except queries.MaracNotFound:
                return _not_found(request)
            return view(request, record, *args, **kwargs)

        return wrapped

    return decorator


with_referral = _read(queries.referral_get_for_user, "referral_id")
with_meeting = _read(queries.meeting_get_for_user, "meeting_id")
with_hearing = _read(queries.hearing_get_for_user, "hearing_id")
with_action = _read(queries.action_get_for_user, "action_id")


# Home -----------------------------------------------------------------------------------------


@require_safe
@caseworker
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    maracs = list(queries.coordinated_maracs(user))
    waiting = {
        marac: queries.waiting_referrals_for_user(user=user, marac=marac) for marac in maracs
    }
    actions = [] if maracs else list(queries.open_actions_for_agency(agency_id=user.agency_id))
    return render(
        request,
        "marac/home.html",
        {
            "maracs": maracs,
            "waiting": waiting,
            "upcoming": queries.meetings_for_user(user=user, upcoming=True),
            "past": queries.meetings_for_user(user=user, upcoming=False, limit=10),
            "actions": actions,
            "today": timezone.localdate(),
        },
    )


# Referrals ------------------------------------------------------------------------------------


@require_safe
@caseworker
@with_referral
def referral_detail(request: HttpRequest, view: queries.ReferralView) -> HttpResponse:
    referral = view.referral
    return render(
        request,
        "marac/referral.html",
        {
            "view": view,
            "referral": referral,
            "criteria": queries.criteria_labels(referral.criteria),
            "can_withdraw": view.is_coordinator and referral.is_waiting,
            "can_close": view.is_coordinator and referral.status == ReferralStatus.HEARD,
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator
def referral_create(request: HttpRequest, person_id: str) -> HttpResponse:
    try:
        person = people_queries.person_get_for_user(
            user=request.user, person_id=person_id, reason="MARAC referral", part="marac"
        )
    except people_queries.PersonNotFound:
        return render(request, "people/not_found.html", {"person_id": person_id}, status=404)
    maracs = queries.coordinated_maracs(request.user)
    form = forms.ReferralForm(request.POST or None, maracs=maracs)
    if person.local_authority_id and not form.is_bound:
        form.initial["marac"] = maracs.filter(local_authority_id=person.local_authority_id).first()
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create_manual(
                person=person,
                by=request.user,
                marac=form.cleaned_data["marac"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referral %(ref)s made.") % {"ref": referral.reference})
            return redirect("marac:referral", referral_id=referral.public_id)
    return _form_page(
        request,
        form,
        title=_("Refer her to MARAC"),
        button=_("Make the referral"),
        back=reverse("people:detail", args=[person.public_id]),
        caption=person.display_name,
        intro=_(
            "Use this when your professional judgement is that she is at high risk although "
            "no checklist says so. Referrals from checklists and repeats are made by Harbour."
        ),
    )


def _coordinator_view(view: queries.ReferralView) -> bool:
    return view.is_coordinator


@require_http_methods(["GET", "POST"])
@coordinator
@with_referral
def referral_withdraw(request: HttpRequest, view: queries.ReferralView) -> HttpResponse:
    if not _coordinator_view(view):
        return _not_found(request)
    form = forms.ReasonForm(
        request.POST or None,
        label=_("Why is the referral withdrawn?"),
        required_message=_("Say why the referral is withdrawn"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_withdraw(
                referral=view.referral, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The referral has been withdrawn."))
            return redirect("marac:referral", referral_id=view.referral.public_id)
    return _form_page(
        request,
        form,
        title=_("Withdraw the referral"),
        button=_("Withdraw"),
        back=reverse("marac:referral", args=[view.referral.public_id]),
        caption=_("Referral %(ref)s") % {"ref": view.referral.reference},
    )


@require_http_methods(["GET", "POST"])
@coordinator
@with_referral
def referral_close(request: HttpRequest, view: queries.ReferralView) -> HttpResponse:
    if not _coordinator_view(view):
        return _not_found(request)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_close(
                referral=view.referral,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case has been closed."))
            return redirect("marac:referral", referral_id=view.referral.public_id)
    return _form_page(
        request,
        form,
        title=_("Close the case"),
        button=_("Close the case"),
        back=reverse("marac:referral", args=[view.referral.public_id]),
        caption=_("Referral %(ref)s") % {"ref": view.referral.reference},
        intro=_(
            "The agencies that heard the case stop having access to her record through it, and "
            "so does your agency. The MARAC's record of the case stays."
        ),
    )


# Meetings -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator
def meeting_create(request: HttpRequest) -> HttpResponse:
    maracs = queries.coordinated_maracs(request.user)
    if not maracs.exists():
        return _not_found(request)
    form = forms.MeetingForm(request.POST or None, maracs=maracs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                marac=data["marac"],
                by=request.user,
                starts_at=data["starts_at"],
                venue=data["venue"],
                capacity=data["capacity"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect("marac:meeting", meeting_id=meeting.public_id)
    return _form_page(
        request,
        form,
        title=_("Schedule a meeting"),
        button=_("Schedule the meeting"),
        back=reverse("marac:home"),
    )


@require_safe
@caseworker
@with_meeting
def meeting_detail(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    meeting = view.meeting
    waiting = []
    if view.is_coordinator and not meeting.has_started and not meeting.is_cancelled:
        waiting = queries.waiting_referrals_for_user(user=request.user, marac=meeting.marac)
    return render(
        request,
        "marac/meeting.html",
        {
            "view": view,
            "meeting": meeting,
            "waiting_rows": waiting,
            "can_change_agenda": view.is_coordinator
            and not meeting.has_started
            and not meeting.is_cancelled,
            "over_capacity": len(view.rows) > meeting.capacity,
            "national_per_meeting": benchmarks.NATIONAL_CASES_PER_MEETING,
        },
    )


def _coordinator_post(service, success: str):
    """A coordinator's button on the meeting page: call ``service(meeting=, by=)``."""

    @require_POST
    @coordinator
    @with_meeting
    def view(request: HttpRequest, meeting_view: queries.MeetingView) -> HttpResponse:
        if not meeting_view.is_coordinator:
            return _not_found(request)
        try:
            result = service(meeting=meeting_view.meeting, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = str(success)
            if "%(n)s" in text:
                text %= {"n": len(result) if isinstance(result, list) else result}
            messages.success(request, text)
        return redirect("marac:meeting", meeting_id=meeting_view.meeting.public_id)

    return view


meeting_agenda = _coordinator_post(
    services.agenda_build, gettext_lazy("Cases added to the agenda: %(n)s.")
)
meeting_invite = _coordinator_post(
    services.invitations_send, gettext_lazy("Invitations sent: %(n)s.")
)


@require_http_methods(["GET", "POST"])
@coordinator
@with_meeting
def meeting_cancel(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    """Cancel the meeting, confirmed on its own page: how many cases go back to waiting, and
    why it is cancelled (required, recorded)."""
    meeting = view.meeting
    back = reverse("marac:meeting", args=[meeting.public_id])
    if not view.is_coordinator:
        return _not_found(request)
    if meeting.is_cancelled or meeting.has_started:
        messages.error(request, _("This meeting can no longer be cancelled."))
        return redirect(back)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting has been cancelled."))
            return redirect(back)
    return render(
        request,
        "marac/cancel.html",
        {
            "form": form,
            "meeting": meeting,
            "back": back,
            "cases": queries.meeting_cases_back_to_waiting(view),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@coordinator
@with_meeting
def meeting_order(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    """Move a case up or down the agenda (its id and the direction in the body)."""
    if not view.is_coordinator:
        return _not_found(request)
    row = next(
        (r for r in view.rows if r.hearing.public_id == request.POST.get("hearing", "")), None
    )
    if row is None:
        return _not_found(request)
    try:
        services.hearing_move(
            hearing=row.hearing, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Case %(ref)s moved.") % {"ref": row.hearing.reference})
    return redirect(reverse("marac:meeting", args=[view.meeting.public_id]) + "#agenda")


@require_http_methods(["GET", "POST"])
@caseworker
@with_meeting
def meeting_print(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    """Print (or save) the agenda or the minutes, with why: an agency's copy holds only the
    cases it is invited to hear; the print is recorded as an export with its reason."""
    meeting = view.meeting
    kinds = ("agenda", "minutes") if meeting.has_started else ("agenda",)
    agencies = queries.agencies_for_print(view) if view.is_coordinator else None
    form = forms.PrintForm(request.POST or None, agencies=agencies, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        printed = queries.meeting_print_for_user(
            user=request.user,
            meeting_id=meeting.public_id,
            kind=form.cleaned_data["kind"],
            agency=form.chosen_agency() if view.is_coordinator else None,
            reason=form.cleaned_data["reason"],
        )
        return render(request, "marac/print.html", {"printed": printed, "meeting": meeting})
    return _form_page(
        request,
        form,
        title=_("Print the agenda or minutes"),
        button=_("Show the page to print"),
        back=reverse("marac:meeting", args=[meeting.public_id]),
        caption=_("%(marac)s meeting") % {"marac": meeting.marac.name},
        intro=_(
            "Printed agendas hold the names of people at high risk of serious harm: print only "
            "what the meeting needs, keep the copies safe and destroy them after the meeting."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator
@with_meeting
def meeting_attendance(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    """Who attended the meeting for which agency."""
    from harbour.accounts.models import Agency

    meeting = view.meeting
    back = reverse("marac:meeting", args=[meeting.public_id])
    if not view.is_coordinator:
        return _not_found(request)
    agencies = Agency.objects.filter(
        pk__in=services.agencies_hearing(meeting=meeting) | {meeting.marac.agency_id}
    ).order_by("name")
    adding = request.method == "POST" and request.POST.get("do") != "remove"
    form = forms.AttendanceForm(request.POST if adding else None, agencies=agencies)
    if request.method == "POST" and request.POST.get("do") == "remove":
        attendance = meeting.attendance.filter(public_id=request.POST.get("line", "")).first()
        if attendance is None:
            return _not_found(request)
        services.attendance_remove(attendance=attendance, by=request.user)
        messages.success(request, _("The line has been taken off the attendance."))
        return redirect("marac:attendance", meeting_id=meeting.public_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_record(
                meeting=meeting,
                by=request.user,
                agency=data["agency"],
                name=data["name"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("marac:attendance", meeting_id=meeting.public_id)
    return render(
        request,
        "marac/attendance.html",
        {
            "form": form,
            "meeting": meeting,
            "back": back,
            "attendance": queries.meeting_attendance(meeting),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@coordinator
@with_meeting
def meeting_add(request: HttpRequest, view: queries.MeetingView) -> HttpResponse:
    """List one waiting referral (its id in the body), beyond the capacity if need be."""
    if not view.is_coordinator:
        return _not_found(request)
    referral = MaracReferral.objects.filter(
        public_id=request.POST.get("referral", ""), marac=view.meeting.marac
    ).first()
    if referral is None:
        return _not_found(request)
    try:
        services.hearing_add(meeting=view.meeting, referral=referral, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Case %(ref)s added.") % {"ref": referral.reference})
    return redirect("marac:meeting", meeting_id=view.meeting.public_id)


# Hearings -------------------------------------------------------------------------------------


@require_safe
@caseworker
@with_hearing
def hearing_detail(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    hearing = view.hearing
    open_case = hearing.is_on_agenda and view.referral.status in (
        ReferralStatus.LISTED,
        ReferralStatus.HEARD,
    )
    own = [i for i in view.information if i.agency_id == request.user.agency_id]
    return render(
        request,
        "marac/hearing.html",
        {
            "view": view,
            "hearing": hearing,
            "referral": view.referral,
            "meeting": view.meeting,
            "person": view.person,
            "criteria": queries.criteria_labels(view.referral.criteria),
            "open_case": open_case,
            "recorded_own": bool(own),
            "can_record_outcome": view.is_coordinator
            and open_case
            and not hearing.outcome
            and view.meeting.has_started,
            "can_remove": view.is_coordinator
            and hearing.is_on_agenda
            and not view.meeting.has_started,
            "today": timezone.localdate(),
            "completable": {
                a.pk for a in view.actions if a.is_open and services.may_complete(request.user, a)
            },
        },
    )


def _open_case_or_message(request, view: queries.HearingView) -> bool:
    try:
        services.require_hearing_open(view.hearing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


@require_http_methods(["GET", "POST"])
@caseworker
@with_hearing
def hearing_information(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    back = reverse("marac:hearing", args=[view.hearing.public_id])
    if not _open_case_or_message(request, view):
        return redirect(back)
    form = forms.InformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.information_record(
                hearing=view.hearing,
                by=request.user,
                text=form.cleaned_data["text"],
                categories=form.cleaned_data["categories"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("What your agency knows has been recorded and shared."))
            return redirect(back)
    marac = view.meeting.marac
    return _form_page(
        request,
        form,
        title=_("Record what your agency knows"),
        button=_("Record and share"),
        back=back,
        caption=_("Case %(ref)s") % {"ref": view.hearing.reference},
        intro=_(
            "It is shared with the agencies hearing the case under the %(protocol)s, and the "
            "share is recorded on her record."
        )
        % {"protocol": marac.protocol},
    )


def _action_form(view: queries.HearingView, data, *, prefix=None):
    """An action for any agency that works with people's records: one not yet hearing the
    case is invited first, on a page of its own that shows the basis (``_action_record``)."""
    from harbour.accounts.models import Agency

    agencies = Agency.objects.filter(
        Q(kind__in=services.CASEWORK_AGENCY_KINDS, is_active=True)
        | Q(pk=view.meeting.marac.agency_id)
    ).order_by("name")
    return forms.ActionForm(data, agencies=agencies, prefix=prefix)


def _action_record(request, view: queries.HearingView, form, *, page: str):
    """Record the action from a valid form. For an agency not yet hearing the case, the first
    post shows the invitation step (the basis on which her record is shared with it, until the
    case closes); its confirmation invites the agency and records the action together.
    "Choose another agency" on that step posts the action back (``confirm=change``): the form
    is shown again as she typed it. Returns a response to send, or None when the form is to be
    shown again (with its errors, or to choose another agency)."""
    if request.POST.get("confirm") == "change":
        return None
    data = form.cleaned_data
    agency = data["agency"]
    marac = view.meeting.marac
    invited = {i.agency_id for i in view.current_invitations} | {marac.agency_id}
    needs_invitation = agency.pk not in invited
    if needs_invitation and request.POST.get("confirm") != "invite":
        try:
            basis = services.sharing_basis_for(
                marac=marac, regime=services.regime_for(request.user.agency)
            )
        except ValidationError as error:
            form.add_error("agency", error.messages[0])
            return None
        return render(
            request,
            "marac/invite_for_action.html",
            {
                "form": form,
                "view": view,
                "hearing": view.hearing,
                "agency": agency,
                "basis": basis,
                "marac": marac,
                "action": data,
                "back": page,
            },
        )
    record = services.action_record_with_invitation if needs_invitation else services.action_record
    try:
        record(
            hearing=view.hearing,
            by=request.user,
            agency=agency,
            description=data["description"],
            due_on=data["due_on"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None
    if needs_invitation:
        messages.success(
            request,
            _("%(agency)s has been invited to hear the case, and the action recorded.")
            % {"agency": agency.name},
        )
    else:
        messages.success(request, _("The action has been recorded."))
    return redirect(page)


@require_http_methods(["GET", "POST"])
@coordinator
@with_hearing
def hearing_action_new(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    back = reverse("marac:hearing", args=[view.hearing.public_id])
    if not view.is_coordinator:
        return _not_found(request)
    if not _open_case_or_message(request, view):
        return redirect(back)
    form = _action_form(view, request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _action_record(request, view, form, page=back)
        if response is not None:
            return response
    return _form_page(
        request,
        form,
        title=_("Record an action"),
        button=_("Record the action"),
        back=back,
        caption=_("Case %(ref)s") % {"ref": view.hearing.reference},
        intro=_(
            "An agency not yet hearing the case is invited first: you will see the basis on "
            "which her record is shared with it."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator
@with_hearing
def hearing_run(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    """The meeting, case by case: the case, what the agencies know, its actions and outcome,
    with forms to record actions and the outcome without leaving it, and the next case."""
    if not view.is_coordinator:
        return _not_found(request)
    hearing = view.hearing
    page = reverse("marac:run", args=[hearing.public_id])
    open_case = hearing.is_on_agenda and view.referral.status in (
        ReferralStatus.LISTED,
        ReferralStatus.HEARD,
    )
    can_record_outcome = open_case and not hearing.outcome and view.meeting.has_started
    which = request.POST.get("form") if request.method == "POST" else None
    action_form = _action_form(view, request.POST if which == "action" else None, prefix="action")
    outcome_form = forms.OutcomeForm(request.POST if which == "outcome" else None, prefix="outcome")
    if which == "action" and open_case and action_form.is_valid():
        response = _action_record(request, view, action_form, page=page)
        if response is not None:
            return response
    elif which == "outcome" and can_record_outcome and outcome_form.is_valid():
        try:
            services.hearing_outcome_record(
                hearing=hearing,
                by=request.user,
                outcome=outcome_form.cleaned_data["outcome"],
                summary=outcome_form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_errors(outcome_form, error)
        else:
            messages.success(request, _("The outcome has been recorded."))
            return redirect(page)
    elif which and not open_case:
        messages.error(request, _("This case is no longer on the agenda."))
        return redirect(page)
    agenda = queries.agenda_for_run(user=request.user, hearing=hearing)
    index = next((n for n, h in enumerate(agenda) if h.pk == hearing.pk), 0)
    errors = action_form.errors or outcome_form.errors
    return render(
        request,
        "marac/run.html",
        {
            "view": view,
            "hearing": hearing,
            "referral": view.referral,
            "meeting": view.meeting,
            "person": view.person,
            "action_form": action_form,
            "outcome_form": outcome_form,
            "error_form": action_form if action_form.errors else outcome_form,
            "has_errors": bool(errors),
            "open_case": open_case,
            "can_record_outcome": can_record_outcome,
            "number": index + 1,
            "total": len(agenda),
            "previous": agenda[index - 1] if index > 0 else None,
            "next": agenda[index + 1] if index + 1 < len(agenda) else None,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@coordinator
@with_hearing
def hearing_invite(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    back = reverse("marac:hearing", args=[view.hearing.public_id])
    if not view.is_coordinator:
        return _not_found(request)
    if not _open_case_or_message(request, view):
        return redirect(back)
    from harbour.accounts.models import Agency

    invited = [i.agency_id for i in view.current_invitations] + [view.meeting.marac.agency_id]
    agencies = (
        Agency.objects.filter(kind__in=services.CASEWORK_AGENCY_KINDS, is_active=True)
        .exclude(pk__in=invited)
        .order_by("name")
    )
    form = forms.InviteForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_add(
                hearing=view.hearing, agency=form.cleaned_data["agency"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The agency has been invited."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Invite another agency"),
        button=_("Invite"),
        back=back,
        caption=_("Case %(ref)s") % {"ref": view.hearing.reference},
        intro=_(
            "Her record is shared with the agency under the MARAC's information-sharing "
            "protocol until the case closes; the share is recorded on her record."
        ),
    )


@require_http_methods(["GET", "POST"])
@coordinator
@with_hearing
def hearing_outcome(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    back = reverse("marac:hearing", args=[view.hearing.public_id])
    if not view.is_coordinator:
        return _not_found(request)
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_outcome_record(
                hearing=view.hearing,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The outcome has been recorded."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Record the outcome"),
        button=_("Record the outcome"),
        back=back,
        caption=_("Case %(ref)s") % {"ref": view.hearing.reference},
    )


@require_POST
@coordinator
@with_hearing
def hearing_remove(request: HttpRequest, view: queries.HearingView) -> HttpResponse:
    if not view.is_coordinator:
        return _not_found(request)
    try:
        services.hearing_remove(hearing=view.hearing, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("marac:hearing", hearing_id=view.hearing.public_id)
    messages.success(request, _("The case has been taken off the agenda."))
    return redirect("marac:meeting", meeting_id=view.meeting.public_id)


# Actions --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@caseworker
@with_action
def action_detail(request: HttpRequest, found) -> HttpResponse:
    action, view = found
    form = forms.ActionDoneForm(request.POST or None)
    cancel_form = forms.ReasonForm(label=_("Why is it not needed?"), prefix="cancel")
    if request.method == "POST" and request.POST.get("do") == "cancel":
        cancel_form = forms.ReasonForm(
            request.POST,
            label=_("Why is it not needed?"),
            required_message=_("Say why the action is not needed"),
            prefix="cancel",
        )
        if cancel_form.is_valid():
            try:
                services.action_cancel(
                    action=action, by=request.user, reason=cancel_form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_errors(cancel_form, error, top_level={"note"})
            else:
                messages.success(request, _("The action is marked not needed."))
                return redirect("marac:hearing", hearing_id=view.hearing.public_id)
    elif request.method == "POST" and form.is_valid():
        try:
            services.action_complete(action=action, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action is marked done."))
            return redirect("marac:hearing", hearing_id=view.hearing.public_id)
    errors = form.errors or cancel_form.errors
    return render(
        request,
        "marac/action.html",
        {
            "action": action,
            "view": view,
            "form": form,
            "cancel_form": cancel_form,
            "error_form": cancel_form if cancel_form.errors else form,
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


# Figures --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@figures_reader
def figures(request: HttpRequest) -> HttpResponse:
    """MARAC figures for every area (protected), and their CSV download with a reason."""
    form = forms.ExportForm(request.POST or None)
    result = marac_figures()
    if request.method == "POST" and form.is_valid():
        access_log(
            user=request.user,
            action=Action.EXPORT,
            record_type="marac.figures",
            reason="MARAC figures CSV",
            reason_ref=reason_store(
                kind=ReasonKind.PRINT_OR_EXPORT,
                text=form.cleaned_data["reason"],
                user=request.user,
            ),
            detail={"format": "csv", "years": [y.key for y in result.years]},
        )
        response = HttpResponse(figures_csv(result), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="marac-figures.csv"'
        return response
    access_log(
        user=request.user,
        action=Action.VIEW,
        record_type="marac.figures",
        detail={"years": [y.key for y in result.years]},
    )
    return render(
        request,
        "marac/figures.html",
        {"figures": result, "form": form, "benchmarks": benchmarks},
        status=400 if form.errors else 200,
    )
