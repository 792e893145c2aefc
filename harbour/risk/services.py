"""Loading risk tool versions, and recording assessments made with them."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.audit.services import Action, access_log
from harbour.risk import conf, signals
from harbour.risk.definitions import (
    DefinitionError,
    Level,
    load_definition_file,
    parse_definition,
    shipped_tool_files,
)
from harbour.risk.events import ASSESSED_EVENT
from harbour.risk.models import Assessment, RiskTool, RiskToolVersion
from harbour.risk.scoring import AssessmentError, assess


def _checksum(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def risk_tool_load(*, document: dict[str, Any], make_current: bool = True) -> RiskToolVersion:
    """Load a tool version from its document; loading the same document again changes nothing.

    A version already loaded with different content is refused: versions never change, so
    assessments made with them keep their meaning. A newer version becomes the current one.
    """
    definition = parse_definition(document)
    checksum = _checksum(document)
    tool, _created = RiskTool.objects.get_or_create(
        key=definition.key, defaults={"name": definition.name}
    )
    existing = tool.versions.filter(version=definition.version).first()
    if existing is not None:
        if existing.checksum != checksum:
            raise DefinitionError(
                f"{definition.name} version {definition.version} is already loaded with "
                "different questions or rules. Give the new document a new version number."
            )
        return existing
    if make_current:
        tool.versions.filter(is_current=True).update(is_current=False)
        if tool.name != definition.name:
            tool.name = definition.name
            tool.save(update_fields=["name"])
    return RiskToolVersion.objects.create(
        tool=tool,
        version=definition.version,
        document=document,
        checksum=checksum,
        is_current=make_current,
    )


def risk_tool_load_file(*, path: Path | str, make_current: bool = True) -> RiskToolVersion:
    _definition, document = load_definition_file(path)
    return risk_tool_load(document=document, make_current=make_current)


def risk_tools_load_shipped() -> list[RiskToolVersion]:
    """Load the tool versions shipped with Harbour (harbour/risk/tools/) that are missing."""
    loaded = []
    for path in shipped_tool_files():
        _definition, document = load_definition_file(path)
        tool = RiskTool.objects.filter(key=document["key"]).first()
        if tool and tool.versions.filter(version=str(document["version"])).exists():
            continue
        make_current = tool is None or not tool.versions.exists()
        loaded.append(risk_tool_load(document=document, make_current=make_current))
    return loaded


# Assessments -----------------------------------------------------------------------------------


def may_use_tool(user, key: str) -> bool:
    from harbour.people.queries import may_work_with_people

    return may_work_with_people(user) and user.role in conf.roles_for_tool(key)


@transaction.atomic
def assessment_record(
    *,
    by,
    person,
    tool_key: str,
    answers: Mapping[str, str],
    officer_level: str | None = None,
    officer_reasons: str = "",
    judgement_level: str | None = None,
    judgement_reason: str = "",
    incident=None,
    tool_version: RiskToolVersion | None = None,
    assessed_at: datetime.datetime | None = None,
) -> Assessment:
    """Score and keep a completed checklist for ``person`` (read through the getter).

    Uses the tool's current version unless ``tool_version`` is given, and keeps a reference to
    it: loading a newer version later changes nothing here. Police call-outs in the tool's
    escalation window before ``assessed_at`` (now, unless a checklist completed on paper is
    entered later) are counted from recorded incidents. Bad answers raise
    ``ValidationError`` keyed by question id (or ``officer_level``, ``judgement_level``...)
    and save nothing.
    """
    from harbour.incidents.queries import police_callouts_in_last
    from harbour.people.queries import person_access_for_user
    from harbour.people.services import person_event_add

    if not may_use_tool(by, tool_key):
        raise PermissionDenied(_("Your role does not complete this risk checklist."))
    if not person_access_for_user(user=by, person=person):
        raise PermissionDenied(_("You may not work with this person's record."))
    version = tool_version or RiskToolVersion.objects.select_related("tool").get(
        tool__key=tool_key, is_current=True
    )
    if version.tool.key != tool_key:
        raise ValueError("the tool version belongs to another tool")
    if incident is not None and incident.victim_id != person.pk:
        raise ValidationError(_("The incident is not about this person."))
    assessed_at = assessed_at or timezone.now()
    if assessed_at > timezone.now():
        raise ValidationError({"assessed_at": _("When it was completed must be in the past.")})
    definition = version.definition
    callouts = None
    if definition.escalation is not None:
        callouts = police_callouts_in_last(
            person, months=definition.escalation.months, at=assessed_at
        )
    try:
        outcome = assess(
            definition,
            answers=answers,
            officer_level=officer_level or None,
            officer_reasons=officer_reasons,
            judgement_level=judgement_level or None,
            judgement_reason=judgement_reason,
            police_callouts_12_months=callouts,
        )
    except AssessmentError as error:
        raise ValidationError(error.errors) from error
    assessment = Assessment.objects.create(
        tool_version=version,
        person=person,
        incident=incident,
        answers={key: value for key, value in answers.items() if value},
        level=outcome.level,
        tool_level=outcome.tool_level,
        yes_count=outcome.yes_count,
        not_known_count=outcome.not_known_count,
        question_count=outcome.question_count,
        reasons=list(outcome.reasons),
        officer_level=officer_level or "",
        officer_reasons=officer_reasons.strip() if officer_level else "",
        judgement_level=judgement_level if outcome.raised_by_judgement else "",
        judgement_reason=judgement_reason.strip() if outcome.raised_by_judgement else "",
        police_callouts_12_months=callouts,
        potential_escalation=outcome.potential_escalation,
        marac_criteria=list(outcome.marac_criteria),
        assessed_by=by,
        assessed_by_agency=by.agency,
        assessed_at=assessed_at,
    )
    person_event_add(
        person=person,
        type=ASSESSED_EVENT,
        by=by,
        at=assessed_at,
        parameters={
            "tool": version.tool.name,
            "agency": by.agency.name,
            "level": str(Level(outcome.level).label).lower(),
        },
    )
    access_log(
        user=by,
        action=Action.CREATE,
        record=assessment,
        detail={
            "person": person.public_id,
            "tool": tool_key,
            "version": version.version,
            "level": outcome.level,
        },
    )
    signals.assessment_recorded.send(sender=Assessment, assessment=assessment, by=by)
    return assessment
