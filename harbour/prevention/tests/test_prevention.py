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
from harbour.prevention.results import knowledge_change, reach_table
from harbour.prevention.services import session_record
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import TOTAL

RULES = SuppressionRules(threshold=5)

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
        )


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
    )
    reach = reach_table(base.programme, rules=RULES)
    assert reach.cell(base.other_area.gss_code, Audience.YOUNG_PEOPLE).value == 6 * 32
    area, professionals = base.area.gss_code, Audience.PROFESSIONALS
    assert reach.cell(area, professionals).value is None, "3 professionals in one area"
    # Neither its row nor its column gives it away by subtraction.
    row = [reach.cell(area, Audience.YOUNG_PEOPLE), reach.cell(area, TOTAL)]
    column = [reach.cell(base.other_area.gss_code, professionals), reach.cell(TOTAL, professionals)]
    assert any(cell.value is None for cell in row)
    assert any(cell.value is None for cell in column)


def test_the_change_in_knowledge_matches_the_method(base):
    _sessions(base)
    results = {
        r.question: r
        for r in knowledge_change(base.programme, audience=Audience.YOUNG_PEOPLE, rules=RULES)
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


def test_the_change_is_withheld_with_too_few_sessions(base):
    for before, after in SCHOOL_TALLIES[:5]:  # 4 degrees of freedom: under the minimum of 10
        session_make(
            programme=base.programme, by=base.educator, attendance=32, before=before, after=after
        )
    for result in knowledge_change(base.programme, audience=Audience.YOUNG_PEOPLE, rules=RULES):
        assert result.change is not None
        assert result.difference.value is None and str(result.difference) == "[c]"
    none = knowledge_change(base.programme, audience=Audience.PROFESSIONALS, rules=RULES)
    assert all(r.change is None and r.difference.value is None for r in none)


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
    page = client_for(base.educator).get(
        reverse("prevention:results", args=[base.programme.public_id])
    )
    text = page.content.decode()
    assert "Riverside" in text and "95% interval" in text
    assert "clustered by session" in text
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
