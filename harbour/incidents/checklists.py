"""The risk checklists of an incident, as the app that keeps them supplies them.

Incidents sit below risk (see docs/architecture.md, "Layers"): a checklist refers to the
incident it was completed for, so ``harbour.risk`` may import incidents and never the other way
round. The incident page still lists its checklists and asks for the police checklist, and the
officer's work queue still lists domestic-abuse incidents without one: risk supplies all three
by registering a source in its ``AppConfig.ready()``::

    register_checklist_source(ChecklistSource(for_incident=..., assessed=..., new_url=...))

Without a source, an incident has no checklists and none is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class ChecklistSource:
    # for_incident(incident=...): its checklists (already read through the incident's getter),
    # newest first.
    for_incident: Callable[..., Sequence[Any]]
    # assessed(): the primary keys of incidents with at least one checklist, as a subquery.
    assessed: Callable[[], QuerySet]
    # new_url(incident=...): the page that completes the police checklist for the incident.
    new_url: Callable[..., str]


_source: ChecklistSource | None = None


def register_checklist_source(source: ChecklistSource) -> None:
    global _source
    _source = source


def checklists_for_incident(*, incident) -> list[Any]:
    """The incident's checklists, newest first (none while no app supplies them)."""
    return list(_source.for_incident(incident=incident)) if _source else []


def assessed_incident_ids() -> QuerySet | None:
    """Primary keys of incidents with a checklist, for ``pk__in``; None while no app keeps
    checklists (then no incident is waiting for one)."""
    return _source.assessed() if _source else None


def checklist_url(*, incident) -> str | None:
    """Where the officer completes the police checklist for ``incident``, if anywhere."""
    return _source.new_url(incident=incident) if _source else None
