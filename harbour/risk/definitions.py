"""Risk tools as data: a tool version is a JSON document of questions and scoring rules.

A force moving to a newer tool loads it as another version (``manage.py load_risk_tool``), with no
code change. The document's shape::

    {
      "key": "practitioner-checklist", "name": "...", "version": "1", "description": "...",
      "scoring": {"method": "count_yes",
                  "bands": [{"level": "high", "min_yes": 14}, {"level": "medium", "min_yes": 10}],
                  "default_level": "standard"}
                 | {"method": "officer_graded"},
      "escalation": {"police_callouts": 3, "months": 12},
      "sections": [{"title": "...", "questions": [
          {"id": "stalking", "text": "...", "help": "...", "opens": ["stalking"]}]}],
      "follow_ons": [{"id": "stalking", "title": "...",
                      "questions": [{"id": "...", "text": "..."}]}]
    }

Follow-on questions open from the questions that name them in ``opens`` and do not count towards
the number of "yes" answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

TOOLS_DIR = Path(__file__).resolve().parent / "tools"


class Level(models.TextChoices):
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


LEVEL_ORDER = {Level.STANDARD: 0, Level.MEDIUM: 1, Level.HIGH: 2}


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class DefinitionError(ValueError):
    """The tool document is malformed; the message says where."""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str = ""
    opens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class FollowOn:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Band:
    level: str
    min_yes: int


@dataclass(frozen=True)
class Scoring:
    method: str  # "count_yes" or "officer_graded"
    bands: tuple[Band, ...] = ()
    default_level: str = Level.STANDARD


@dataclass(frozen=True)
class Escalation:
    police_callouts: int
    months: int


@dataclass(frozen=True)
class ToolDefinition:
    key: str
    name: str
    version: str
    description: str
    scoring: Scoring
    escalation: Escalation | None
    sections: tuple[Section, ...]
    follow_ons: tuple[FollowOn, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """The main questions (not the follow-ons), in order."""
        return tuple(q for section in self.sections for q in section.questions)

    @property
    def follow_on_questions(self) -> tuple[Question, ...]:
        return tuple(q for group in self.follow_ons for q in group.questions)

    def question(self, question_id: str) -> Question:
        for q in (*self.questions, *self.follow_on_questions):
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def follow_on(self, group_id: str) -> FollowOn:
        for group in self.follow_ons:
            if group.id == group_id:
                return group
        raise KeyError(group_id)


def _require(data: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
    if key not in data:
        raise DefinitionError(f"{where}: '{key}' is missing.")
    value = data[key]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise DefinitionError(f"{where}: '{key}' must be a non-empty {kind.__name__}.")
    return value


def _question(data: Any, where: str) -> Question:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where} must be an object.")
    opens = data.get("opens", [])
    if not isinstance(opens, list) or not all(isinstance(o, str) for o in opens):
        raise DefinitionError(f"{where}: 'opens' must be a list of follow-on ids.")
    return Question(
        id=_require(data, "id", where),
        text=_require(data, "text", where),
        help=str(data.get("help", "")),
        opens=tuple(opens),
    )


def _scoring(data: Any) -> Scoring:
    if not isinstance(data, dict):
        raise DefinitionError("'scoring' must be an object.")
    method = _require(data, "method", "scoring")
    if method == "officer_graded":
        return Scoring(method=method)
    if method != "count_yes":
        raise DefinitionError("scoring: 'method' must be 'count_yes' or 'officer_graded'.")
    bands = []
    for index, band in enumerate(_require(data, "bands", "scoring", list), start=1):
        where = f"scoring band {index}"
        level = _require(band, "level", where)
        if level not in Level.values:
            raise DefinitionError(f"{where}: level must be one of {', '.join(Level.values)}.")
        min_yes = _require(band, "min_yes", where, int)
        if min_yes < 1:
            raise DefinitionError(f"{where}: 'min_yes' must be at least 1.")
        bands.append(Band(level=level, min_yes=min_yes))
    default = data.get("default_level", Level.STANDARD)
    if default not in Level.values:
        raise DefinitionError("scoring: 'default_level' is not a level.")
    bands.sort(key=lambda b: b.min_yes, reverse=True)
    return Scoring(method=method, bands=tuple(bands), default_level=default)


def parse_definition(data: Any) -> ToolDefinition:
    """Check a tool document and return it as a :class:`ToolDefinition`."""
    if not isinstance(data, dict):
        raise DefinitionError("A risk tool must be a JSON object.")
    sections = tuple(
        Section(
            title=_require(section, "title", f"section {s}"),
            questions=tuple(
                _question(q, f"section {s} question {n}")
                for n, q in enumerate(_require(section, "questions", f"section {s}", list), 1)
            ),
        )
        for s, section in enumerate(_require(data, "sections", "tool", list), start=1)
    )
    follow_ons = tuple(
        FollowOn(
            id=_require(group, "id", f"follow-on {g}"),
            title=_require(group, "title", f"follow-on {g}"),
            questions=tuple(
                _question(q, f"follow-on {g} question {n}")
                for n, q in enumerate(_require(group, "questions", f"follow-on {g}", list), 1)
            ),
        )
        for g, group in enumerate(data.get("follow_ons", []), start=1)
    )
    escalation = None
    if "escalation" in data:
        escalation = Escalation(
            police_callouts=_require(data["escalation"], "police_callouts", "escalation", int),
            months=_require(data["escalation"], "months", "escalation", int),
        )
    definition = ToolDefinition(
        key=_require(data, "key", "tool"),
        name=_require(data, "name", "tool"),
        version=str(_require(data, "version", "tool")),
        description=str(data.get("description", "")),
        scoring=_scoring(data.get("scoring")),
        escalation=escalation,
        sections=sections,
        follow_ons=follow_ons,
    )
    ids = [q.id for q in (*definition.questions, *definition.follow_on_questions)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DefinitionError(f"Question ids must be unique: {', '.join(duplicates)}.")
    if not definition.questions:
        raise DefinitionError("A risk tool needs at least one question.")
    group_ids = {group.id for group in definition.follow_ons}
    for q in definition.questions:
        for opened in q.opens:
            if opened not in group_ids:
                raise DefinitionError(f"Question '{q.id}' opens unknown follow-on '{opened}'.")
    for band in definition.scoring.bands:
        if band.min_yes > len(definition.questions):
            raise DefinitionError(
                f"The {band.level} band needs {band.min_yes} 'yes' answers but the tool has "
                f"only {len(definition.questions)} questions."
            )
    return definition


def load_definition_file(path: Path | str) -> tuple[ToolDefinition, dict[str, Any]]:
    """Read and check a tool file; returns the definition and the raw document."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DefinitionError(f"Cannot read {path}: {exc}") from exc
    return parse_definition(raw), raw


def shipped_tool_files() -> list[Path]:
    return sorted(TOOLS_DIR.glob("*.json"))
