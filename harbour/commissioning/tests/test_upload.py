"""Quarterly returns from a spreadsheet: a good file imports every row; a file with any problem
imports nothing and names every problem with its row and column."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from harbour.commissioning.models import QuarterlyReturn, ReturnSource
from harbour.commissioning.services import ImportRefused, returns_import
from harbour.commissioning.spreadsheets import MAX_FILE_BYTES, MAX_ROWS, read_returns

HEADER = [
    "contract",
    "year",
    "quarter",
    "spend",
    "referrals_received",
    "people_supported",
    "outcomes_achieved",
    "notes",
]


def csv_file(*rows, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_file(*rows, header=HEADER, formula_at=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    if formula_at:
        sheet[formula_at] = "=SUM(1,2)"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = [
    ("VSF-DA-01", 2026, 1, "25000.00", 40, 35, 20, ""),
    ("VSF-DA-01", "2026-27", "Q2", "26000.50", 44, 38, 21, "A new outreach worker."),
]


def refused(data: bytes, by, name="returns.csv") -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        returns_import(name=name, data=data, by=by)
    assert not QuarterlyReturn.objects.exists(), "a bad file imports nothing"
    return [str(problem) for problem in caught.value.problems]


def test_a_good_csv_imports_every_row(base):
    created = returns_import(name="returns.csv", data=csv_file(*GOOD), by=base.officer)
    assert [(r.year, r.quarter) for r in created] == [(2026, 1), (2026, 2)]
    second = QuarterlyReturn.objects.get(quarter=2)
    assert str(second.spend) == "26000.50"
    assert second.people_supported == 38
    assert second.source == ReturnSource.UPLOAD
    assert second.submitted_by == base.officer


def test_a_good_workbook_imports_every_row(base):
    rows = [(c, y, q, float(s), *rest) for c, y, q, s, *rest in GOOD]
    created = returns_import(name="returns.xlsx", data=xlsx_file(*rows), by=base.officer)
    assert len(created) == 2
    assert QuarterlyReturn.objects.filter(contract=base.contract).count() == 2


def test_wrong_types_are_named_by_row_and_column_and_nothing_is_imported(base):
    problems = refused(
        csv_file(
            GOOD[0],
            ("VSF-DA-01", 2025, 5, "lots", 4.5, -1, "many", ""),
            ("VSF-DA-01", "2025-27", 1, "10.123", 1, 1, 1, ""),
        ),
        base.officer,
    )
    assert "Row 3, quarter: enter a quarter from 1 to 4" in problems
    assert "Row 3, spend: enter an amount in pounds, such as 12500.00" in problems
    assert "Row 3, referrals_received: enter a whole number" in problems
    assert "Row 3, people_supported: cannot be negative" in problems
    assert "Row 3, outcomes_achieved: enter a whole number" in problems
    assert "Row 4, year: enter a financial year such as 2026 or 2026-27" in problems
    assert "Row 4, spend: give spend in pounds and pence, at most two decimal places" in problems
    assert not any(problem.startswith("Row 2") for problem in problems)


def test_an_unknown_contract_and_another_providers_contract_read_alike(base):
    problems = refused(
        csv_file(
            GOOD[0],
            ("NO-SUCH", 2026, 1, "1.00", 1, 1, 1, ""),
            ("VSF-SV-01", 2026, 1, "1.00", 1, 1, 1, ""),
        ),
        base.officer,
    )
    assert problems == [
        "Row 3, contract: “NO-SUCH” is not a contract you return figures for",
        "Row 4, contract: “VSF-SV-01” is not a contract you return figures for",
    ]


def test_a_quarter_twice_in_the_file_or_already_returned_is_refused(base):
    returns_import(name="first.csv", data=csv_file(GOOD[0]), by=base.officer)
    with pytest.raises(ImportRefused) as caught:
        returns_import(
            name="again.csv",
            data=csv_file(GOOD[1], GOOD[1], GOOD[0]),
            by=base.officer,
        )
    problems = [str(problem) for problem in caught.value.problems]
    assert "Row 3, quarter: the same quarter is on row 2 too" in problems
    assert "Row 4, quarter: A return for 2026-27 Q1 has already been made." in problems
    assert QuarterlyReturn.objects.count() == 1, "only the first file's row"


def test_a_quarter_not_yet_ended_or_outside_the_contract_is_refused(base):
    problems = refused(
        csv_file(
            ("VSF-DA-01", 2026, 3, "1.00", 1, 1, 1, ""), ("VSF-DA-01", 2024, 4, "1", 1, 1, 1, "")
        ),
        base.officer,
    )
    assert problems == [
        "Row 2, quarter: A quarter can be returned only once it has ended.",
        "Row 3, quarter: The contract does not run in 2024-25 Q4.",
    ]


@pytest.mark.parametrize("cell", ["=1+2", "+1", "@SUM(A1)", "-A1", '=HYPERLINK("x")'])
def test_formula_like_text_in_a_csv_is_refused(base, cell):
    problems = refused(csv_file(("VSF-DA-01", 2026, 1, "1.00", 1, 1, 1, cell)), base.officer)
    assert problems == ["Row 2, notes: holds a formula or starts like one; enter the value itself"]


def test_a_formula_in_a_workbook_is_refused_even_where_it_would_compute_a_number(base):
    data = xlsx_file((GOOD[0][0], 2026, 1, 100.0, 1, 1, 1, ""), formula_at="F2")
    problems = refused(data, base.officer, name="returns.xlsx")
    assert problems == [
        "Row 2, people_supported: holds a formula or starts like one; enter the value itself"
    ]


def test_a_negative_number_is_a_number_not_a_formula(base):
    problems = refused(csv_file(("VSF-DA-01", 2026, 1, "-5", 1, 1, 1, "")), base.officer)
    assert problems == ["Row 2, spend: spend cannot be negative"]


def test_an_oversize_file_is_refused_before_it_is_read(base):
    data = csv_file(*GOOD) + b"#" * MAX_FILE_BYTES
    assert refused(data, base.officer) == [
        "The file is larger than 1000 KB. Split it, or send fewer rows."
    ]


def test_too_many_rows_are_refused(base):
    rows = [("VSF-DA-01", 2026, 1, "1", 1, 1, 1, "")] * (MAX_ROWS + 1)
    assert refused(csv_file(*rows), base.officer) == [
        f"The file has more than {MAX_ROWS} rows of returns."
    ]


def test_a_workbook_that_unpacks_too_large_is_refused(base):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    assert len(out.getvalue()) < MAX_FILE_BYTES
    assert refused(out.getvalue(), base.officer, name="bomb.xlsx") == [
        "The workbook unpacks to too large a size to read."
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("returns.pdf", b"%PDF-1.4 not a spreadsheet", "must be an Excel workbook"),
        ("returns.csv", b"", "The file is empty."),
        ("returns.csv", b"contract,year\nx,1\n", "Missing: quarter, spend"),
        ("returns.csv", "contract,year,quarter\n".encode("utf-16"), "not in UTF-8"),
        ("returns.xlsx", b"PK\x03\x04broken", "not a readable .xlsx"),
        ("returns.csv", csv_file(), "no returns under its first row"),
    ],
)
def test_files_that_are_not_returns_are_refused_with_a_reason(base, name, data, message):
    problems = refused(data, base.officer, name=name)
    assert len(problems) == 1
    assert message in problems[0]


def test_only_staff_of_a_provider_may_upload(base):
    with pytest.raises(ImportRefused) as caught:
        returns_import(name="r.csv", data=csv_file(GOOD[0]), by=base.commissioner)
    assert "is not a contract you return figures for" in str(caught.value.problems[0])
    with pytest.raises(ImportRefused):
        returns_import(name="r.csv", data=csv_file(GOOD[0]), by=base.other_officer)
    assert not QuarterlyReturn.objects.exists()


def test_the_reader_alone_needs_no_database():
    parsed = read_returns(name="r.csv", data=csv_file(GOOD[1]))
    assert not parsed.problems
    assert parsed.rows[0].year == 2026
    assert parsed.rows[0].quarter == 2


def test_permission_is_checked_again_for_a_form_return(base):
    from harbour.commissioning.services import return_submit

    with pytest.raises(PermissionDenied):
        return_submit(
            contract=base.contract,
            year=2026,
            quarter=1,
            spend=1,
            referrals_received=1,
            people_supported=1,
            outcomes_achieved=1,
            by=base.other_officer,
        )


def test_workbooks_are_parsed_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "openpyxl falls back to the standard library's XML parser"


def test_cell_problems_and_contract_problems_are_named_together_in_row_order(base):
    problems = refused(
        csv_file(("NO-SUCH", 2026, 1, "1", 1, 1, 1, ""), ("VSF-DA-01", 2026, 1, "x", 1, 1, 1, "")),
        base.officer,
    )
    assert problems == [
        "Row 2, contract: “NO-SUCH” is not a contract you return figures for",
        "Row 3, spend: enter an amount in pounds, such as 12500.00",
    ]
