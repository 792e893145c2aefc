"""Demo campaigns: one in the last complete quarter (its searches and self-referrals released),
and the sixteen days of action running now. Synthetic reach figures."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.campaigns.models import Channel
from harbour.campaigns.services import campaign_create
from harbour.core.seeding import DemoContext
from harbour.statistics.periods import QUARTER


def seed(ctx: DemoContext) -> None:
    analyst = ctx.shared["users"]["analyst"]
    areas = ctx.shared["areas"]
    today = timezone.localdate()
    last = QUARTER.containing(today).previous()
    campaign_create(
        name="Know the signs",
        message="Controlling behaviour is abuse. Find support safely, any time.",
        channels=[Channel.SOCIAL_MEDIA, Channel.TRANSPORT, Channel.HEALTH],
        starts_on=last.start + datetime.timedelta(days=14),
        ends_on=last.last_day - datetime.timedelta(days=14),
        areas=list(areas.values()),
        reach=182_000,
        by=analyst,
    )
    campaign_create(
        name="Sixteen days of action",
        message="Every woman and girl has the right to be safe. Talk to us.",
        channels=[Channel.RADIO, Channel.POSTERS, Channel.SCHOOLS],
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=10),
        areas=[areas["Liverpool"], areas["Knowsley"]],
        reach=None,
        by=analyst,
    )
