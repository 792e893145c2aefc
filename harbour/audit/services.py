"""Writing to the access log. Every app records reads and writes of personal data here::

    from harbour.audit.services import access_log
    access_log(user=request.user, action=Action.VIEW, record=person, reason="Referral 3fk...")

A reason a user typed (for an emergency override, a correction, a restriction, a link) is never
put in ``reason``: store it once with :func:`reason_store` and pass the stored reason as
``reason_ref``; records that need the reason refer to the same stored reason.

Call it outside any transaction that may roll back when you are recording a refusal (a view
that logs and then raises ``PermissionDenied`` does so in autocommit), so the attempt is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from harbour.audit.models import AccessLogEntry, Action, Reason, ReasonKind

__all__ = [
    "AccessLogEntry",
    "Action",
    "Reason",
    "ReasonKind",
    "access_log",
    "reason_store",
    "record_reference",
]


def reason_store(*, kind: str, text: str, user=None) -> Reason:
    """Keep a reason a user typed, once and encrypted; refer to what this returns."""
    if kind not in ReasonKind.values:
        raise ValueError(f"not a kind of reason: {kind!r}")
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return Reason.objects.create(
        kind=kind, text=(text or "").strip(), written_by=user if signed_in else None
    )


def record_reference(record: models.Model) -> tuple[str, str]:
    """(record type, public id) for a model instance; falls back to the primary key."""
    record_type = record._meta.label_lower
    record_id = getattr(record, "public_id", None) or str(record.pk)
    return record_type, str(record_id)


def access_log(
    *,
    user,
    action: str,
    record: models.Model | None = None,
    record_type: str = "",
    record_id: str = "",
    reason: str = "",
    reason_ref: Reason | None = None,
    detail: dict[str, Any] | None = None,
    flagged: bool = False,
    username: str = "",
) -> AccessLogEntry:
    """Append one entry: who (and their agency), did what, to which record, and why: ``reason``
    in Harbour's own words, ``reason_ref`` a reason the user gave (from :func:`reason_store`)."""
    if record is not None:
        record_type, record_id = record_reference(record)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    agency = getattr(user, "agency", None) if signed_in else None
    return AccessLogEntry.objects.create(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else username,
        agency=agency,
        agency_name=agency.name if agency else "",
        action=action,
        record_type=record_type,
        record_id=record_id,
        reason=reason,
        reason_ref=reason_ref,
        detail=detail or {},
        flagged=flagged,
    )
