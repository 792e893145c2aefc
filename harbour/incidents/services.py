"""Every write to incidents. See ``docs/incidents.md``.

Services take people the caller has read through ``person_get_for_user`` and incidents read
through ``incident_get_for_user``, and the user acting (``by``). Each is one transaction, writes
the access log and, where it matters to her case, an event on the person's timeline. Bad input
raises ``ValidationError`` (field by field) and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.services import Action, access_log
from harbour.incidents import rules, signals
from harbour.incidents.choices import (
    ActionKind,
    ActionStatus,
    IncidentKind,
    OutcomeSupport,
    Relationship,
    Support,
    YesNoNotKnown,
)
from harbour.incidents.events import Event
from harbour.incidents.models import (
    Incident,
    IncidentAction,
    IncidentHarmer,
    OffenceType,
    OutcomeCode,
    SupportForAction,
)
from harbour.people.models import InvolvementKind
from harbour.people.queries import may_work_with_people, person_access_for_user
from harbour.people.services import involvement_add, person_event_add


def reference_data_load() -> None:
    """Create the offence types and outcome codes Harbour ships with that are missing."""
    from harbour.incidents.reference_data import load

    load(OffenceType, OutcomeCode)


# Who may write ------------------------------------------------------------------------------


def may_record_police_incidents(user) -> bool:
    return bool(
        may_work_with_people(user)
        and user.role == Role.POLICE_OFFICER
        and user.agency.kind == AgencyKind.POLICE
    )


def may_record_disclosures(user) -> bool:
    return bool(may_work_with_people(user) and user.agency.kind != AgencyKind.POLICE)


def _require_reader_of(user, person) -> None:
    if not person_access_for_user(user=user, person=person):
        raise PermissionDenied(_("You may not work with this person's record."))


def _require_recorder(incident: Incident, by) -> None:
    """Only the recording agency changes an incident, and only while it may read her."""
    if not may_work_with_people(by) or by.agency_id != incident.recorded_by_agency_id:
        raise PermissionDenied(_("Only the agency that recorded the incident may change it."))
    _require_reader_of(by, incident.victim)


def _check_offences(offences: Iterable[OffenceType], *, required: bool) -> list[OffenceType]:
    chosen = list(offences)
    if required and not chosen:
        raise ValidationError({"offences": _("Choose at least one offence.")})
    if any(not offence.is_active for offence in chosen):
        raise ValidationError({"offences": _("Choose offences that are in use.")})
    return chosen


# Recording ----------------------------------------------------------------------------------


def _create(incident: Incident, offences: list[OffenceType], by) -> Incident:
    incident.full_clean()
    incident.save()
    incident.offences.set(offences)
    person_event_add(
        person=incident.victim,
        type=Event.RECORDED if incident.is_police else Event.DISCLOSED,
        by=by,
        parameters={"agency": by.agency.name},
    )
    access_log(user=by, action=Action.CREATE, record=incident, detail={"kind": incident.kind})
    return incident


@transaction.atomic
def incident_record(
    *,
    by,
    victim,
    occurred_at: datetime.datetime,
    visited_at: datetime.datetime,
    local_authority,
    offences: Iterable[OffenceType],
    supports_action: str,
    children_present: str,
    children_in_household: str,
    children_count: int | None = None,
    victim_aged_16_or_over: str = "",
    summary: str = "",
    force_reference: str = "",
) -> Incident:
    """Record an incident the police attended, for ``victim`` (read through the getter).

    The officer's force becomes involved with her (``incident``). Children present or in the
    household prompt a referral to children's social care and a notice to the school before the
    next school day (Operation Encompass), tracked as :class:`IncidentAction`. People harming
    her are added next (:func:`incident_harmer_add`), then the officer confirms whether it is
    domestic abuse (:func:`incident_domestic_abuse_confirm`).
    """
    if not may_record_police_incidents(by):
        raise PermissionDenied(_("Only police officers record police incidents."))
    _require_reader_of(by, victim)
    offences = _check_offences(offences, required=True)
    if supports_action not in Support.values:
        raise ValidationError({"supports_action": _("Say whether she supports police action.")})
    incident = Incident(
        kind=IncidentKind.POLICE,
        victim=victim,
        recorded_by_agency=by.agency,
        recorded_by=by,
        occurred_at=occurred_at,
        visited_at=visited_at,
        local_authority=local_authority,
        summary=summary.strip(),
        force_reference=force_reference.strip(),
        supports_action=supports_action,
        victim_aged_16_or_over=rules.aged_16_or_over(
            date_of_birth=victim.date_of_birth, on=occurred_at, stated=victim_aged_16_or_over
        ),
        children_present=children_present,
        children_in_household=children_in_household,
        children_count=children_count,
    )
    incident._history_user = by
    _create(incident, offences, by)
    SupportForAction.objects.create(incident=incident, value=supports_action, recorded_by=by)
    involvement_add(
        person=victim,
        agency=by.agency,
        kind=InvolvementKind.INCIDENT,
        source=incident,
        by=by,
        note=_("Police-recorded incident"),
    )
    if incident.has_children:
        IncidentAction.objects.create(
            incident=incident,
            kind=ActionKind.CHILDRENS_SOCIAL_CARE,
            due_at=rules.childrens_social_care_due(visited_at),
        )
        IncidentAction.objects.create(
            incident=incident,
            kind=ActionKind.SCHOOL_NOTICE,
            due_at=rules.next_school_day_start(visited_at),
        )
    return incident


@transaction.atomic
def disclosure_record(
    *,
    by,
    victim,
    occurred_at: datetime.datetime,
    local_authority,
    offences: Iterable[OffenceType] = (),
    children_present: str = YesNoNotKnown.NOT_KNOWN,
    children_in_household: str = YesNoNotKnown.NOT_KNOWN,
    victim_aged_16_or_over: str = "",
    summary: str = "",
) -> Incident:
    """Record an instance of abuse she disclosed to a non-police agency (an IDVA, the hub, a
    specialist service). It need not be a crime; it has none of the police-only fields, and it
    counts as a repeat between her and each person harming her like a police incident."""
    if not may_record_disclosures(by):
        raise PermissionDenied(_("Police officers record incidents, not disclosures."))
    _require_reader_of(by, victim)
    offences = _check_offences(offences, required=False)
    incident = Incident(
        kind=IncidentKind.DISCLOSURE,
        victim=victim,
        recorded_by_agency=by.agency,
        recorded_by=by,
        occurred_at=occurred_at,
        local_authority=local_authority,
        summary=summary.strip(),
        victim_aged_16_or_over=rules.aged_16_or_over(
            date_of_birth=victim.date_of_birth, on=occurred_at, stated=victim_aged_16_or_over
        ),
        children_present=children_present,
        children_in_household=children_in_household,
    )
    incident._history_user = by
    return _create(incident, offences, by)


@transaction.atomic
def incident_harmer_add(
    *, incident: Incident, person, by, relationship: str, aged_16_or_over: str = ""
) -> IncidentHarmer:
    """Name ``person`` (read through the getter, or just created) as harming her.

    For a police incident the force becomes involved with the person harming her
    (``incident``), so the same person can be found again in her next incident and in other
    victims' incidents.
    """
    _require_recorder(incident, by)
    _require_reader_of(by, person)
    errors = {}
    if person.pk == incident.victim_id:
        errors["__all__"] = _("The person harming her cannot be the victim herself.")
    elif incident.harmers.filter(person=person).exists():
        errors["__all__"] = _("This person is already named on the incident.")
    if relationship not in Relationship.values:
        errors["relationship"] = _("Choose what this person is to her.")
    if errors:
        raise ValidationError(errors)
    harmer = IncidentHarmer.objects.create(
        incident=incident,
        person=person,
        relationship=relationship,
        aged_16_or_over=rules.aged_16_or_over(
            date_of_birth=person.date_of_birth, on=incident.occurred_at, stated=aged_16_or_over
        ),
        added_by=by,
    )
    if incident.is_police:
        involvement_add(
            person=person,
            agency=incident.recorded_by_agency,
            kind=InvolvementKind.INCIDENT,
            source=incident,
            by=by,
            note=_("Named as harming someone"),
        )
    person_event_add(
        person=person,
        type=Event.NAMED_AS_HARMING,
        by=by,
        parameters={"agency": by.agency.name},
    )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=incident,
        detail={"harmer_added": person.public_id, "relationship": relationship},
    )
    signals.harmer_named.send(sender=Incident, incident=incident, harmer=harmer, by=by)
    return harmer


def incident_domestic_abuse_test(*, incident: Incident) -> rules.DomesticAbuseTest:
    return rules.domestic_abuse_test(
        victim_aged_16_or_over=incident.victim_aged_16_or_over,
        harmers=[
            rules.HarmerFacts(h.relationship, h.aged_16_or_over) for h in incident.harmers.all()
        ],
    )


@transaction.atomic
def incident_domestic_abuse_confirm(
    *, incident: Incident, by, domestic_abuse: bool, note: str = ""
) -> rules.DomesticAbuseTest:
    """Record the recorder's decision on whether this is domestic abuse, beside what the Act's
    test says on the relationships and ages recorded. A decision that differs from the test, or
    made when the test cannot tell, needs a note.

    When it is not domestic abuse, an open school notice (Operation Encompass) is closed as not
    needed; the referral to children's social care stays open for the officer to decide.
    """
    _require_recorder(incident, by)
    if domestic_abuse not in (True, False):
        raise ValidationError({"domestic_abuse": _("Say whether this is domestic abuse.")})
    if not incident.harmers.exists():
        raise ValidationError(_("Add the person harming her first."))
    test = incident_domestic_abuse_test(incident=incident)
    was_domestic_abuse = incident.domestic_abuse is True
    agrees = test.result == (YesNoNotKnown.YES if domestic_abuse else YesNoNotKnown.NO)
    if not agrees and not note.strip():
        raise ValidationError(
            {
                "note": _(
                    "Say why: your decision differs from the Domestic Abuse Act test, or the "
                    "test cannot tell on what is recorded."
                )
            }
        )
    incident.domestic_abuse = domestic_abuse
    incident.domestic_abuse_test = test.result
    incident.domestic_abuse_note = note.strip()
    incident.domestic_abuse_confirmed_by = by
    incident.domestic_abuse_confirmed_at = timezone.now()
    incident._history_user = by
    incident.save()
    if not domestic_abuse:
        for action in incident.actions.filter(
            kind=ActionKind.SCHOOL_NOTICE, status=ActionStatus.OPEN
        ):
            _action_close(
                action,
                by=by,
                status=ActionStatus.NOT_NEEDED,
                note=_("Not domestic abuse"),
                completed_at=timezone.now(),
            )
    access_log(
        user=by,
        action=Action.UPDATE,
        record=incident,
        detail={"domestic_abuse": domestic_abuse, "test": test.result},
    )
    if domestic_abuse and incident.is_police:
        signals.domestic_abuse_confirmed.send(sender=Incident, incident=incident, by=by)
    elif was_domestic_abuse and incident.is_police:
        signals.domestic_abuse_withdrawn.send(sender=Incident, incident=incident, by=by)
    return test


@transaction.atomic
def incident_support_record(
    *, incident: Incident, by, value: str, note: str = ""
) -> SupportForAction:
    """Record her (new) answer to "do you support police action?"; earlier answers are kept."""
    _require_recorder(incident, by)
    if not incident.is_police:
        raise ValidationError(_("Only police-recorded incidents record support for action."))
    if value not in Support.values:
        raise ValidationError({"value": _("Choose yes, no or undecided.")})
    if value == incident.supports_action:
        raise ValidationError({"value": _("That is already her answer.")})
    entry = SupportForAction.objects.create(
        incident=incident, value=value, recorded_by=by, note=note.strip()
    )
    incident.supports_action = value
    incident._history_user = by
    incident.save(update_fields=["supports_action"])
    person_event_add(
        person=incident.victim,
        type=Event.SUPPORT_CHANGED,
        by=by,
        parameters={"support": str(entry.get_value_display())},
    )
    access_log(user=by, action=Action.UPDATE, record=incident, detail={"supports_action": value})
    return entry


@transaction.atomic
def incident_outcome_record(*, incident: Incident, by, outcome: OutcomeCode) -> Incident:
    """Record the Home Office outcome code. An outcome that says whether she supports police
    action must agree with her current answer (record her change first)."""
    _require_recorder(incident, by)
    if not incident.is_police:
        raise ValidationError(_("Only police-recorded incidents have an outcome code."))
    if outcome is None or not outcome.is_active:
        raise ValidationError({"outcome": _("Choose an outcome code that is in use.")})
    if outcome.victim_support == OutcomeSupport.DOES_NOT_SUPPORT and (
        incident.supports_action != Support.NO
    ):
        raise ValidationError(
            {
                "outcome": _(
                    "Outcome %(code)s says she does not support police action, but her answer "
                    "on record is “%(answer)s”. Record her change first."
                )
                % {"code": outcome.code, "answer": incident.get_supports_action_display()}
            }
        )
    if outcome.victim_support == OutcomeSupport.SUPPORTS and incident.supports_action != (
        Support.YES
    ):
        raise ValidationError(
            {
                "outcome": _(
                    "Outcome %(code)s says she supports police action, but her answer on record "
                    "is “%(answer)s”. Record her change first."
                )
                % {"code": outcome.code, "answer": incident.get_supports_action_display()}
            }
        )
    incident.outcome = outcome
    incident.outcome_recorded_at = timezone.now()
    incident.outcome_recorded_by = by
    incident._history_user = by
    incident.save(update_fields=["outcome", "outcome_recorded_at", "outcome_recorded_by"])
    access_log(user=by, action=Action.UPDATE, record=incident, detail={"outcome": outcome.code})
    return incident


def _action_close(
    action: IncidentAction, *, by, status: str, note: str, completed_at: datetime.datetime
) -> IncidentAction:
    action.status = status
    action.completed_at = completed_at
    action.completed_by = by
    action.note = note
    action.save(update_fields=["status", "completed_at", "completed_by", "note"])
    return action


@transaction.atomic
def incident_action_complete(
    *,
    action: IncidentAction,
    by,
    status: str = ActionStatus.DONE,
    completed_at: datetime.datetime | None = None,
    note: str = "",
) -> IncidentAction:
    """Mark a prompted action done (when, by whom) or not needed (with why)."""
    incident = action.incident
    _require_recorder(incident, by)
    errors = {}
    if not action.is_open:
        raise ValidationError(_("This action has already been completed."))
    if status not in (ActionStatus.DONE, ActionStatus.NOT_NEEDED):
        errors["status"] = _("Choose done or not needed.")
    completed_at = completed_at or timezone.now()
    if completed_at > timezone.now():
        errors["completed_at"] = _("When it was done must be in the past.")
    elif incident.visited_at and completed_at < incident.visited_at:
        errors["completed_at"] = _("When it was done must be after the police visit.")
    if status == ActionStatus.NOT_NEEDED and not note.strip():
        errors["note"] = _("Say why it is not needed.")
    if errors:
        raise ValidationError(errors)
    _action_close(action, by=by, status=status, note=note.strip(), completed_at=completed_at)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=incident,
        detail={"action": action.public_id, "kind": action.kind, "status": status},
    )
    return action
