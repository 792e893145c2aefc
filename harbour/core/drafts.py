"""Drafts: what a user typed on a form kept between its pages, or saved to finish later.

What an officer types about a survivor before her record exists, or the answers of a risk
checklist, is personal data. Sessions are signed, not encrypted, so such a form is never kept
in the session: it is a row of a concrete subclass of :class:`Draft` in the app that owns the
form, its values in one encrypted column (``harbour.core.fields``), its owner the only user who
may read it, and an expiry: ``HARBOUR_DRAFT_HOURS`` after it was last saved, unless the
subclass sets its own lifetime in the class attribute ``lifetime_hours`` (a referral being
made lasts two hours, for example).

An expired draft is never read (every read goes through :meth:`DraftQuerySet.live`) and is
deleted by the background task :func:`harbour.core.tasks.drafts_expire`, queued for the expiry
of each new draft; a page that finishes the form deletes its draft at once::

    class VictimDraft(Draft):
        class Meta(Draft.Meta):
            verbose_name = _("draft of a victim's record")

    class ReferralDraft(Draft):
        lifetime_hours = 2  # instead of HARBOUR_DRAFT_HOURS

    draft = draft_save(VictimDraft, owner=user, data={...})          # new, or
    draft = draft_save(VictimDraft, owner=user, data={...}, draft=draft)
    draft = draft_get(VictimDraft, owner=user, draft_id=public_id)   # None if gone or expired
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.fields import EncryptedJSONField
from harbour.core.ids import PublicIdField, looks_like_public_id

D = TypeVar("D", bound="Draft")


def draft_hours() -> int:
    return int(getattr(settings, "HARBOUR_DRAFT_HOURS", 12))


def draft_lifetime(model: type[Draft]) -> datetime.timedelta:
    """How long a draft of ``model`` lasts after it was last saved: its ``lifetime_hours``
    when the model sets one, otherwise ``HARBOUR_DRAFT_HOURS``."""
    hours = model.lifetime_hours if model.lifetime_hours is not None else draft_hours()
    return datetime.timedelta(hours=hours)


class DraftQuerySet(models.QuerySet):
    def live(self, now: datetime.datetime | None = None):
        """Drafts that have not expired: the only ones ever read."""
        return self.filter(expires_at__gt=now or timezone.now())

    def expired(self, now: datetime.datetime | None = None):
        return self.filter(expires_at__lte=now or timezone.now())


class Draft(models.Model):
    """Abstract: one user's unfinished form. ``data`` holds the values typed (encrypted at
    rest, like every personal detail); the other columns say only whose it is and when."""

    public_id = PublicIdField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("saved by"),
    )
    data = EncryptedJSONField(_("what was typed"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("removed after"), db_index=True)

    objects = DraftQuerySet.as_manager()

    #: Hours a draft lasts after it was last saved; None: ``HARBOUR_DRAFT_HOURS``. A subclass
    #: whose form should not outlive a shorter time sets its own (read by :func:`draft_save`).
    lifetime_hours: ClassVar[int | None] = None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Never what was typed: strings of models end up in logs and error pages.
        return f"Draft {self.public_id}"


def draft_models() -> list[type[Draft]]:
    """Every concrete draft model of the installed apps."""
    return [m for m in apps.get_models() if issubclass(m, Draft)]


def draft_get(
    model: type[D], *, owner, draft_id: str, queryset: models.QuerySet | None = None, **match: Any
) -> D | None:
    """The owner's live draft with this public id (and ``match``), or None: another user's
    draft, an expired one and a guessed identifier look alike. ``queryset`` (of ``model``)
    may say which related rows to read with it."""
    if not isinstance(draft_id, str) or not looks_like_public_id(draft_id):
        return None
    rows = model.objects.all() if queryset is None else queryset
    return (
        rows.live().filter(public_id=draft_id, owner=owner, **match).first()
        if getattr(owner, "pk", None)
        else None
    )


def draft_find(model: type[D], *, owner, **match: Any) -> D | None:
    """The owner's latest live draft matching ``match`` (for example her person and
    incident), or None."""
    if not getattr(owner, "pk", None):
        return None
    return model.objects.live().filter(owner=owner, **match).order_by("-updated_at").first()


def draft_save(model: type[D], *, owner, data: dict, draft: D | None = None, **fields: Any) -> D:
    """Keep ``data`` in the owner's draft (a new one when ``draft`` is None), for the model's
    lifetime from now (:func:`draft_lifetime`). A new draft queues its removal at its expiry."""
    now = timezone.now()
    expires = now + draft_lifetime(model)
    with transaction.atomic():
        if draft is None:
            draft = model.objects.create(
                owner=owner, data=data, created_at=now, updated_at=now, expires_at=expires, **fields
            )
            from harbour.core.scheduling import enqueue_at
            from harbour.core.tasks import drafts_expire

            enqueue_at(drafts_expire, expires)
        else:
            draft.data = data
            draft.updated_at = now
            draft.expires_at = expires
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.save()
    return draft


def drafts_purge(now: datetime.datetime | None = None) -> int:
    """Delete every expired draft of every app. Returns how many."""
    now = now or timezone.now()
    return sum(model.objects.expired(now).delete()[0] for model in draft_models())


def drafts_next_expiry(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the next live draft expires (None when there is none)."""
    times = [
        model.objects.live(now).aggregate(first=models.Min("expires_at"))["first"]
        for model in draft_models()
    ]
    times = [t for t in times if t is not None]
    return min(times) if times else None
