import copy
import json

import pytest
from django.core.management import CommandError, call_command

from harbour.risk.definitions import DefinitionError, parse_definition, shipped_tool_files
from harbour.risk.models import RiskToolVersion
from harbour.risk.queries import risk_tool_current
from harbour.risk.services import risk_tool_load

pytestmark = pytest.mark.django_db


def ric_document() -> dict:
    path = next(p for p in shipped_tool_files() if "practitioner" in p.name)
    return json.loads(path.read_text())


def test_shipped_tools_are_loaded_after_migrations():
    assert risk_tool_current(key="practitioner-checklist").version == "1"
    assert risk_tool_current(key="police-checklist").definition.scoring.method == "officer_graded"


def test_a_newer_version_loads_without_code_changes(tmp_path):
    v2 = ric_document()
    v2["version"] = "2"
    v2["sections"][0]["questions"][0]["text"] = "Were you hurt in the most recent incident?"
    path = tmp_path / "ric-v2.json"
    path.write_text(json.dumps(v2))
    call_command("load_risk_tool", str(path))
    current = risk_tool_current(key="practitioner-checklist")
    assert current.version == "2"
    assert current.definition.questions[0].text.startswith("Were you hurt")
    old = RiskToolVersion.objects.get(tool__key="practitioner-checklist", version="1")
    assert old.is_current is False
    assert old.definition.questions[0].text == "Were you injured in the latest incident?"


def test_loading_the_same_version_again_changes_nothing():
    before = RiskToolVersion.objects.count()
    risk_tool_load(document=ric_document())
    assert RiskToolVersion.objects.count() == before


def test_a_loaded_version_cannot_be_rewritten():
    changed = ric_document()
    changed["scoring"]["bands"][0]["min_yes"] = 12
    with pytest.raises(DefinitionError, match="already loaded"):
        risk_tool_load(document=changed)


def test_malformed_documents_are_refused_with_where():
    bad = copy.deepcopy(ric_document())
    bad["sections"][0]["questions"][3]["opens"] = ["nowhere"]
    with pytest.raises(DefinitionError, match="opens unknown follow-on 'nowhere'"):
        parse_definition(bad)
    bad = copy.deepcopy(ric_document())
    del bad["sections"][0]["questions"][2]["text"]
    with pytest.raises(DefinitionError, match="section 1 question 3: 'text' is missing"):
        parse_definition(bad)
    bad = copy.deepcopy(ric_document())
    bad["scoring"]["bands"][0]["min_yes"] = 30
    with pytest.raises(DefinitionError, match="only 24 questions"):
        parse_definition(bad)


def test_command_reports_bad_files(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_risk_tool", str(path))
