"""The default suppression rules, read from the ``HARBOUR_STATISTICS`` setting.

``HARBOUR_STATISTICS = {"THRESHOLD": 5, "SUPPRESS_ZEROS": False, "ROUNDING_BASE": None,
"MARKER": "[c]", "DERIVED_MINIMUM": 10}``; every key is optional. A bad value fails loudly at
first use rather than publishing figures under rules nobody chose.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from harbour.statistics.rules import SuppressionRules

_KEYS = {
    "THRESHOLD": "threshold",
    "SUPPRESS_ZEROS": "suppress_zeros",
    "ROUNDING_BASE": "rounding_base",
    "MARKER": "marker",
    "DERIVED_MINIMUM": "derived_minimum",
}


def default_rules() -> SuppressionRules:
    """The rules configured for this deployment (UK practice, "under 5", when unset)."""
    configured = getattr(settings, "HARBOUR_STATISTICS", None) or {}
    if not isinstance(configured, dict):
        raise ImproperlyConfigured("HARBOUR_STATISTICS must be a dict")
    unknown = sorted(set(configured) - set(_KEYS))
    if unknown:
        raise ImproperlyConfigured(f"HARBOUR_STATISTICS has unknown keys: {', '.join(unknown)}")
    try:
        return SuppressionRules(**{_KEYS[key]: value for key, value in configured.items()})
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"HARBOUR_STATISTICS: {error}") from error
