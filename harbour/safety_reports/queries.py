"""Who may read safety reports, alerts and subscribers, and the access-checking getters.

- **The project's caseworkers** (role ``specialist_caseworker`` at an active agency of kind
  ``sex_worker_project``) read and moderate every report, the alerts, the subscribers and their
  outbox.
- **The sex-worker liaison officer** reads only reports the project has accepted whose reporter
  chose (b) or (c), and only what that choice releases (``harbour.safety_reports.exports``);
  never a report under (a), never a subscriber.
- Everyone else: nothing.
"""

from __future__ import annotations

import difflib

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.services import Action, access_log
from harbour.core.navigation import HomePanel
from harbour.people.activity import refusal_record
from harbour.safety_reports.choices import (
    ACCEPTED_STATUSES,
    POLICE_CONSENTS,
    AlertStatus,
    ReportStatus,
)
from harbour.safety_reports.models import (
    Alert,
    ReportIdentifier,
    SafetyReport,
    Subscriber,
)


def is_project_caseworker(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.SPECIALIST_CASEWORKER)
        and agency is not None
        and agency.is_active
        and agency.kind == AgencyKind.SEX_WORKER_PROJECT
    )


def is_liaison_officer(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.LIAISON_OFFICER)
        and agency is not None
        and agency.is_active
    )


def reports_for_user(user) -> QuerySet[SafetyReport]:
    reports = SafetyReport.objects.select_related("local_authority")
    if is_project_caseworker(user):
        return reports
    if is_liaison_officer(user):
        return reports.filter(consent__in=POLICE_CONSENTS, status__in=ACCEPTED_STATUSES)
    return reports.none()


def report_get_for_user(*, user, public_id: str, reason: str = "") -> SafetyReport:
    """The report, if the user may read it (the read is logged); 404 otherwise (logged too)."""
    report = reports_for_user(user).filter(public_id=public_id).first()
    if report is None:
        refusal_record(
            user=user,
            record_type="safety_reports.safetyreport",
            record_id=public_id,
            why="not visible to this user",
            what="refused_safety_report_reads",
        )
        raise Http404
    access_log(user=user, action=Action.VIEW, record=report, reason=reason or "Safety report")
    return report


def alerts_for_staff(user) -> QuerySet[Alert]:
    if not is_project_caseworker(user):
        return Alert.objects.none()
    return Alert.objects.select_related("local_authority", "report")


def alert_get_for_user(*, user, public_id: str) -> Alert:
    alert = alerts_for_staff(user).filter(public_id=public_id).first()
    if alert is None:
        refusal_record(
            user=user,
            record_type="safety_reports.alert",
            record_id=public_id,
            why="not visible to this user",
            what="refused_safety_alert_reads",
        )
        raise Http404
    access_log(user=user, action=Action.VIEW, record=alert, reason="Safety alert")
    return alert


def subscribers_for_staff(user) -> QuerySet[Subscriber]:
    if not is_project_caseworker(user):
        return Subscriber.objects.none()
    return Subscriber.objects.prefetch_related("areas")


def subscriber_get_for_user(*, user, public_id: str) -> Subscriber:
    subscriber = subscribers_for_staff(user).filter(public_id=public_id).first()
    if subscriber is None:
        refusal_record(
            user=user,
            record_type="safety_reports.subscriber",
            record_id=public_id,
            why="not visible to this user",
            what="refused_safety_subscriber_reads",
        )
        raise Http404
    access_log(user=user, action=Action.VIEW, record=subscriber, reason="Subscriber")
    return subscriber


def alerts_for_subscriber(subscriber: Subscriber) -> QuerySet[Alert]:
    """Live alerts for her areas and working pattern (an alert with no area is for everyone)."""
    from django.db.models import Q

    from harbour.safety_reports.choices import SubscriberPattern, SubscriberStatus

    if subscriber.status != SubscriberStatus.VETTED:
        return Alert.objects.none()
    alerts = Alert.objects.filter(status=AlertStatus.LIVE).select_related("local_authority")
    if subscriber.pattern != SubscriberPattern.BOTH:
        alerts = alerts.filter(pattern=subscriber.pattern)
    areas = list(subscriber.areas.values_list("pk", flat=True))
    return alerts.filter(Q(local_authority__isnull=True) | Q(local_authority__in=areas))


# Linking ------------------------------------------------------------------------------------

CLOSE_MATCH_RATIO = 0.6
CLOSE_MATCH_WINDOW = 300  # the most recent reports compared by description


def exact_links(report: SafetyReport) -> QuerySet[SafetyReport]:
    """Other reports sharing a normalised phone number, registration or handle."""
    digests = ReportIdentifier.objects.filter(report=report).values_list("kind", "digest")
    pairs = list(digests)
    if not pairs:
        return SafetyReport.objects.none()
    from django.db.models import Q

    match = Q()
    for kind, digest in pairs:
        match |= Q(kind=kind, digest=digest)
    ids = ReportIdentifier.objects.filter(match).exclude(report=report).values("report_id")
    return SafetyReport.objects.filter(pk__in=ids).exclude(status="rejected")


def _description_text(report: SafetyReport) -> str:
    parts = [report.gender, report.age_range, report.build, report.features, report.vehicle]
    parts.append(report.description)
    return " ".join(p for p in parts if p).lower()


def close_links(report: SafetyReport, *, exclude: set[int]) -> list[tuple[SafetyReport, float]]:
    """Recent reports whose description of the individual reads closely like this one's."""
    mine = _description_text(report)
    if len(mine) < 20:
        return []
    found = []
    recent = (
        SafetyReport.objects.exclude(pk__in=exclude | {report.pk})
        .exclude(status="rejected")
        .order_by("-received_at")[:CLOSE_MATCH_WINDOW]
    )
    for other in recent:
        theirs = _description_text(other)
        if not theirs:
            continue
        ratio = difflib.SequenceMatcher(None, mine, theirs).ratio()
        if ratio >= CLOSE_MATCH_RATIO:
            found.append((other, ratio))
    return sorted(found, key=lambda pair: -pair[1])[:10]


def links_for(report: SafetyReport) -> dict:
    """The reports that likely describe the same individual, and how many independent reports
    stand behind the link: distinct submissions (a replayed form is refused, so each report is
    one), counting apart those that arrived while their network was sending many."""
    exact = list(exact_links(report).order_by("-received_at"))
    close = close_links(report, exclude={r.pk for r in exact})
    linked = [report, *exact]
    return {
        "exact": exact,
        "close": close,
        "independent": len(linked),
        "from_busy_network": sum(1 for r in linked if r.flagged_network),
    }


def waiting_panel(user) -> HomePanel | None:
    """The project's caseworkers see how many reports wait for review."""
    if not is_project_caseworker(user):
        return None
    return HomePanel(
        title=_("Safety reports to review"),
        url=reverse("safety_reports:list"),
        count=SafetyReport.objects.filter(status=ReportStatus.NEW).count(),
        description=_("Reports from the public form waiting for the project's review."),
        urgent=SafetyReport.objects.filter(status=ReportStatus.NEW).exists(),
        order=40,
    )


def liaison_panel(user) -> HomePanel | None:
    """The liaison officer's reports: those the project accepted and the reporter let through."""
    if not is_liaison_officer(user):
        return None
    return HomePanel(
        title=_("Safety reports passed to the police"),
        url=reverse("safety_reports:list"),
        count=reports_for_user(user).count(),
        description=_(
            "Open a report to read what the reporter chose to pass to the police, and export it."
        ),
        order=40,
    )
