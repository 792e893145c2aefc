"""Her own copy: what Harbour holds about a person, that never reveals another person.

The pack is built from her record and the records whose subject she is, and from the records
that name her as harming someone. What would reveal someone else is left out and listed by kind
with its exemption (never with the withheld value):

- the **other people** in her records: the person harming her in her copy, the person harmed in
  his (third-party data, DPA 2018 Schedule 2 paragraph 16);
- **free text written by staff** about an incident, a referral, a checklist or a meeting, which
  may name or describe another person: listed for the reviewer to release after redaction
  outside Harbour (the same paragraph);
- **staff names** in the copy of a person recorded as harming someone (their safety:
  paragraph 16, and the serious-harm test of Schedule 3 for social work);
- **police information** in the copy of a person recorded as harming someone (crime and
  taxation, Schedule 2 paragraph 2; DPA 2018 s.45(4) under Part 3);
- **MARAC information** given by other agencies (their information, shared in confidence for
  the meeting: Schedule 2 paragraph 16, and paragraph 2 for the police's);
- **her code word**, which would let someone holding the copy pose as her (Schedule 3
  paragraph 5 serious harm).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import formats
from django.utils.translation import gettext as _

from harbour.accounts.roles import AgencyKind
from harbour.core import doors
from harbour.people.events import describe


class Exemption:
    THIRD_PARTY = "DPA 2018 Sch 2 para 16: information about another person"
    STAFF_SAFETY = "DPA 2018 Sch 2 para 16 and Sch 3: names of staff, for their safety"
    CRIME = "DPA 2018 Sch 2 para 2 and s.45(4): prevention or detection of crime"
    SERIOUS_HARM = "DPA 2018 Sch 3 para 5: serious harm to her"
    MARAC = "DPA 2018 Sch 2 para 16: other agencies' information shared for a MARAC"


@dataclass
class Pack:
    sections: list[dict[str, Any]]
    withheld: list[dict[str, str]]


# Fields of her record in her copy, in this order (the code word is withheld).
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "language",
    "interpreter_needed",
    "disability",
    "disability_details",
    "children_in_household",
    "children_details",
    "ethnicity",
    "gender_identity",
    "sexual_orientation",
    "religion",
    "immigration_status",
    "no_recourse_to_public_funds",
    "safe_channels",
    "safe_times",
    "voicemail_ok",
    "safe_contact_notes",
)


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "year"):
        return formats.date_format(value, "j F Y")
    return str(value)


def _when(value) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _agency(agency) -> str:
    return agency.name if agency is not None else ""


@doors.door
def pack_build(*, person) -> Pack:
    """Build her copy. ``person`` was found by the caller, who has checked the user's right to
    act on her request and logs the build."""
    model = type(person)
    withheld: list[dict[str, str]] = []

    def withhold(kind: str, exemption: str, count: int = 1) -> None:
        for entry in withheld:
            if entry["kind"] == kind and entry["exemption"] == exemption:
                entry["count"] = str(int(entry["count"]) + count)
                return
        withheld.append({"kind": kind, "exemption": exemption, "count": str(count)})

    Incident = apps.get_model("incidents", "Incident")
    IncidentHarmer = apps.get_model("incidents", "IncidentHarmer")
    harming = IncidentHarmer.objects.filter(person_id=person.pk).exists()

    record_items = []
    for name in PERSON_FIELDS:
        field = model._meta.get_field(name)
        value = getattr(person, name)
        display = getattr(person, f"get_{name}_display", None)
        shown = display() if display and value else _text(value)
        if shown:
            record_items.append({"label": str(field.verbose_name).capitalize(), "value": shown})
    if person.local_authority_id:
        record_items.append({"label": _("Local authority"), "value": str(person.local_authority)})
    if person.code_word:
        withhold(_("Her code word"), Exemption.SERIOUS_HARM)
    sections = [{"title": _("Your record"), "items": record_items}]

    # Her timeline, in date order. Events name agencies, never another person.
    PersonEvent = apps.get_model("people", "PersonEvent")
    events = []
    staff_names_withheld = 0
    for event in (
        PersonEvent.objects.filter(person_id=person.pk)
        .select_related("by", "by_agency")
        .order_by("at", "id")
    ):
        parameters = dict(event.parameters or {})
        if "user" in parameters and harming:
            parameters["user"] = _("a member of staff")
            staff_names_withheld += 1
        who = _agency(event.by_agency)
        if event.by is not None:
            if harming:
                staff_names_withheld += 1
            else:
                who = f"{event.by.get_full_name() or event.by.get_username()}, {who}".strip(", ")
        events.append(
            {
                "label": _when(event.at),
                "value": f"{describe(event.type, parameters)} ({who})"
                if who
                else describe(event.type, parameters),
            }
        )
    if staff_names_withheld:
        withhold(_("Names of staff who acted"), Exemption.STAFF_SAFETY, staff_names_withheld)
    sections.append({"title": _("What happened on your record"), "items": events})

    # Incidents in which she was harmed: the people harming her are withheld.
    items = []
    for incident in (
        Incident.objects.filter(victim_id=person.pk)
        .select_related("recorded_by_agency")
        .order_by("occurred_at", "id")
    ):
        agency = incident.recorded_by_agency
        items.append(
            {
                "label": _when(incident.occurred_at),
                "value": _("Recorded by %(agency)s") % {"agency": _agency(agency)},
            }
        )
        harmers = incident.harmers.count()
        if harmers:
            withhold(
                _("The person harming you named in an incident"), Exemption.THIRD_PARTY, harmers
            )
        if incident.summary or incident.domestic_abuse_note:
            withhold(_("Staff's account of an incident"), Exemption.THIRD_PARTY)
    if items:
        sections.append({"title": _("Incidents in which you were harmed"), "items": items})

    # Incidents naming him as harming someone: the person harmed is withheld, and the police's
    # information too.
    items = []
    for link in (
        IncidentHarmer.objects.filter(person_id=person.pk)
        .select_related("incident", "incident__recorded_by_agency")
        .order_by("incident__occurred_at", "id")
    ):
        incident = link.incident
        withhold(_("The person harmed in an incident"), Exemption.THIRD_PARTY)
        agency = incident.recorded_by_agency
        if agency is not None and agency.kind == AgencyKind.POLICE:
            withhold(_("Police information about an incident"), Exemption.CRIME)
            continue
        items.append(
            {
                "label": _when(incident.occurred_at),
                "value": _("You were named as harming someone; recorded by %(agency)s")
                % {"agency": _agency(agency)},
            }
        )
        if incident.summary:
            withhold(_("Staff's account of an incident"), Exemption.THIRD_PARTY)
    if items:
        sections.append({"title": _("Incidents in which you were named"), "items": items})

    # Checklists about her: the tool, the date and the level; the answers describe the person
    # harming her.
    Assessment = apps.get_model("risk", "Assessment")
    items = []
    for assessment in (
        Assessment.objects.filter(person_id=person.pk)
        .select_related("tool_version__tool", "assessed_by_agency")
        .order_by("assessed_at", "id")
    ):
        level = getattr(assessment, "get_level_display", lambda: "")()
        items.append(
            {
                "label": _when(assessment.assessed_at),
                "value": _("%(tool)s by %(agency)s: %(level)s")
                % {
                    "tool": assessment.tool_version.tool,
                    "agency": _agency(assessment.assessed_by_agency),
                    "level": level,
                },
            }
        )
        withhold(_("Answers and reasons of a risk checklist"), Exemption.THIRD_PARTY)
    if items:
        sections.append({"title": _("Risk checklists"), "items": items})

    # Referrals about her.
    Referral = apps.get_model("referrals", "Referral")
    items = []
    for referral in (
        Referral.objects.filter(person_id=person.pk)
        .select_related("from_agency", "to_agency")
        .order_by("sent_at", "id")
    ):
        items.append(
            {
                "label": _when(referral.sent_at),
                "value": _("Referred from %(source)s to %(to)s: %(status)s")
                % {
                    "source": _agency(referral.from_agency) or _("yourself"),
                    "to": _agency(referral.to_agency),
                    "status": referral.get_status_display(),
                },
            }
        )
        withhold(_("Staff's reasons for a referral"), Exemption.THIRD_PARTY)
    if items:
        sections.append({"title": _("Referrals"), "items": items})

    # MARAC: the referral and its outcome; what other agencies told the meeting is withheld.
    MaracReferral = apps.get_model("marac", "MaracReferral")
    Information = apps.get_model("marac", "Information")
    items = []
    for referral in (
        MaracReferral.objects.filter(person_id=person.pk)
        .select_related("marac")
        .order_by("referred_at", "id")
    ):
        items.append(
            {
                "label": _when(referral.referred_at),
                "value": _("Referred to %(marac)s: %(status)s")
                % {"marac": referral.marac, "status": referral.get_status_display()},
            }
        )
        shared = Information.objects.filter(hearing__referral=referral).count()
        if shared:
            withhold(_("Information agencies gave a MARAC"), Exemption.MARAC, shared)
    if items:
        sections.append({"title": _("MARAC"), "items": items})

    # The 24-hour follow-up.
    Followup = apps.get_model("followups", "Followup")
    items = []
    for followup in Followup.objects.filter(person_id=person.pk).order_by("created_at", "id"):
        items.append(
            {
                "label": _when(followup.created_at),
                "value": _("24-hour follow-up: %(status)s")
                % {"status": followup.get_status_display()},
            }
        )
    if items:
        sections.append({"title": _("24-hour follow-up"), "items": items})

    # Correction requests she made.
    CorrectionRequest = apps.get_model("records", "CorrectionRequest")
    items = [
        {
            "label": _when(request.received_on),
            "value": _("You asked for a correction: %(outcome)s")
            % {"outcome": request.get_outcome_display()},
        }
        for request in CorrectionRequest.objects.filter(person_id=person.pk).order_by(
            "received_on", "id"
        )
    ]
    if items:
        sections.append({"title": _("Corrections you asked for"), "items": items})
    return Pack(sections=sections, withheld=withheld)
