from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from harbour.regions.demo import POPULATION_FILE
from harbour.regions.models import LocalAuthority
from harbour.regions.queries import area_categories, area_denominators
from harbour.regions.services import AreasFileError, areas_load_from_csv

HEADER = "gss_code,local_authority,population_all_ages,women_16_plus\n"

pytestmark = pytest.mark.django_db


def load(text: str):
    return areas_load_from_csv(path_or_file=io.BytesIO(text.encode()))


def test_the_demo_file_loads_the_six_areas_of_the_region():
    result = areas_load_from_csv(path_or_file=POPULATION_FILE)
    assert (result.created, result.updated) == (6, 0)
    assert [area.name for area in LocalAuthority.objects.all()] == [
        "Halton",
        "Knowsley",
        "Liverpool",
        "Sefton",
        "St Helens",
        "Wirral",
    ]
    liverpool = LocalAuthority.objects.get(gss_code="E08000012")
    assert (liverpool.population_all_ages, liverpool.women_16_plus) == (486_100, 201_700)


def test_loading_again_updates_rather_than_duplicates():
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    result = load(HEADER + "E08000012,Liverpool,490000,203000\n")
    assert (result.created, result.updated) == (0, 1)
    assert LocalAuthority.objects.count() == 6
    assert LocalAuthority.objects.get(gss_code="E08000012").women_16_plus == 203_000


def test_any_set_of_areas_loads_with_extra_columns_a_bom_and_unknown_populations():
    text = (
        "\ufeffregion,gss_code,local_authority,population_all_ages,women_16_plus\n"
        "Wales,W06000015,Cardiff,362400,\n"
        "Scotland,S12000036,City of Edinburgh,514990,214000\n"
    )
    assert load(text).created == 2
    assert area_denominators() == {"W06000015": None, "S12000036": 214_000}
    assert area_denominators(field="population_all_ages")["W06000015"] == 362_400
    assert area_categories() == [("W06000015", "Cardiff"), ("S12000036", "City of Edinburgh")]


# A good line comes first in each bad file: it must not be imported either.
GOOD = HEADER + "E06000006,Halton Renamed,1,1\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "gss_code,local_authority,population_all_ages\nE08000012,Liverpool,1\n",
            "Line 1: the header lacks the column(s) women_16_plus.",
        ),
        (
            GOOD + "E08000011,Knowsley,lots,64100\n",
            "Line 3: population_all_ages must be a whole number, not 'lots'.",
        ),
        (
            GOOD + "E08000012,Liverpool,-5,201700\n",
            "Line 3: population_all_ages must be a whole number, not '-5'.",
        ),
        (
            GOOD + "E08000012,Liverpool,486100,2.5\n",
            "Line 3: women_16_plus must be a whole number, not '2.5'.",
        ),
        (
            GOOD + "E08000012,Liverpool,486100,201700\nE08000012,Knowsley,154500,64100\n",
            "Line 4: GSS code E08000012 is already on line 3.",
        ),
        (
            GOOD + "E0800012,Liverpool,486100,201700\n",
            "Line 3: 'E0800012' is not a GSS code (a letter E, W, S or N and eight digits, such as "
            "E08000012).",
        ),
        (GOOD + "X08000012,Liverpool,486100,201700\n", "Line 3: 'X08000012' is not a GSS code"),
        (GOOD + "E08000012,,486100,201700\n", "Line 3: the local authority has no name."),
        (GOOD + "E08000012,Liverpool,486100\n", "Line 3: expected 4 values, found 3."),
        (HEADER, "The file has no areas."),
        ("", "The file is empty."),
    ],
)
def test_a_bad_file_imports_nothing_and_names_the_line(text, message):
    areas_load_from_csv(path_or_file=POPULATION_FILE)
    before = list(LocalAuthority.objects.values_list("gss_code", "name", "women_16_plus"))
    with pytest.raises(AreasFileError) as raised:
        load(text)
    assert any(m.startswith(message) for m in raised.value.messages), raised.value.messages
    after = list(LocalAuthority.objects.values_list("gss_code", "name", "women_16_plus"))
    assert after == before


def test_every_fault_is_listed():
    text = HEADER + "bad,Liverpool,x,1\nE08000011,,1,1\n"
    with pytest.raises(AreasFileError) as raised:
        load(text)
    assert [m.split(":")[0] for m in raised.value.messages] == ["Line 2", "Line 2", "Line 3"]


def test_a_file_that_is_not_utf8_or_too_large_is_refused():
    with pytest.raises(AreasFileError, match="not UTF-8"):
        areas_load_from_csv(path_or_file=io.BytesIO(HEADER.encode() + b"E08000012,Li\xff,1,1\n"))
    with pytest.raises(AreasFileError, match="larger than"):
        areas_load_from_csv(path_or_file=io.BytesIO(b"x" * 1_000_001))
    assert not LocalAuthority.objects.exists()


def test_the_command_loads_a_file_and_reports():
    out = io.StringIO()
    call_command("load_areas", str(POPULATION_FILE), stdout=out)
    assert "Loaded 6 areas: 6 new, 0 updated." in out.getvalue()


def test_the_command_fails_clearly_on_a_bad_file(tmp_path):
    bad = tmp_path / "areas.csv"
    bad.write_text(HEADER + "E08000012,Liverpool,many,1\n")
    with pytest.raises(CommandError, match=r"Nothing was imported\.\nLine 2: population_all_ages"):
        call_command("load_areas", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_areas", str(tmp_path / "missing.csv"))
    assert not LocalAuthority.objects.exists()
