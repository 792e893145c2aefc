"""Loading risk tool versions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from harbour.risk.definitions import (
    DefinitionError,
    load_definition_file,
    parse_definition,
    shipped_tool_files,
)
from harbour.risk.models import RiskTool, RiskToolVersion


def _checksum(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def risk_tool_load(*, document: dict[str, Any], make_current: bool = True) -> RiskToolVersion:
    """Load a tool version from its document; loading the same document again changes nothing.

    A version already loaded with different content is refused: versions never change, so
    assessments made with them keep their meaning. A newer version becomes the current one.
    """
    definition = parse_definition(document)
    checksum = _checksum(document)
    tool, _created = RiskTool.objects.get_or_create(
        key=definition.key, defaults={"name": definition.name}
    )
    existing = tool.versions.filter(version=definition.version).first()
    if existing is not None:
        if existing.checksum != checksum:
            raise DefinitionError(
                f"{definition.name} version {definition.version} is already loaded with "
                "different questions or rules. Give the new document a new version number."
            )
        return existing
    if make_current:
        tool.versions.filter(is_current=True).update(is_current=False)
        if tool.name != definition.name:
            tool.name = definition.name
            tool.save(update_fields=["name"])
    return RiskToolVersion.objects.create(
        tool=tool,
        version=definition.version,
        document=document,
        checksum=checksum,
        is_current=make_current,
    )


def risk_tool_load_file(*, path: Path | str, make_current: bool = True) -> RiskToolVersion:
    _definition, document = load_definition_file(path)
    return risk_tool_load(document=document, make_current=make_current)


def risk_tools_load_shipped() -> list[RiskToolVersion]:
    """Load the tool versions shipped with Harbour (harbour/risk/tools/) that are missing."""
    loaded = []
    for path in shipped_tool_files():
        _definition, document = load_definition_file(path)
        tool = RiskTool.objects.filter(key=document["key"]).first()
        if tool and tool.versions.filter(version=str(document["version"])).exists():
            continue
        make_current = tool is None or not tool.versions.exists()
        loaded.append(risk_tool_load(document=document, make_current=make_current))
    return loaded
