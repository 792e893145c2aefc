"""Each user's work queue: what needs doing, ordered by what needs doing first.

Apps register providers in ``AppConfig.ready()``; a provider takes the signed-in user and returns
the items waiting for them (or their agency), already limited to what they may see::

    def followups_due(user) -> Iterable[WorkItem]:
        ...
    register_work_provider(followups_due)

The staff home page shows the merged queue. Order: overdue first, then priority (0 is the most
urgent, e.g. high risk), then the earliest due time, then the oldest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.functional import Promise


class Priority:
    URGENT = 0  # high risk, safeguarding of children, a deadline under a day
    HIGH = 1
    NORMAL = 2
    LOW = 3


@dataclass(frozen=True)
class WorkItem:
    kind: str | Promise  # what sort of work, e.g. "Referral", "24-hour follow-up"
    title: str | Promise  # what to do, shown to a user who may see it
    url: str
    priority: int = Priority.NORMAL
    due: datetime | None = None
    created: datetime | None = None
    detail: str | Promise = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()

    def sort_key(self) -> tuple:
        far = datetime.max.replace(tzinfo=UTC)
        return (
            not self.overdue,
            self.priority,
            self.due or far,
            self.created or far,
        )


WorkProvider = Callable[[object], Iterable[WorkItem]]
_providers: list[WorkProvider] = []


def register_work_provider(provider: WorkProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def work_for(user) -> list[WorkItem]:
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=WorkItem.sort_key)
