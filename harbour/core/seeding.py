"""What the demo's seeders share: a random source, the demo password and the sign-ins to print.

Each app that contributes demo data has a ``demo.py`` with ``seed(ctx: DemoContext) -> None``,
listed in ``settings.HARBOUR_DEMO_SEEDERS`` in the order they must run; ``harbour.demo`` (the top
layer) runs them. This context lives in core so that every app's seeder can take it without
importing the demo app above it. All data is synthetic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoSignIn:
    username: str
    description: str


@dataclass
class DemoContext:
    password: str
    seed: int = 2026
    sign_ins: list[DemoSignIn] = field(default_factory=list)
    # Objects one seeder makes for later ones, e.g. shared["agencies"]["police"].
    shared: dict[str, Any] = field(default_factory=dict)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 - synthetic data, not security

    def add_sign_in(self, username: str, description: str) -> None:
        self.sign_ins.append(DemoSignIn(username=username, description=description))
