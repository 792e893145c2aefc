from __future__ import annotations

import csv
import io

import pytest
from django.utils.translation import gettext_lazy

from harbour.statistics.export import SafeCsvWriter, neutralise_formula


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 151 000", "'+44 151 000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Liverpool", "Liverpool"),
        ("a=b", "a=b"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise_formula(value, safe):
    assert neutralise_formula(value) == safe


def test_lazy_text_is_neutralised_too():
    assert neutralise_formula(gettext_lazy("=1+1")) == "'=1+1"


def test_safe_csv_writer_neutralises_every_text_cell():
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([["name", "count"], ["=cmd|' /C calc'!A0", 3]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["name", "count"], ["'=cmd|' /C calc'!A0", "3"]]
