"""What the staff area offers each user: navigation links and panels on the home page.

Each app registers its own entries in its ``AppConfig.ready()``, so the staff layout knows
nothing about individual capabilities::

    register_nav(NavItem(label=_("Access log"), url_name="audit:search",
                         roles={Role.ADMINISTRATOR}, order=90))
    register_home_panel(my_queue_panel)  # callable(user) -> HomePanel | None
    register_role_intro("education_provider", _("Harbour keeps your programmes..."))

A role's introduction opens its home page: what Harbour does for that role. Roles whose own
work is small (the sex-worker liaison officer, the education provider) are told what they can
do now, so their home page is never just "nothing waiting".
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: Collection[str] | None = None  # None: every signed-in user
    order: int = 50

    def allows(self, user) -> bool:
        return self.roles is None or getattr(user, "role", None) in self.roles

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomePanel:
    """A summary on the staff home page, e.g. "3 follow-ups due today"."""

    title: str | Promise
    url: str
    count: int | None = None
    description: str | Promise = ""
    urgent: bool = False
    order: int = 50
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url) pairs


_nav: list[NavItem] = []
_panels: list[Callable[[object], HomePanel | None]] = []
_intros: dict[str, list[str | Promise]] = {}


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _nav):
        _nav.append(item)


def register_home_panel(panel: Callable[[object], HomePanel | None]) -> None:
    if panel not in _panels:
        _panels.append(panel)


def register_role_intro(role: str, text: str | Promise) -> None:
    """A paragraph for the top of a role's home page; several apps may add one each."""
    texts = _intros.setdefault(str(role), [])
    if text not in texts:
        texts.append(text)


def role_intro_for(user) -> list[str | Promise]:
    return list(_intros.get(str(getattr(user, "role", "")), []))


def nav_for(user) -> list[NavItem]:
    return sorted((item for item in _nav if item.allows(user)), key=lambda item: item.order)


def home_panels_for(user) -> list[HomePanel]:
    panels = [panel(user) for panel in _panels]
    return sorted((p for p in panels if p is not None), key=lambda p: (not p.urgent, p.order))
