"""Results: protected counts, shares and means from them only, a release made once."""

from __future__ import annotations

import csv
import io

from harbour.audit.models import AccessLogEntry
from harbour.consultations import services
from harbour.consultations.models import ResultsRelease
from harbour.consultations.results import results_publish


def _respond(world, n, *, used="Yes", rating=4, area="", audience="public"):
    q = world.questions
    for _ in range(n):
        services.response_submit(
            consultation=world.consultation,
            audience=audience,
            route="public",
            answers={
                q["Have you used a service?"]: used,
                q["How well do services work together?"]: rating,
                q["Where do you live?"]: area,
            },
        )


def _section(release, title):
    return next(s for s in release.tables if s["title"] == title)


def _cell(table, row, column):
    heading_index = table["columns"].index(column)
    for heading, cells in table["rows"]:
        if heading == row:
            return cells[heading_index]
    raise KeyError(row)


def test_small_counts_are_withheld_and_shares_come_from_protected_counts(world):
    _respond(world, 30, used="Yes", rating=4, area="Liverpool")
    _respond(world, 2, used="No", rating=1, area="Knowsley")  # a small group
    release = results_publish(consultation=world.consultation, by=world.analyst)
    used = _section(release, "Have you used a service?")
    by_answer = used["tables"][0]
    assert by_answer["rows"][0] == ["Yes", ["30"]]
    assert by_answer["rows"][1] == ["No", ["[c]"]]
    assert dict(used["shares"]) == {"Yes": "[c]", "No": "[c]"}  # a share would reveal the 2
    by_area = used["tables"][2]
    assert _cell(by_area, "No", "Knowsley") == "[c]"
    # The mean rests on a withheld count: withheld too.
    rating = _section(release, "How well do services work together?")
    assert rating["mean"] == "[c]"


def test_shares_and_means_are_shown_when_every_count_is_large_enough(world):
    _respond(world, 20, used="Yes", rating=4, area="Liverpool")
    _respond(world, 10, used="No", rating=2, area="Liverpool")
    release = results_publish(consultation=world.consultation, by=world.analyst)
    used = _section(release, "Have you used a service?")
    assert dict(used["shares"]) == {"Yes": "67", "No": "33"}
    rating = _section(release, "How well do services work together?")
    assert rating["mean"] == "3.3"  # (20 × 4 + 10 × 2) / 30


def test_a_release_is_stored_and_not_worked_out_again(world, staff_client):
    _respond(world, 12)
    client = staff_client(world.analyst)
    assert (
        client.post(f"/staff/consultations/{world.consultation.public_id}/results/").status_code
        == 302
    )
    release = ResultsRelease.objects.get()
    _respond(world, 12)  # later answers change nothing until the next release
    page = client.get(
        f"/staff/consultations/{world.consultation.public_id}/results/"
    ).content.decode()
    assert ">12<" in page and ">24<" not in page
    assert ResultsRelease.objects.get().tables == release.tables
    report = client.get(f"/staff/consultations/{world.consultation.public_id}/results/report/")
    assert report.status_code == 200 and "Services in the region" in report.content.decode()


def test_the_csv_export_is_logged_and_safe(world, staff_client):
    _respond(world, 12)
    question = world.questions["Have you used a service?"]
    question.choices = ["Yes", "=cmd|' /C calc'!A0"]
    question.save()
    results_publish(consultation=world.consultation, by=world.analyst)
    response = staff_client(world.analyst).get(
        f"/staff/consultations/{world.consultation.public_id}/results.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "=cmd|' /C calc'!A0" not in cells
    assert AccessLogEntry.objects.filter(user=world.analyst, action="export").exists()


def test_theme_shares_and_chosen_quotes_are_published(world):
    q = world.questions["What would make the biggest difference?"]
    for text in ["more police officers listening"] * 15 + ["more funding money grants"] * 15:
        services.response_submit(
            consultation=world.consultation, audience="survivors", route="public", answers={q: text}
        )
    analysis = services.analysis_request(question=q, by=world.analyst, themes=2)
    analysis = services.analysis_perform(analysis_id=analysis.pk)
    theme = analysis.themes.filter(is_other=False).first()
    services.quote_choose(theme=theme, answer=theme.assignments.first().answer, by=world.analyst)
    release = results_publish(consultation=world.consultation, by=world.analyst)
    themes_section = next(s for s in release.tables if s["kind"] == "themes")
    shares = dict(themes_section["shares"])
    assert shares.pop("Other") == "0"
    assert sorted(shares.values()) == ["50", "50"]
    assert len(themes_section["quotes"]) == 1
