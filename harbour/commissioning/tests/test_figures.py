"""Spend against budget; cost per person and per outcome from the released, protected counts and
the spend stored with them; overdue returns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harbour.commissioning.figures import cost_per, spend_against_budget, year_figures
from harbour.commissioning.published_tables import NAME
from harbour.commissioning.queries import returns_missing, returns_overdue
from harbour.commissioning.services import budget_set, return_submit
from harbour.statistics.models import Release
from harbour.statistics.published import PublishedCell
from harbour.statistics.registry import table_sets
from harbour.statistics.releases import releases_publish_due
from harbour.statistics.rules import Reason, SuppressionRules

RULES = SuppressionRules(threshold=5)  # derived figures need at least 10 behind them


def _return(base, contract, officer, quarter, *, spend, people, outcomes, year=2026):
    return return_submit(
        contract=contract,
        year=year,
        quarter=quarter,
        spend=Decimal(spend),
        referrals_received=people,
        people_supported=people,
        outcomes_achieved=outcomes,
        by=officer,
    )


def test_spend_against_budget_by_contract_and_in_total(base):
    budget_set(contract=base.contract, year=2026, amount=Decimal("100000"), by=base.commissioner)
    _return(base, base.contract, base.officer, 1, spend="30000", people=40, outcomes=20)
    _return(base, base.contract, base.officer, 2, spend="45000.50", people=40, outcomes=20)
    lines = spend_against_budget(contracts=[base.contract, base.other_contract], year=2026)
    mine, other, total = lines
    assert (mine.budget, mine.spend, mine.share, mine.over) == (
        Decimal("100000"),
        Decimal("75000.50"),
        75,
        False,
    )
    assert (other.budget, other.spend, other.share) == (Decimal(0), Decimal(0), None)
    assert total.contract is None and total.spend == Decimal("75000.50")


def test_a_budget_must_fit_the_contract(base):
    with pytest.raises(ValidationError) as caught:
        budget_set(contract=base.contract, year=2030, amount=Decimal(1), by=base.commissioner)
    assert "does not run in 2030-31" in str(caught.value)
    budget_set(contract=base.contract, year=2025, amount=Decimal("200000"), by=base.commissioner)
    with pytest.raises(ValidationError) as caught:
        budget_set(
            contract=base.contract, year=2026, amount=Decimal("100001"), by=base.commissioner
        )
    assert "more than its award of £300,000.00" in str(caught.value)


def test_cost_per_person_is_worked_out_from_the_published_count():
    assert cost_per(Decimal("1000"), PublishedCell(value=30), rules=RULES).value == Decimal("33.33")


@pytest.mark.parametrize("count", [None, 9])
def test_cost_per_person_is_withheld_with_its_count_or_under_the_minimum(count):
    cell = PublishedCell(value=count, reason=Reason.PRIMARY if count is None else None)
    cost = cost_per(Decimal("1000"), cell, rules=RULES)
    assert cost.value is None and cost.reason == Reason.RATE
    assert str(cost) == "[c]"


def _release(day=datetime.date(2026, 11, 10)):
    """Make the commissioning releases that are due on ``day``, as the daily task does."""
    now = datetime.datetime.combine(day, datetime.time(6), tzinfo=datetime.UTC)
    summary = releases_publish_due(names=[NAME], now=now)
    assert not summary.failed, summary.failed
    return summary


def test_cost_table_withholds_a_small_count_its_cost_and_what_would_reveal_it(base):
    # The officer's contract supports 3 people in the quarter: its count is withheld, and so is
    # its cost per person. The total would give it away by subtraction from the other
    # contract's count, so one of those is withheld too.
    _return(base, base.contract, base.officer, 1, spend="9000", people=3, outcomes=3)
    _return(base, base.other_contract, base.other_officer, 1, spend="60000", people=48, outcomes=24)
    _release()
    quarter = year_figures(2026).quarters[0]
    assert quarter.release is not None and quarter.key == "2026-Q1"
    mine, other, total = quarter.lines
    assert mine.label == "VSF-DA-01: " + base.contract.title
    assert mine.people.value is None and mine.per_person.value is None
    assert mine.spend == Decimal("9000"), "public money is shown as it is"
    assert other.people.value is None or total.people.value is None, "secondary suppression"
    for line in (mine, other, total):
        if line.people.value is None:
            assert line.per_person.value is None, f"{line.label}: cost withheld with its count"
        else:
            assert line.per_person.value == (line.spend / line.people.value).quantize(
                Decimal("0.01")
            )


def test_cost_per_outcome_is_shown_where_its_counts_are_large_enough(base):
    _return(base, base.contract, base.officer, 1, spend="12000", people=40, outcomes=30)
    _return(base, base.other_contract, base.other_officer, 1, spend="6000", people=20, outcomes=12)
    _release()
    figures = year_figures(2026)
    mine, other, total = figures.quarters[0].lines
    assert (mine.people.value, mine.per_person.value) == (40, Decimal("300.00"))
    assert (mine.outcomes.value, mine.per_outcome.value) == (30, Decimal("400.00"))
    assert (other.outcomes.value, other.per_outcome.value) == (12, Decimal("500.00"))
    assert (total.people.value, total.per_person.value) == (60, Decimal("300.00"))
    # The year so far is the released quarter alone; the second quarter is not released yet
    # (it ended on 30 September: it is released from 15 November, 45 days on).
    assert figures.released == ["April to June 2026"] and not figures.complete
    assert [line.per_person.value for line in figures.so_far] == [
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    ]
    second = figures.quarters[1]
    assert second.release is None and second.released_from == datetime.date(2026, 11, 15)


def test_the_year_adds_up_released_quarters_withheld_where_any_is(base):
    _return(base, base.contract, base.officer, 1, spend="12000", people=40, outcomes=30)
    _return(base, base.contract, base.officer, 2, spend="1000", people=3, outcomes=3)
    _return(base, base.other_contract, base.other_officer, 1, spend="6000", people=20, outcomes=12)
    _return(base, base.other_contract, base.other_officer, 2, spend="9000", people=30, outcomes=20)
    _release(datetime.date(2026, 11, 20))
    figures = year_figures(2026)
    assert figures.released == ["April to June 2026", "July to September 2026"]
    mine, _other, _total = figures.so_far
    assert mine.spend == Decimal("13000")
    assert mine.people.value is None, "three people in the second quarter: withheld there"
    assert mine.per_person.value is None


def test_a_return_made_after_the_release_changes_nothing_until_a_revision(base):
    _return(base, base.contract, base.officer, 1, spend="12000", people=40, outcomes=30)
    _release()
    [release] = Release.objects.filter(table_set=NAME)
    assert release.estimates == {"spend": {"VSF-DA-01": "12000.00"}}
    # The other provider's return for the quarter comes in late.
    _return(base, base.other_contract, base.other_officer, 1, spend="6000", people=20, outcomes=12)
    _release()
    _mine, other, total = year_figures(2026).quarters[0].lines
    assert (other.spend, other.people.value) == (Decimal(0), 0)
    assert (total.spend, total.people.value) == (Decimal("12000"), 40)
    # Six months on, the revision looks at it: the change (20 people) is safe to publish.
    summary = _release(datetime.date(2027, 5, 12))
    assert [r.revision for r in summary.revised if r.table_set == NAME] == [1]
    quarter = year_figures(2026).quarters[0]
    _mine, other, total = quarter.lines
    assert (other.spend, other.people.value, other.per_person.value) == (
        Decimal("6000"),
        20,
        Decimal("300.00"),
    )
    assert total.people.value == 60
    assert quarter.release.revision_notes()[0].startswith("Revised on 12 May 2027")


def test_the_command_and_the_daily_task_release_the_returns(base):
    from django.core.management import call_command

    _return(base, base.contract, base.officer, 1, spend="12000", people=40, outcomes=30)
    assert NAME in table_sets.names()
    call_command("publish_releases", NAME)
    assert Release.objects.filter(table_set=NAME, period_key="2026-Q1").exists()


def test_rounded_counts_give_the_cost_as_published():
    rules = SuppressionRules.ons_10_5()
    assert rules.rounded(23) == 25
    assert cost_per(Decimal("1000"), PublishedCell(value=rules.rounded(23)), rules=rules).value == (
        Decimal("40.00")
    )


def test_returns_missing_and_overdue(base, today):
    # The contract started in April 2025: by 10 November 2026 six quarters have ended; the
    # latest (July to September 2026) is due on 30 October, so every one is overdue.
    _return(base, base.contract, base.officer, 1, spend="1", people=1, outcomes=1, year=2025)
    missing = [
        (item.year, item.quarter)
        for item in returns_missing(user=base.officer)
        if item.contract == base.contract
    ]
    assert missing == [(2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]
    due = returns_missing(user=base.officer)[-1]
    assert due.due_on == datetime.date(2026, 10, 30)
    assert len(returns_overdue(user=base.officer)) == 5
    assert len(returns_overdue(user=base.officer, today=datetime.date(2026, 10, 30))) == 4
    # The commissioner sees both contracts' missing returns; a provider only its own.
    assert {item.contract for item in returns_missing(user=base.commissioner)} == {
        base.contract,
        base.other_contract,
    }
    assert returns_missing(user=base.educator) == []
    assert returns_missing(user=base.police_analyst) == []
