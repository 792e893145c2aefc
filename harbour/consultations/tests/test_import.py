"""Imports: all of a good file, none of a bad one, with every bad row named."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from harbour.consultations.imports import FileRefused, import_file
from harbour.consultations.models import Answer, ImportBatch, Response

HEADER = [
    "audience",
    "Have you used a service?",
    "Which services?",
    "How well do services work together?",
    "What would make the biggest difference?",
    "Where do you live?",
]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    HEADER,
    ["survivors", "Yes", "Police; Refuge", "4", "More refuge places", "Liverpool"],
    ["Members of the public", "No", "", "2", "Call me on 07700 900123", ""],
    ["public", "Yes", "Hub", "", "", "Prefer not to say"],
]


def _upload(client, world, name, data):
    return client.post(
        f"/staff/consultations/{world.consultation.public_id}/import/",
        {"file": SimpleUploadedFile(name, data)},
    )


def test_a_good_csv_is_imported_whole(world, staff_client):
    response = _upload(staff_client(world.analyst), world, "answers.csv", _csv(GOOD))
    assert response.status_code == 200
    assert "Answers imported" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.rows == 3 and batch.imported_by == world.analyst
    assert Response.objects.filter(route="import", import_batch=batch).count() == 3
    redacted = Answer.objects.filter(question__kind="text").values_list("redacted_text", flat=True)
    assert "Call me on [phone]" in redacted


def test_a_good_xlsx_is_imported_whole(world):
    report = import_file(
        consultation=world.consultation, by=world.analyst, name="answers.xlsx", data=_xlsx(GOOD)
    )
    assert report.ok and report.rows == 3
    assert Response.objects.count() == 3
    rating = Answer.objects.get(
        question__kind="rating", rating__isnull=False, response__audience="survivors"
    )
    assert rating.rating == 4


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(world, staff_client):
    rows = [
        *GOOD,
        ["survivors", "Maybe", "", "9", "", ""],
        ["professionals-ish", "Yes", "Fire brigade", "", "", ""],
    ]
    response = _upload(staff_client(world.analyst), world, "answers.csv", _csv(rows))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was imported" in text
    assert "Row 5" in text and "Row 6" in text
    assert "Choose one of the answers listed" in text
    assert "audience is not one this consultation asks" in text
    assert not Response.objects.exists() and not ImportBatch.objects.exists()


def test_formula_cells_are_neutralised_and_reported(world):
    rows = [HEADER, ["public", "Yes", "", "", '=HYPERLINK("http://evil.example","click")', ""]]
    report = import_file(
        consultation=world.consultation, by=world.analyst, name="answers.csv", data=_csv(rows)
    )
    assert report.ok
    assert report.neutralised == [(2, "What would make the biggest difference?")]
    answer = Answer.objects.get(question__kind="text")
    assert answer.text.startswith("'=") and answer.redacted_text.startswith("'=")
    assert ImportBatch.objects.get().neutralised_cells == 1


def test_an_xlsx_formula_is_never_worked_out(world):
    rows = [HEADER, ["public", '=IF(1,"Yes","No")', "", "", "", ""]]
    report = import_file(
        consultation=world.consultation, by=world.analyst, name="answers.xlsx", data=_xlsx(rows)
    )
    assert not report.ok  # the formula is text, and not one of the answers
    assert report.neutralised and not Response.objects.exists()


def test_files_refused_whole(world, settings, staff_client):
    def refused(name, data) -> str:
        try:
            import_file(consultation=world.consultation, by=world.analyst, name=name, data=data)
        except FileRefused as error:
            return str(error)
        raise AssertionError("not refused")

    assert "CSV or XLSX" in refused("answers.txt", b"audience\n")
    assert "not an XLSX" in refused("answers.xlsx", b"not a zip at all")
    assert "UTF-8" in refused("answers.csv", "audience\npublic,Oui\xe9".encode("latin-1"))
    assert "first column" in refused("answers.csv", _csv([["who", "x"]]))
    assert "not a question" in refused("answers.csv", _csv([["audience", "What is your name?"]]))
    settings.HARBOUR_CONSULTATION_IMPORT_MAX_ROWS = 2
    assert "more than 2 rows" in refused("answers.csv", _csv([*GOOD, *GOOD[1:]]))
    settings.HARBOUR_CONSULTATION_IMPORT_MAX_BYTES = 1024
    assert "larger than" in refused("answers.csv", b"a" * 2000)
    # Through the page, too, with the message on the field.
    response = staff_client(world.analyst).post(
        f"/staff/consultations/{world.consultation.public_id}/import/",
        {"file": SimpleUploadedFile("answers.csv", b"a" * 2000)},
    )
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not Response.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_opened(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (25 * 1024 * 1024))
    try:
        import_file(
            consultation=world.consultation, by=world.analyst, name="a.xlsx", data=buffer.getvalue()
        )
    except FileRefused as error:
        assert "too large once unpacked" in str(error)
    else:
        raise AssertionError("not refused")


def test_the_template_names_every_question(world, staff_client):
    response = staff_client(world.analyst).get(
        f"/staff/consultations/{world.consultation.public_id}/import/template.csv"
    )
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header[0] == "audience" and "Which services?" in header and "How old are you?" in header


def test_only_the_running_agencys_analysts_import(world, staff_client):
    response = _upload(staff_client(world.other_analyst), world, "answers.csv", _csv(GOOD))
    assert response.status_code == 404
    assert not Response.objects.exists()
