"""Published referral figures, released once a quarter (decision 0054).

Two sets, over the same referrals (those sent in the quarter, UK time, for a woman whose record
gives an area of the region):

- ``referrals.referrals``: area x kind of support (the need's top-level term of the directory's
  needs taxonomy) x outcome (accepted the same day, in 1-2, 3-7 or more than 7 days, declined,
  not decided). The dashboard's referrals by kind of support, acceptance rates and times to
  accept, by area, are all drawn from these tables, protected together.
- ``referrals.flows``: sending agency (or the woman herself) x receiving agency, for the whole
  region: who refers to whom. It shares one cell with the first set, the region's total, and
  nothing else (decision 0054 says why the two are apart, and what that one cell means).

Counts are made when a release is made, by one period-bounded query over the referrals (their
``sent_at`` is indexed): a quarter's referrals, a few thousand rows at the region's volume, are
read once a quarter and once a year for the revision, never on a page view.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Agency
from harbour.directory.queries import top_level_needs
from harbour.referrals.models import Referral
from harbour.regions.queries import area_categories
from harbour.statistics.periods import QUARTER, Period
from harbour.statistics.registry import DimensionSpec, TableSetSpec, table_sets
from harbour.statistics.tables import PublishedTable

REFERRALS = "referrals.referrals"
FLOWS = "referrals.flows"
LAG_DAYS = 14
NOT_RECORDED = "none"  # a referral that named no kind of support
SELF = "self"  # a woman's own referral: no sending agency

ACCEPTED_SAME_DAY = "accepted_0"
ACCEPTED_1_2 = "accepted_1_2"
ACCEPTED_3_7 = "accepted_3_7"
ACCEPTED_OVER_7 = "accepted_8"
DECLINED = "declined"
UNDECIDED = "undecided"
ACCEPTED_BANDS = (ACCEPTED_SAME_DAY, ACCEPTED_1_2, ACCEPTED_3_7, ACCEPTED_OVER_7)


def need_categories() -> list[tuple[str, str]]:
    return [
        *((term.code, term.name) for term in top_level_needs()),
        (NOT_RECORDED, str(_("Not recorded"))),
    ]


def outcome_categories() -> list[tuple[str, str]]:
    return [
        (ACCEPTED_SAME_DAY, str(_("Accepted the same day"))),
        (ACCEPTED_1_2, str(_("Accepted in 1 to 2 days"))),
        (ACCEPTED_3_7, str(_("Accepted in 3 to 7 days"))),
        (ACCEPTED_OVER_7, str(_("Accepted after more than 7 days"))),
        (DECLINED, str(_("Declined"))),
        (UNDECIDED, str(_("Not decided (waiting or withdrawn)"))),
    ]


def agency_categories() -> list[tuple[str, str]]:
    """Every agency, by name, keyed by its public id (inactive ones too: they may have referrals
    in a past quarter)."""
    return list(Agency.objects.order_by("name").values_list("public_id", "name"))


def sender_categories() -> list[tuple[str, str]]:
    return [*agency_categories(), (SELF, str(_("Herself (self-referral)")))]


def _uk_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def outcome_of(
    sent_at: datetime.datetime,
    accepted_at: datetime.datetime | None,
    declined_at: datetime.datetime | None,
) -> str:
    """A referral's outcome category: accepted (banded by whole days from sending to accepting,
    UK dates), declined, or not decided."""
    if accepted_at is not None:
        days = (_uk_date(accepted_at) - _uk_date(sent_at)).days
        if days <= 0:
            return ACCEPTED_SAME_DAY
        if days <= 2:
            return ACCEPTED_1_2
        if days <= 7:
            return ACCEPTED_3_7
        return ACCEPTED_OVER_7
    if declined_at is not None:
        return DECLINED
    return UNDECIDED


def _referrals(period: Period):
    """The quarter's referrals (sent in it, UK time) of women with an area of the region: one
    query bounded by the indexed ``sent_at``."""
    start, end = period.datetimes(timezone.get_default_timezone())
    areas = {code for code, _name in area_categories()}
    rows = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end).values_list(
        "person__local_authority__gss_code",
        "need__code",
        "need__parent__code",
        "from_agency__public_id",
        "to_agency__public_id",
        "sent_at",
        "accepted_at",
        "declined_at",
    )
    for area, need, parent, sender, receiver, sent, accepted, declined in rows.order_by():
        if area in areas:
            yield (
                area,
                parent or need or NOT_RECORDED,
                sender or SELF,
                receiver,
                sent,
                accepted,
                declined,
            )


def referral_counts(period: Period) -> Counter:
    """{(area, kind of support, outcome): referrals} sent in the quarter ``period``."""
    needs = {code for code, _label in need_categories()}
    counts: Counter = Counter()
    for area, need, _sender, _receiver, sent, accepted, declined in _referrals(period):
        need = need if need in needs else NOT_RECORDED  # a term since removed
        counts[(area, need, outcome_of(sent, accepted, declined))] += 1
    return counts


def flow_counts(period: Period) -> Counter:
    """{(sending agency or "self", receiving agency): referrals} sent in the quarter."""
    counts: Counter = Counter()
    for _area, _need, sender, receiver, _sent, _accepted, _declined in _referrals(period):
        counts[(sender, receiver)] += 1
    return counts


def first_referral() -> datetime.date | None:
    first = Referral.objects.aggregate(first=Min("sent_at"))["first"]
    return _uk_date(first) if first else None


# Both sets count the same referrals, so their grand total is one figure (``total_shown``); both
# are on the public open-data page (decisions 0054, 0055).
RELEASED_QUARTERLY = {
    "period": QUARTER,
    "open_data": True,
    "total_shown": True,
    "starts": first_referral,
    "lag_days": LAG_DAYS,
    "revise_every_months": 12,
}

table_sets.register(
    TableSetSpec(
        name=REFERRALS,
        title=_("Referrals by area, kind of support and outcome"),
        dimensions=(
            DimensionSpec("area", _("Area"), area_categories),
            DimensionSpec("need", _("Kind of support"), need_categories),
            DimensionSpec("outcome", _("Outcome"), outcome_categories),
        ),
        tables=(
            PublishedTable("by_area", ("area",), _("Referrals by area")),
            PublishedTable("by_need", ("need",), _("Referrals by kind of support")),
            PublishedTable(
                "by_area_need", ("area", "need"), _("Referrals by area and kind of support")
            ),
            PublishedTable("by_outcome", ("outcome",), _("Referrals by outcome")),
            PublishedTable(
                "by_area_outcome", ("area", "outcome"), _("Referrals by area and outcome")
            ),
        ),
        counts=referral_counts,
        **RELEASED_QUARTERLY,
    )
)

table_sets.register(
    TableSetSpec(
        name=FLOWS,
        title=_("Referrals between agencies"),
        dimensions=(
            DimensionSpec("sender", _("Referred by"), sender_categories),
            DimensionSpec("receiver", _("Referred to"), agency_categories),
        ),
        tables=(
            PublishedTable(
                "by_sender_receiver", ("sender", "receiver"), _("Referrals between agencies")
            ),
        ),
        counts=flow_counts,
        **RELEASED_QUARTERLY,
    )
)
