"""Programmes, sessions and questionnaires; reach and the change in knowledge; who sees what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.accounts.testing import sign_in
from harbour.audit.models import AccessLogEntry, Action
from harbour.prevention.effects import SessionAnswers, change_in_proportion
from harbour.prevention.factories import session_make
from harbour.prevention.models import Audience, Question, Session, Tally
from harbour.prevention.published_tables import NAME, SCHOOL_YEAR
from harbour.prevention.results import knowledge_change, programme_reach, stored_knowledge
from harbour.prevention.services import session_record
from harbour.statistics.releases import releases_current, releases_publish_due
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import TOTAL

RULES = SuppressionRules(threshold=5)  # the deployment's rules in the tests
# The school year released by 10 November 2026 (it ended on 31 August; released a month on).
LAST_YEAR = SCHOOL_YEAR.containing(datetime.date(2026, 3, 1))
IN_LAST_YEAR = datetime.date(2026, 2, 2)

# Twelve school sessions: (before: n, recognise, help), (after: n, recognise, help).
SCHOOL_TALLIES = [
    ((28, 10, 8), (27, 20, 19)),
    ((30, 14, 12), (29, 22, 25)),
    ((25, 6, 9), (26, 16, 18)),
    ((27, 12, 11), (25, 19, 17)),
    ((31, 16, 10), (30, 21, 24)),
    ((24, 9, 7), (24, 18, 16)),
    ((29, 11, 13), (28, 23, 21)),
    ((26, 13, 9), (26, 17, 20)),
    ((30, 10, 14), (29, 24, 22)),
    ((28, 15, 12), (27, 20, 23)),
    ((25, 8, 10), (25, 17, 15)),
    ((27, 12, 8), (26, 22, 20)),
]


def _sessions(base):
    for number, (before, after) in enumerate(SCHOOL_TALLIES):
        session_make(
            programme=base.programme,
            by=base.educator,
            area=base.area if number % 2 else base.other_area,
            attendance=32,
            before=before,
            after=after,
            held_on=IN_LAST_YEAR + datetime.timedelta(days=7 * number),
        )


def _release(now=None):
    """Make the prevention releases that are due, as the daily task does."""
    summary = releases_publish_due(names=[NAME], now=now)
    assert not summary.failed, summary.failed
    return releases_current(name=NAME)[-1]


def test_an_education_provider_records_a_session_and_its_questionnaires(base):
    session = session_make(
        programme=base.programme, by=base.educator, before=(28, 10, 8), after=(27, 20, 19)
    )
    tallies = {t.stage: t for t in Tally.objects.filter(session=session)}
    assert (tallies["before"].responses, tallies["after"].recognises_yes) == (28, 20)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"before": (40, 1, 1)}, "More questionnaires than people"),
        ({"after": (20, 21, 1)}, "More said yes than returned"),
        ({"held_on": datetime.date(2030, 1, 1)}, "once it has been held"),
    ],
)
def test_bad_figures_record_nothing(base, kwargs, message):
    with pytest.raises(ValidationError) as caught:
        session_make(programme=base.programme, by=base.educator, attendance=30, **kwargs)
    assert message in str(caught.value)
    assert not Session.objects.exists() and not Tally.objects.exists()


def test_only_the_programmes_own_provider_records_sessions(base):
    for user in (base.other_educator, base.commissioner, base.caseworker):
        with pytest.raises(PermissionDenied):
            session_record(
                programme=base.programme,
                held_on=datetime.date(2026, 10, 1),
                venue="School",
                area=base.area,
                audience=Audience.YOUNG_PEOPLE,
                attendance=20,
                by=user,
            )


def test_reach_by_area_and_audience_is_protected(base):
    _sessions(base)
    session_make(
        programme=base.programme,
        by=base.educator,
        area=base.area,
        audience=Audience.PROFESSIONALS,
        attendance=3,
        held_on=IN_LAST_YEAR,
    )
    release = _release()
    assert release.key == LAST_YEAR.key == "2025-26"
    reach = programme_reach(release, str(base.programme.public_id))
    assert reach.cell(base.other_area.gss_code, Audience.YOUNG_PEOPLE).value == 6 * 32
    area, professionals = base.area.gss_code, Audience.PROFESSIONALS
    assert reach.cell(area, professionals).value is None, "3 professionals in one area"
    # Neither its row nor its column gives it away by subtraction.
    row = [reach.cell(area, Audience.YOUNG_PEOPLE), reach.cell(area, TOTAL)]
    column = [reach.cell(base.other_area.gss_code, professionals), reach.cell(TOTAL, professionals)]
    assert any(cell.value is None for cell in row)
    assert any(cell.value is None for cell in column)
    # The programme's slice is the released table's, cell for cell (the dashboard's margin too).
    tables = release.protected_tables()
    for keys, cell in reach.cells():
        assert cell == tables["by_programme_area_audience"].cell(
            str(base.programme.public_id), *keys
        )
    assert tables["by_area_audience"].cell(TOTAL, TOTAL) == reach.cell(TOTAL, TOTAL)


def test_the_change_in_knowledge_matches_the_method(base):
    _sessions(base)
    results = {
        r.question: r
        for r in knowledge_change(
            base.programme, audience=Audience.YOUNG_PEOPLE, rules=RULES, period=LAST_YEAR
        )
    }
    recognises = results[Question.RECOGNISES]
    expected = change_in_proportion(
        [SessionAnswers(b[1], b[0], a[1], a[0]) for b, a in SCHOOL_TALLIES]
    )
    assert recognises.change == expected
    assert recognises.difference.value == Decimal(str(expected.difference * 100)).quantize(
        Decimal("0.1")
    )
    assert recognises.low.value < recognises.difference.value < recognises.high.value
    assert recognises.low.value > 0, "the synthetic sessions all improve"
    # The release stores exactly these published figures, and the page reads them back.
    stored = stored_knowledge(_release(), str(base.programme.public_id), Audience.YOUNG_PEOPLE)
    for result in stored:
        computed = results[result.question]
        for name in ("before", "after", "difference", "low", "high"):
            assert getattr(result, name) == getattr(computed, name), (result.question, name)
    assert stored[0].difference.value == recognises.difference.value


def test_the_change_counts_only_the_sessions_of_its_year(base):
    _sessions(base)
    session_make(
        programme=base.programme,
        by=base.educator,
        attendance=32,
        before=(30, 0, 0),
        after=(30, 0, 0),
        held_on=datetime.date(2026, 10, 1),  # the next school year
    )
    [recognises, _help] = knowledge_change(
        base.programme, audience=Audience.YOUNG_PEOPLE, rules=RULES, period=LAST_YEAR
    )
    assert recognises.change.sessions == len(SCHOOL_TALLIES)


def test_the_change_is_withheld_with_too_few_sessions(base):
    for before, after in SCHOOL_TALLIES[:5]:  # 4 degrees of freedom: under the minimum of 10
        session_make(
            programme=base.programme,
            by=base.educator,
            attendance=32,
            before=before,
            after=after,
            held_on=IN_LAST_YEAR,
        )
    for result in knowledge_change(base.programme, audience=Audience.YOUNG_PEOPLE, rules=RULES):
        assert result.change is not None
        assert result.difference.value is None and str(result.difference) == "[c]"
    none = knowledge_change(base.programme, audience=Audience.PROFESSIONALS, rules=RULES)
    assert all(r.change is None and r.difference.value is None for r in none)
    # Stored withheld: the release keeps no value for them.
    release = _release()
    key = str(base.programme.public_id)
    assert release.estimates["knowledge"][key][Audience.YOUNG_PEOPLE][Question.RECOGNISES] == {
        "before": None,
        "after": None,
        "difference": None,
        "low": None,
        "high": None,
    }
    for result in stored_knowledge(release, key, Audience.YOUNG_PEOPLE):
        assert str(result.difference) == "[c]" and str(result.low) == "[c]"


def test_a_session_recorded_after_the_release_changes_nothing_until_a_revision(base):
    _sessions(base)
    url = reverse("prevention:results", args=[base.programme.public_id])
    client = client_for(base.educator)
    assert "Not released yet" in client.get(url).content.decode()
    _release()
    before = client.get(url)
    reach = before.context["reach"]
    assert reach.cell(TOTAL, TOTAL).value == 12 * 32
    assert before.context["sessions"] == 12
    changes = [str(r.difference) for r in before.context["audiences"][0][1]]
    # A session of that school year recorded late: the page is the release, as it was.
    session_make(
        programme=base.programme,
        by=base.educator,
        area=base.area,
        attendance=30,
        before=(30, 0, 0),
        after=(30, 30, 30),
        held_on=IN_LAST_YEAR,
    )
    _release()
    after = client.get(url)
    assert after.context["reach"].cell(TOTAL, TOTAL).value == 12 * 32
    assert [str(r.difference) for r in after.context["audiences"][0][1]] == changes
    # A year on, the revision publishes it, and the change in knowledge with it.
    _release(now=datetime.datetime(2027, 11, 12, 6, tzinfo=datetime.UTC))
    revised = client.get(url + "?period=2025-26")  # 2026-27 is released now too
    assert revised.context["page"].release.release.revision == 1
    assert revised.context["reach"].cell(TOTAL, TOTAL).value == 12 * 32 + 30
    assert revised.context["sessions"] == 13
    assert [str(r.difference) for r in revised.context["audiences"][0][1]] != changes
    assert "Revised on 12 November 2027" in revised.content.decode()


# Pages ------------------------------------------------------------------------------------------


def client_for(user) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def quiet(caplog):
    caplog.set_level("ERROR", logger="django.request")


def test_the_session_form_records_a_session_with_its_questionnaires(base):
    client = client_for(base.educator)
    url = reverse("prevention:session-add", args=[base.programme.public_id])
    data = {
        "held_on": "1/10/2026",
        "venue": "Riverside High School",
        "area": base.area.pk,
        "audience": Audience.YOUNG_PEOPLE,
        "attendance": "30",
        "before_responses": "28",
        "before_recognises_yes": "10",
        "before_knows_help_yes": "",
    }
    response = client.post(url, data)
    assert "Give all three figures" in response.content.decode()
    assert not Session.objects.exists()
    data.update(
        before_knows_help_yes="8",
        after_responses="27",
        after_recognises_yes="20",
        after_knows_help_yes="19",
    )
    assert client.post(url, data).status_code == 302
    session = Session.objects.get()
    assert session.tallies.count() == 2


def test_who_sees_a_programme(base, quiet):
    url = reverse("prevention:programme", args=[base.programme.public_id])
    results = reverse("prevention:results", args=[base.programme.public_id])
    assert client_for(base.educator).get(url).status_code == 200
    assert client_for(base.commissioner).get(results).status_code == 200
    assert client_for(base.other_educator).get(url).status_code == 404
    # Analysts read figures, not programmes: the commissioner is the one who reads them.
    assert client_for(base.police_analyst).get(url).status_code == 403
    ca_analyst = UserFactory(role=Role.ANALYST, agency=base.commissioner.agency)
    assert client_for(ca_analyst).get(results).status_code == 403
    assert client_for(base.caseworker).get(url).status_code == 403
    assert client_for(base.police_analyst).get(reverse("prevention:home")).status_code == 403
    add = reverse("prevention:session-add", args=[base.programme.public_id])
    assert client_for(base.commissioner).get(add).status_code == 403
    assert client_for(base.other_educator).get(add).status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            action=Action.DENIED, record_type="prevention.programme"
        ).count()
        == 2
    ), "another agency's programme, twice"
    assert AccessLogEntry.objects.filter(
        action=Action.DENIED, user=base.police_analyst, reason="role not allowed"
    ).exists()


def test_the_results_page_shows_reach_and_the_change(base):
    _sessions(base)
    _release()
    url = reverse("prevention:results", args=[base.programme.public_id])
    page = client_for(base.educator).get(url)
    text = page.content.decode()
    assert "Riverside" in text and "95% interval" in text
    assert "clustered by session" in text
    # Which release the figures come from, and what is not released yet.
    assert 'id="release-2025-26"' in text and "September 2025 to August 2026" in text
    assert "10 November 2026" in text
    assert "Sessions held in September 2026 to August 2027 are not released yet" in text
    assert "1 October 2027" in text
    # The charts hold the tables' figures as published: a withheld one is a gap, never a count.
    reach = page.context["reach_chart"]
    table = page.context["reach"]
    area = table.dimension("area")
    for dataset, kind in zip(
        reach["datasets"], table.dimension("audience").categories, strict=True
    ):
        assert dataset["data"] == [table.cell(code, kind).value for code in area.categories]
    _label, questions, change, chart_id = page.context["audiences"][0]
    assert chart_id == "change-chart-1" and f'<script id="{chart_id}"' in text
    assert change["datasets"][0]["data"] == [
        None if r.before.value is None else float(r.before.value) for r in questions
    ]
    assert questions[0].difference.value is not None
    # An unknown year is an error that names the list to choose from; the latest is shown.
    wrong = client_for(base.educator).get(url + "?period=2099-00")
    assert wrong.status_code == 400
    assert "Choose a school year from the list" in wrong.content.decode()
