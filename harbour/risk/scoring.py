"""Working out a risk level from a tool's answers, the assessor's grading and judgement.

Pure functions: no database. ``assess`` checks the answers against the tool version and returns
the level with its reasons, or raises :class:`AssessmentError` naming every problem.

Rules (from the tool document and local practice):

- every main question is answered yes, no or not known; "not known" is not "yes";
- ``count_yes`` tools band the number of "yes" answers (practitioner checklist: high at 14 or
  more, medium at 10–13, standard below 10);
- ``officer_graded`` tools take the officer's level, which must come with reasons;
- professional judgement may raise a level, never lower it, and must say why;
- follow-on questions are answered only when a main question that opens them is "yes";
- potential escalation (3 or more police call-outs in 12 months) is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from harbour.risk.definitions import LEVEL_ORDER, Answer, Level, ToolDefinition


class MaracCriterion:
    HIGH_RISK = "high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"


class AssessmentError(ValueError):
    """The answers cannot be scored; ``errors`` maps a field or question id to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Outcome:
    level: str
    tool_level: str
    yes_count: int
    not_known_count: int
    question_count: int
    reasons: tuple[str, ...]
    open_follow_ons: tuple[str, ...]
    potential_escalation: bool
    marac_criteria: tuple[str, ...]

    @property
    def raised_by_judgement(self) -> bool:
        return self.level != self.tool_level


def open_follow_ons(definition: ToolDefinition, answers: Mapping[str, str]) -> tuple[str, ...]:
    """The follow-on groups opened by "yes" answers, in the tool's order."""
    opened = {
        group for q in definition.questions if answers.get(q.id) == Answer.YES for group in q.opens
    }
    return tuple(group.id for group in definition.follow_ons if group.id in opened)


def _level_label(level: str) -> str:
    return str(Level(level).label).lower()


def assess(
    definition: ToolDefinition,
    *,
    answers: Mapping[str, str],
    officer_level: str | None = None,
    officer_reasons: str = "",
    judgement_level: str | None = None,
    judgement_reason: str = "",
    police_callouts_12_months: int | None = None,
) -> Outcome:
    errors: dict[str, str] = {}
    main = definition.questions
    for q in main:
        value = answers.get(q.id)
        if value is None or value == "":
            errors[q.id] = _("Answer yes, no or not known")
        elif value not in Answer.values:
            errors[q.id] = _("The answer must be yes, no or not known")

    opened = open_follow_ons(definition, answers)
    for group in definition.follow_ons:
        for q in group.questions:
            value = answers.get(q.id)
            if group.id in opened:
                if value in (None, ""):
                    errors[q.id] = _("Answer yes, no or not known")
                elif value not in Answer.values:
                    errors[q.id] = _("The answer must be yes, no or not known")
            elif value not in (None, ""):
                errors[q.id] = _("This question is only asked when an earlier answer opens it")
    known_ids = {q.id for q in (*main, *definition.follow_on_questions)}
    for question_id in answers:
        if question_id not in known_ids:
            errors[question_id] = _("This tool version has no such question")

    yes_count = sum(1 for q in main if answers.get(q.id) == Answer.YES)
    not_known_count = sum(1 for q in main if answers.get(q.id) == Answer.NOT_KNOWN)
    reasons: list[str] = []

    if definition.scoring.method == "count_yes":
        if officer_level:
            errors["officer_level"] = _("This tool works out the level from the answers")
        tool_level = definition.scoring.default_level
        for band in definition.scoring.bands:  # highest threshold first
            if yes_count >= band.min_yes:
                tool_level = band.level
                break
        reasons.append(
            _("%(yes)s of %(total)s questions answered yes: %(level)s risk.")
            % {"yes": yes_count, "total": len(main), "level": _level_label(tool_level)}
        )
        for band in definition.scoring.bands:
            if band.level == tool_level:
                reasons.append(
                    _("This tool rates %(level)s risk at %(min)s or more yes answers.")
                    % {"level": _level_label(band.level), "min": band.min_yes}
                )
    else:
        # An unknown grade is reported below; the level is then worked on as standard, so that
        # a judgement given beside it is still checked (and never compared with a bad value).
        tool_level = officer_level if officer_level in Level.values else Level.STANDARD
        if officer_level not in Level.values:
            errors["officer_level"] = _("Choose the level of risk: standard, medium or high")
        elif not officer_reasons.strip():
            errors["officer_reasons"] = _("Give the reasons for the level you chose")
        else:
            reasons.append(
                _("Graded %(level)s risk by the officer: %(reasons)s")
                % {"level": _level_label(officer_level), "reasons": officer_reasons.strip()}
            )
        reasons.append(
            _("%(yes)s of %(total)s questions answered yes.")
            % {"yes": yes_count, "total": len(main)}
        )
    if not_known_count:
        reasons.append(
            _("%(n)s questions not known: the risk may be higher than the answers show.")
            % {"n": not_known_count}
        )

    level = tool_level
    if judgement_level:
        if judgement_level not in Level.values:
            errors["judgement_level"] = _("Choose standard, medium or high")
        elif LEVEL_ORDER[Level(judgement_level)] < LEVEL_ORDER[Level(tool_level)]:
            errors["judgement_level"] = _(
                "Professional judgement may raise the level, never lower it"
            )
        elif judgement_level != tool_level:
            if not judgement_reason.strip():
                errors["judgement_reason"] = _("Say why your judgement raises the level")
            else:
                level = judgement_level
                reasons.append(
                    _("Raised to %(level)s risk on professional judgement: %(reason)s")
                    % {"level": _level_label(judgement_level), "reason": judgement_reason.strip()}
                )

    escalation = False
    if police_callouts_12_months is not None:
        if police_callouts_12_months < 0:
            errors["police_callouts_12_months"] = _("The number of call-outs cannot be negative")
        elif definition.escalation and (
            police_callouts_12_months >= definition.escalation.police_callouts
        ):
            escalation = True
            reasons.append(
                _("Potential escalation: %(n)s police call-outs in the last %(months)s months.")
                % {"n": police_callouts_12_months, "months": definition.escalation.months}
            )

    if errors:
        raise AssessmentError(errors)

    criteria = []
    if tool_level == Level.HIGH:
        criteria.append(MaracCriterion.HIGH_RISK)
    if level == Level.HIGH and tool_level != Level.HIGH:
        criteria.append(MaracCriterion.PROFESSIONAL_JUDGEMENT)
    if escalation:
        criteria.append(MaracCriterion.POTENTIAL_ESCALATION)
    return Outcome(
        level=level,
        tool_level=tool_level,
        yes_count=yes_count,
        not_known_count=not_known_count,
        question_count=len(main),
        reasons=tuple(reasons),
        open_follow_ons=opened,
        potential_escalation=escalation,
        marac_criteria=tuple(criteria),
    )
