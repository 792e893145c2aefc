"""One door per guarded record: her encrypted fields are decrypted only inside a door.

A record whose encrypted fields must be read only through access-checking getters (a person
record: ``harbour.people`` registers it in its ``AppConfig.ready()``) is *guarded*. Every
decryption of an encrypted field (``harbour.core.fields``) passes through :func:`on_decrypt`,
whichever way the row was reached: an import of the model, ``apps.get_model(...)``, a lookup
through another model's foreign key (``values("victim__address")``), a model found through
``_meta.get_field(...).related_model``, or an attribute (``incident.victim``).

A getter or service that applies need-to-know opens the door around its reads::

    @doors.door
    def person_get_for_user(*, user, person_id, ...): ...

    with doors.opened("demo seeding"):
        ...

Under test (the root ``conftest.py`` turns :func:`enforce` on for every test), a decryption of a
guarded field outside every door raises :class:`DoorViolation` and is remembered, so that a
read whose error was swallowed still fails the test. Outside tests the guard costs one check
and refuses nothing. Models rendered from migration state (module ``__fake__``) are data
migrations' own and always pass.

:func:`decryptions` counts decrypted fields by model and name, for tests that a page decrypts
only what it shows.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

__all__ = [
    "DoorViolation",
    "decryptions",
    "door",
    "enforce",
    "guarded_labels",
    "is_open",
    "on_decrypt",
    "opened",
    "register_guarded",
    "violations",
]

P = ParamSpec("P")
R = TypeVar("R")

_open: ContextVar[tuple[str, ...]] = ContextVar("harbour_doors_open", default=())
_guarded: dict[str, str] = {}  # model label -> the door to use instead
_state: dict[str, Any] = {"enforcing": False, "violations": [], "counters": []}


class DoorViolation(AssertionError):
    """A guarded record's encrypted field was decrypted outside every door."""


def register_guarded(label: str, *, door_name: str) -> None:
    """Guard the encrypted fields of model ``label`` (``"app_label.ModelName"``); ``door_name``
    names the getter to use instead, for the error message."""
    _guarded[label] = door_name


def guarded_labels() -> frozenset[str]:
    return frozenset(_guarded)


@contextmanager
def opened(name: str) -> Iterator[None]:
    """Reads of guarded records inside this block are the door's own (``name`` says whose)."""
    token = _open.set((*_open.get(), name))
    try:
        yield
    finally:
        _open.reset(token)


def door(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate an access-checking getter or service: its reads pass the guard."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with opened(name):
            return func(*args, **kwargs)

    return wrapper


def is_open() -> bool:
    return bool(_open.get())


def on_decrypt(field: Any) -> None:
    """Called by every encrypted field as it decrypts a value read from the database."""
    model = getattr(field, "model", None)
    if model is None:
        return
    label = model._meta.label
    for counter in _state["counters"]:
        counter[f"{label}.{field.name}"] += 1
    if not _state["enforcing"] or label not in _guarded or _open.get():
        return
    if model.__module__ == "__fake__":  # a model of a migration's state: a data migration
        return
    message = (
        f"{label}.{field.name} was decrypted outside its door, {_where()}: read it through "
        f"{_guarded[label]} (or open a door in the service that checks access)."
    )
    _state["violations"].append(message)
    raise DoorViolation(message)


def _where(depth: int = 3) -> str:
    """The innermost lines of Harbour's own code (or a test's) that led to the read."""
    frame = sys._getframe(2)
    lines: list[str] = []
    while frame is not None and len(lines) < depth:
        filename = frame.f_code.co_filename
        if ("/harbour/" in filename or "/tests/" in filename) and not filename.endswith(
            ("/core/doors.py", "/core/fields.py")
        ):
            lines.append(f"{filename.rsplit('/harbour/', 1)[-1]}:{frame.f_lineno}")
        frame = frame.f_back
    return "at " + " < ".join(lines) if lines else "outside Harbour's code"


@contextmanager
def enforce() -> Iterator[list[str]]:
    """Refuse reads of guarded fields outside a door inside this block; yields the list of
    refusals (kept even when the error was caught by the code under test)."""
    previous = _state["enforcing"], _state["violations"]
    found: list[str] = []
    _state["enforcing"], _state["violations"] = True, found
    try:
        yield found
    finally:
        _state["enforcing"], _state["violations"] = previous


def violations() -> list[str]:
    return list(_state["violations"])


@contextmanager
def decryptions() -> Iterator[Counter[str]]:
    """Count the fields decrypted inside this block, as ``Counter({"app.Model.field": n})``."""
    counter: Counter[str] = Counter()
    _state["counters"].append(counter)
    try:
        yield counter
    finally:
        _state["counters"].remove(counter)
