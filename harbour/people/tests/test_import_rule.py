"""The need-to-know rule is mechanical: ruff refuses the Person model outside its doors."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
SOURCE = "from harbour.people.models import Person\n\nprint(Person.objects.count())\n"


def ruff(filename: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own linter on our own source
        [RUFF, "check", "--select", "TID251", "--stdin-filename", filename, "-"],
        input=SOURCE,
        text=True,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
@pytest.mark.parametrize(
    "filename", ["harbour/people/views.py", "harbour/referrals/services.py", "harbour/x/views.py"]
)
def test_importing_person_elsewhere_is_refused_with_the_getter_named(filename):
    result = ruff(filename)
    assert result.returncode == 1
    assert "person_get_for_user" in result.stdout


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
@pytest.mark.parametrize(
    "filename",
    ["harbour/people/services.py", "harbour/people/queries.py", "harbour/people/admin.py"],
)
def test_the_doors_may_import_it(filename):
    assert ruff(filename).returncode == 0
