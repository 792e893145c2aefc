"""Demo campaigns: one in the last complete quarter (its searches and self-referrals released),
and the sixteen days of action running now. Synthetic reach figures.

So that there is something to set them against, the seeder also makes a synthetic history of
Find support's weekly search totals and of self-referrals the hub has since closed, from the
quarter before the first campaign's: weekly totals as the search page keeps them, and
self-referrals with nothing about anyone in them (all their personal fields empty), a little
busier while the campaign ran."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.campaigns.models import Channel
from harbour.campaigns.services import campaign_create
from harbour.core.seeding import DemoContext
from harbour.directory.models import SearchCount
from harbour.referrals.choices import SelfReferralClosure, SelfReferralStatus
from harbour.referrals.models import SelfReferral
from harbour.statistics.periods import QUARTER


def _history(ctx: DemoContext, *, since: datetime.date, busy: tuple[datetime.date, datetime.date]):
    areas = ctx.shared["areas"]
    hub = ctx.shared["agencies"]["hub"]
    today = timezone.localdate()
    week = since - datetime.timedelta(days=since.weekday())
    counts, referrals = [], []
    while week + datetime.timedelta(days=7) <= today:
        lift = 1.6 if busy[0] <= week <= busy[1] else 1.0
        for area in areas.values():
            counts.append(
                SearchCount(
                    week=week,
                    need_code="",
                    area_code=area.gss_code,
                    count=round(ctx.rng.randint(20, 45) * lift),
                )
            )
            for _number in range(round(ctx.rng.randint(0, 2) * lift)):
                received = timezone.make_aware(
                    datetime.datetime.combine(
                        week + datetime.timedelta(days=ctx.rng.randint(0, 6)), datetime.time(11)
                    )
                )
                referrals.append(
                    SelfReferral(
                        agency=hub,
                        received_at=received,
                        local_authority=area,
                        status=SelfReferralStatus.CLOSED,
                        closed_at=received + datetime.timedelta(days=2),
                        close_reason=SelfReferralClosure.SIGNPOSTED,
                    )
                )
        week += datetime.timedelta(days=7)
    SearchCount.objects.bulk_create(counts)
    SelfReferral.objects.bulk_create(referrals)


def seed(ctx: DemoContext) -> None:
    commissioner = ctx.shared["users"]["commissioner"]
    areas = ctx.shared["areas"]
    today = timezone.localdate()
    last = QUARTER.containing(today).previous()
    _history(
        ctx,
        since=last.previous().start,
        busy=(last.start + datetime.timedelta(days=14), last.last_day - datetime.timedelta(days=7)),
    )
    campaign_create(
        name="Know the signs",
        message="Controlling behaviour is abuse. Find support safely, any time.",
        channels=[Channel.SOCIAL_MEDIA, Channel.TRANSPORT, Channel.HEALTH],
        starts_on=last.start + datetime.timedelta(days=14),
        ends_on=last.last_day - datetime.timedelta(days=14),
        areas=list(areas.values()),
        reach=182_000,
        by=commissioner,
    )
    campaign_create(
        name="Sixteen days of action",
        message="Every woman and girl has the right to be safe. Talk to us.",
        channels=[Channel.RADIO, Channel.POSTERS, Channel.SCHOOLS],
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=10),
        areas=[areas["Liverpool"], areas["Knowsley"]],
        reach=None,
        by=commissioner,
    )
