"""The MARAC referral a checklist led to, as the MARAC app supplies it.

MARAC sits above risk (its referrals are made from checklists; see docs/architecture.md,
"Layers"), so risk never imports it. The result page asks this hook instead, and
``harbour.marac`` registers its finder in ``AppConfig.ready()``::

    register_marac_referral_finder(marac_referral_link)

The finder takes ``user`` and ``source`` (the assessment) and returns what the page shows
(reference, status, the MARAC's name, and a URL or None), or None. Without a finder there is
nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_finder: Callable[..., Any] | None = None


def register_marac_referral_finder(finder: Callable[..., Any]) -> None:
    global _finder
    _finder = finder


def marac_referral_for(*, user, assessment) -> Any | None:
    """The MARAC referral ``assessment`` gave a reason to, as ``user`` may follow it."""
    return _finder(user=user, source=assessment) if _finder else None
