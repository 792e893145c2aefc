"""The practitioner and police checklists' rules, at their edges."""

from __future__ import annotations

import pytest

from harbour.risk.definitions import Answer, Level, load_definition_file, shipped_tool_files
from harbour.risk.scoring import AssessmentError, MaracCriterion, assess

TOOLS = {load_definition_file(p)[0].key: load_definition_file(p)[0] for p in shipped_tool_files()}
RIC = TOOLS["practitioner-checklist"]
POLICE = TOOLS["police-checklist"]

# Questions that open follow-ons are kept "no" unless a test is about them.
PLAIN = [q.id for q in RIC.questions if not q.opens]


def answers(tool, yes: int = 0, not_known: int = 0) -> dict[str, str]:
    plain = [q.id for q in tool.questions if not q.opens]
    result = {q.id: Answer.NO for q in tool.questions}
    for qid in plain[:yes]:
        result[qid] = Answer.YES
    for qid in plain[yes : yes + not_known]:
        result[qid] = Answer.NOT_KNOWN
    return result


def test_shipped_tools_have_24_and_27_questions():
    assert len(RIC.questions) == 24
    assert len(POLICE.questions) == 27


@pytest.mark.parametrize(
    ("yes", "level"),
    [
        (0, Level.STANDARD),
        (9, Level.STANDARD),
        (10, Level.MEDIUM),
        (13, Level.MEDIUM),
        (14, Level.HIGH),
        (22, Level.HIGH),
    ],
)
def test_practitioner_checklist_bands(yes, level):
    outcome = assess(RIC, answers=answers(RIC, yes=yes))
    assert outcome.level == level
    assert outcome.yes_count == yes
    assert f"{yes} of 24 questions answered yes" in outcome.reasons[0]
    assert (MaracCriterion.HIGH_RISK in outcome.marac_criteria) == (level == Level.HIGH)


def test_not_known_is_not_yes():
    outcome = assess(RIC, answers=answers(RIC, yes=13, not_known=5))
    assert outcome.level == Level.MEDIUM
    assert outcome.not_known_count == 5
    assert any("5 questions not known" in r for r in outcome.reasons)


def test_every_question_must_be_answered():
    partial = answers(RIC, yes=3)
    del partial["weapons"]
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=partial)
    assert set(error.value.errors) == {"weapons"}


def test_bad_answer_value_is_refused():
    bad = answers(RIC)
    bad["weapons"] = "maybe"
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=bad)
    assert "weapons" in error.value.errors


def test_judgement_raises_with_a_reason():
    outcome = assess(
        RIC,
        answers=answers(RIC, yes=9),
        judgement_level=Level.HIGH,
        judgement_reason="Recent strangulation and she fears for her life.",
    )
    assert outcome.tool_level == Level.STANDARD
    assert outcome.level == Level.HIGH
    assert outcome.raised_by_judgement
    assert MaracCriterion.PROFESSIONAL_JUDGEMENT in outcome.marac_criteria
    assert MaracCriterion.HIGH_RISK not in outcome.marac_criteria
    assert any("professional judgement" in r for r in outcome.reasons)


def test_judgement_must_say_why():
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=answers(RIC, yes=9), judgement_level=Level.HIGH)
    assert "judgement_reason" in error.value.errors


def test_judgement_never_lowers():
    with pytest.raises(AssessmentError) as error:
        assess(
            RIC,
            answers=answers(RIC, yes=14),
            judgement_level=Level.MEDIUM,
            judgement_reason="She says it is not that bad.",
        )
    assert "never lower" in error.value.errors["judgement_level"]


def test_judgement_at_the_same_level_changes_nothing():
    outcome = assess(RIC, answers=answers(RIC, yes=14), judgement_level=Level.HIGH)
    assert outcome.level == Level.HIGH
    assert not outcome.raised_by_judgement


@pytest.mark.parametrize(("callouts", "flagged"), [(None, False), (2, False), (3, True), (7, True)])
def test_potential_escalation(callouts, flagged):
    outcome = assess(RIC, answers=answers(RIC, yes=2), police_callouts_12_months=callouts)
    assert outcome.potential_escalation is flagged
    assert (MaracCriterion.POTENTIAL_ESCALATION in outcome.marac_criteria) is flagged
    assert outcome.level == Level.STANDARD  # escalation is a referral criterion, not a level


def test_police_checklist_level_is_graded_by_the_officer_with_reasons():
    outcome = assess(
        POLICE,
        answers=answers(POLICE, yes=6),
        officer_level=Level.HIGH,
        officer_reasons="Threats to kill with a knife; separation last week.",
    )
    assert outcome.level == Level.HIGH
    assert outcome.yes_count == 6
    assert any("Graded high risk by the officer: Threats to kill" in r for r in outcome.reasons)
    assert MaracCriterion.HIGH_RISK in outcome.marac_criteria


def test_police_checklist_needs_a_grade_and_reasons():
    with pytest.raises(AssessmentError) as error:
        assess(POLICE, answers=answers(POLICE, yes=6))
    assert "officer_level" in error.value.errors
    with pytest.raises(AssessmentError) as error:
        assess(POLICE, answers=answers(POLICE, yes=6), officer_level=Level.MEDIUM)
    assert "officer_reasons" in error.value.errors


def test_officer_grade_is_refused_on_a_counted_tool():
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=answers(RIC), officer_level=Level.HIGH, officer_reasons="x")
    assert "officer_level" in error.value.errors


def test_stalking_yes_opens_the_stalking_questions():
    base = answers(RIC)
    base["stalking"] = Answer.YES
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=base)
    stalking_ids = {q.id for q in RIC.follow_on("stalking").questions}
    assert set(error.value.errors) == stalking_ids
    base.update(dict.fromkeys(stalking_ids, Answer.NO))
    base["st_tracking"] = Answer.YES
    outcome = assess(RIC, answers=base)
    assert outcome.open_follow_ons == ("stalking",)
    assert outcome.yes_count == 1  # follow-on answers do not count towards the level


def test_isolation_yes_opens_the_honour_based_violence_questions():
    base = answers(POLICE)
    base["isolated"] = Answer.YES
    base.update(
        {q.id: Answer.NOT_KNOWN for q in POLICE.follow_on("honour_based_violence").questions}
    )
    outcome = assess(POLICE, answers=base, officer_level=Level.MEDIUM, officer_reasons="x")
    assert outcome.open_follow_ons == ("honour_based_violence",)


def test_follow_ons_not_opened_cannot_be_answered():
    base = answers(RIC)
    base["st_tracking"] = Answer.YES
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=base)
    assert "st_tracking" in error.value.errors


def test_unknown_question_is_refused():
    base = answers(RIC)
    base["made_up"] = Answer.YES
    with pytest.raises(AssessmentError) as error:
        assess(RIC, answers=base)
    assert "made_up" in error.value.errors


def test_a_bad_officer_grade_beside_a_judgement_is_reported_not_a_crash():
    with pytest.raises(AssessmentError) as error:
        assess(
            POLICE,
            answers=answers(POLICE, yes=3),
            officer_level="severe",
            officer_reasons="x",
            judgement_level=Level.HIGH,
            judgement_reason="Threats to kill",
        )
    assert set(error.value.errors) == {"officer_level"}
