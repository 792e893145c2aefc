"""Writes in campaigns: the commissioner records a campaign."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.services import Action, access_log
from harbour.campaigns.models import Campaign


def may_manage(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) == Role.COMMISSIONER
        and agency is not None
        and agency.kind == AgencyKind.COMBINED_AUTHORITY
        and agency.is_active
    )


@transaction.atomic
def campaign_create(
    *,
    name: str,
    message: str,
    channels: list[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    areas: Iterable,
    reach: int | None = None,
    by,
) -> Campaign:
    if not may_manage(by):
        raise PermissionDenied("only the commissioner records campaigns")
    areas = list(areas)
    campaign = Campaign(
        name=name,
        message=message,
        channels=list(channels),
        starts_on=starts_on,
        ends_on=ends_on,
        reach=reach,
        created_by=by,
    )
    campaign.full_clean()
    if not areas:
        raise ValidationError({"areas": _("Choose the areas the campaign ran in.")})
    campaign.save()
    campaign.areas.set(areas)
    access_log(user=by, action=Action.CREATE, record=campaign, reason="campaign")
    return campaign
