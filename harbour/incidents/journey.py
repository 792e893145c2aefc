"""Steps of recording an incident that other apps add, as they supply them.

Incidents sit below the casework apps (docs/architecture.md, "Layers"), so a step another app
owns is offered through this registry: ``harbour.followups`` registers the 24-hour follow-up,
a step of the journey in its pilot areas only. A provider takes the incident (read through its
getter) and returns a :class:`JourneyStep`, or None when its step does not apply::

    register_journey_step(lambda *, incident: JourneyStep(...) or None)

Without providers the journey has its own four steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JourneyStep:
    label: str  # as the list of steps names it
    url: str | None  # where the officer takes it; None while it cannot be taken yet
    done: bool  # nothing is left to do in it
    description: str = ""  # what it is for, shown where the journey leads to it


_providers: list[Callable[..., JourneyStep | None]] = []


def register_journey_step(provider: Callable[..., JourneyStep | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def journey_steps(*, incident) -> list[JourneyStep]:
    """The steps other apps add for this incident (after the domestic abuse decision)."""
    if incident is None:
        return []
    return [step for provider in _providers if (step := provider(incident=incident))]


def next_journey_step(*, incident) -> JourneyStep | None:
    """The first added step that can be taken and is not done."""
    return next((s for s in journey_steps(incident=incident) if s.url and not s.done), None)
