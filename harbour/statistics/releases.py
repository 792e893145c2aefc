"""Releases: a table set's protected figures for a period, made once, stored, shown from storage.

The release API for every app that publishes figures:

- declare the set with a ``period`` (see :class:`~harbour.statistics.registry.TableSetSpec`);
- :func:`releases_publish_due` makes every release that is due, for every released set (the
  ``publish_releases`` command and the daily task call it: a page view never does);
- :func:`release_make` makes one period's first release; :func:`revision_consider` looks at
  late records and corrections for a released period and publishes a revision only when the
  change is safe;
- :func:`releases_current` gives the latest version of each released period, oldest first,
  and :meth:`StoredRelease.protected_tables` its tables, rebuilt from storage;
  :func:`sum_of_releases` adds up released periods into a longer one;
- templates: ``{% load published_figures %}{% release_header release %}`` prints the period,
  the date, any revision note and the information lost; ``{% published_table table %}`` each
  table; :func:`harbour.statistics.render.release_csv_rows` starts a download with them.

Revisions. The change between two versions of a period is itself a table of counts. A reader
holding both knows the change in every cell published in both; a change of 1 to threshold - 1
there ("one more case in Knowsley in May") is not published. For every other cell whose change
is that small, the change's range, from what the reader holds of both versions, must take at
least ``threshold`` values and include "no change" (worked out with integer programmes, see
:mod:`harbour.statistics.intervals`). A revision that cannot meet this, in either of two
patterns (protected afresh, or keeping every cell the revised release withheld), is held back
and looked at again ``revise_every_months`` later, with whatever else has come in.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from harbour.statistics.intervals import ReaderModel, change_ranges
from harbour.statistics.models import Release, ReleaseCounts
from harbour.statistics.periods import Period, periods_between
from harbour.statistics.protect import Protection, protect_cube, tables_from_cube
from harbour.statistics.published import ProtectedTable
from harbour.statistics.registry import TableSetRegistry, TableSetSpec, table_sets
from harbour.statistics.rules import Reason, SuppressionRules
from harbour.statistics.suppression import (
    NOT_WITHHELD,
    PRIMARY,
    SECONDARY,
    STRUCTURAL,
    protection_need,
    published_cells,
)
from harbour.statistics.tables import CountTable, Dimension, PublishedTable, with_totals

logger = logging.getLogger(__name__)

EXTRA_WITHHELD_BOUND = 0.10
"""A revision withholds at most this share of its figures more than protecting its period
alone would (ten percentage points); otherwise it is held back."""


# Building and protecting ----------------------------------------------------------------------


def _released_spec(name: str, registry: TableSetRegistry | None) -> TableSetSpec:
    spec = (registry or table_sets).get(name)
    if not spec.is_released:
        raise ValueError(f"table set {name!r} has no period: it is not released")
    return spec


def _rules(spec: TableSetSpec) -> SuppressionRules:
    from harbour.statistics.conf import default_rules

    return spec.rules or default_rules()


def _structural(spec: TableSetSpec, period: Period, dimensions: Sequence[Dimension]) -> np.ndarray:
    shape = tuple(d.size for d in dimensions)
    mask = np.zeros(shape, dtype=bool)
    if spec.structural_zeros is None:
        return mask
    names = [d.name for d in dimensions]
    is_zero = spec.structural_zeros(period)
    for position in np.ndindex(shape):
        keys = {n: d.categories[i] for n, d, i in zip(names, dimensions, position, strict=True)}
        mask[position] = bool(is_zero(keys))
    return mask


def _counts(spec: TableSetSpec, period: Period, dimensions: Sequence[Dimension]) -> CountTable:
    return CountTable.from_counts(dimensions, spec.counts(period))


class StructuralZeroError(ValueError):
    """Records were counted in a cell the table set declares zero by design."""


def _protect(
    spec: TableSetSpec,
    period: Period,
    dimensions: Sequence[Dimension],
    *,
    keep: np.ndarray | None = None,
    counts: CountTable | None = None,
    structural: np.ndarray | None = None,
) -> tuple[CountTable, np.ndarray, Protection]:
    counts = counts if counts is not None else _counts(spec, period, dimensions)
    structural = structural if structural is not None else _structural(spec, period, dimensions)
    if np.any(counts.counts[structural] != 0):
        where = [
            ", ".join(d.categories[i] for d, i in zip(dimensions, p, strict=True))
            for p in map(tuple, np.argwhere(structural & (counts.counts != 0)).tolist()[:5])
        ]
        raise StructuralZeroError(
            f"{spec.name} {period.key}: records counted in cells declared zero by design "
            f"({'; '.join(where)})"
        )
    protection = protect_cube(
        counts,
        tables=spec.tables,
        rules=_rules(spec),
        structural=structural,
        keep=keep,
        total_shown=spec.total_shown,
    )
    return counts, structural, protection


# Storage --------------------------------------------------------------------------------------


def _dimensions_json(dimensions: Sequence[Dimension]) -> list[dict]:
    return [
        {
            "name": d.name,
            "label": str(d.label),
            "categories": [[key, str(d.label_for(key))] for key in d.categories],
            "total_label": str(d.total_label),
        }
        for d in dimensions
    ]


def _dimensions_from_json(data: list[dict]) -> tuple[Dimension, ...]:
    return tuple(
        Dimension(
            name=d["name"],
            label=d["label"],
            categories=tuple(key for key, _label in d["categories"]),
            category_labels=tuple(label for _key, label in d["categories"]),
            total_label=d["total_label"],
        )
        for d in data
    )


def _rules_json(rules: SuppressionRules) -> dict:
    return {
        "threshold": rules.threshold,
        "suppress_zeros": rules.suppress_zeros,
        "rounding_base": rules.rounding_base,
        "marker": rules.marker,
        "derived_minimum": rules.derived_minimum,
    }


def _store(
    *,
    spec: TableSetSpec,
    period: Period,
    counts: CountTable,
    structural: np.ndarray,
    protection: Protection,
    revision: int,
    alone_share: float,
    reason: str = "",
    changes: list | None = None,
    now: datetime.datetime,
) -> Release:
    shown = protection.shown()
    release = Release.objects.create(
        table_set=spec.name,
        period_key=period.key,
        period_start=period.start,
        period_end=period.last_day,
        revision=revision,
        made_at=now,
        reason=reason,
        changes=changes or [],
        rules=_rules_json(protection.rules),
        dimensions=_dimensions_json(counts.dimensions),
        tables=[
            {"name": t.name, "title": str(t.title), "dimensions": list(t.dimensions)}
            for t in spec.tables
        ],
        shown=[None if v is None else int(v) for v in shown.flat],
        status=[int(code) for code in protection.status.flat],
        all_withheld=protection.all_withheld,
        withheld_share=protection.withheld_share(),
        alone_withheld_share=alone_share,
        next_revision_on=_months_after(timezone.localdate(now), spec.revise_every_months),
    )
    ReleaseCounts.objects.create(
        release=release,
        counts=[int(v) for v in counts.counts.flat],
        structural=[bool(v) for v in structural.flat],
    )
    if spec.estimates is not None:
        # Worked out from the records of the period and the tables exactly as a reader gets
        # them (so a derived figure divides the published count, never the true one).
        tables = StoredRelease(release=release, spec=spec, period=period).protected_tables()
        release.estimates = spec.estimates(period, tables)
        release.save(update_fields=["estimates"])
        release.refresh_from_db(fields=["estimates"])
    return release


def _months_after(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class StoredRelease:
    """A release as readers get it: rebuilt from storage only."""

    release: Release
    spec: TableSetSpec | None
    period: Period | None
    revisions: tuple[Release, ...] = field(default=())

    @property
    def rules(self) -> SuppressionRules:
        return SuppressionRules(**self.release.rules)

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return _dimensions_from_json(self.release.dimensions)

    @property
    def label(self) -> str:
        if self.period is not None:
            return self.period.label
        return gettext("%(start)s to %(end)s") % {
            "start": date_format(self.release.period_start, "j F Y"),
            "end": date_format(self.release.period_end, "j F Y"),
        }

    @property
    def key(self) -> str:
        return self.release.period_key

    @property
    def estimates(self) -> dict:
        """The set's estimates as stored when this version was made (see
        ``TableSetSpec.estimates``): read, never worked out again."""
        return self.release.estimates or {}

    @property
    def published_on(self) -> datetime.date:
        """The day this period was first published (UK time)."""
        return timezone.localdate(self.first_published)

    def _cube(self) -> tuple[np.ndarray, np.ndarray]:
        shape = tuple(d.size + 1 for d in self.dimensions)
        shown = np.empty(len(self.release.shown), dtype=object)
        shown[:] = self.release.shown
        status = np.array(self.release.status, dtype=np.int8)
        return shown.reshape(shape), status.reshape(shape)

    def protected_tables(self) -> dict[str, ProtectedTable]:
        """The tables as published, by name: stored values, current (translated) titles."""
        titles = {t.name: t.title for t in self.spec.tables} if self.spec else {}
        tables = [
            PublishedTable(t["name"], tuple(t["dimensions"]), titles.get(t["name"], t["title"]))
            for t in self.release.tables
        ]
        dimensions = self.dimensions
        if self.spec is not None:
            labels = {d.name: d.label for d in self.spec.dimensions}
            dimensions = tuple(
                Dimension(
                    name=d.name,
                    label=labels.get(d.name, d.label),
                    categories=d.categories,
                    category_labels=d.category_labels,
                    total_label=d.total_label,
                )
                for d in dimensions
            )
        shown, status = self._cube()
        return tables_from_cube(
            dimensions=dimensions, tables=tables, rules=self.rules, shown=shown, status=status
        )

    def information_lost(self) -> tuple[float, float]:
        """(share of figures withheld, share that protecting this period alone withholds)."""
        return self.release.withheld_share, self.release.alone_withheld_share

    @property
    def first_published(self) -> datetime.datetime:
        if not self.release.revision:
            return self.release.made_at
        first = Release.objects.get(
            table_set=self.release.table_set, period_key=self.release.period_key, revision=0
        )
        return first.made_at

    def revision_notes(self) -> list[str]:
        """In words, for each revision: when, why, and what changed."""
        notes = []
        for revision in self.revisions:
            changed = "; ".join(
                ngettext(
                    "%(title)s: %(n)d figure changed",
                    "%(title)s: %(n)d figures changed",
                    change["figures"],
                )
                % {"title": self._title(change), "n": change["figures"]}
                for change in revision.changes
            )
            notes.append(
                gettext("Revised on %(day)s. %(why)s %(what)s")
                % {
                    "day": date_format(timezone.localdate(revision.made_at), "j F Y"),
                    "why": revision.reason,
                    "what": (changed + ".") if changed else "",
                }
            )
        return notes

    def _title(self, change: dict) -> str:
        if self.spec is not None:
            for table in self.spec.tables:
                if table.name == change["table"]:
                    return str(table.title or table.name)
        return change["title"] or change["table"]

    def information_lost_note(self) -> str:
        share, alone = self.information_lost()
        if self.release.all_withheld:
            return gettext("Every figure of this release is withheld.")
        return gettext(
            "Information lost: %(share)s of figures withheld (%(alone)s if this period were "
            "protected on its own)."
        ) % {"share": f"{share:.0%}", "alone": f"{alone:.0%}"}

    def csv_preamble(self) -> list[list[str]]:
        """Rows that start every download of this release: what, which period, when."""
        rows = [
            [gettext("Figures"), str(self.spec.title) if self.spec else self.release.table_set],
            [gettext("Period"), self.label],
            [
                gettext("Published"),
                date_format(timezone.localdate(self.first_published), "j F Y"),
            ],
        ]
        rows.extend([gettext("Revision"), note] for note in self.revision_notes())
        rows.append([gettext("Information lost"), self.information_lost_note()])
        return rows


def _stored(release: Release, registry: TableSetRegistry | None = None) -> StoredRelease:
    try:
        spec = (registry or table_sets).get(release.table_set)
    except KeyError:
        spec = None
    period = None
    if spec is not None and spec.period is not None:
        period = spec.period.containing(release.period_start)
    revisions = tuple(
        Release.objects.filter(
            table_set=release.table_set,
            period_key=release.period_key,
            revision__gt=0,
            revision__lte=release.revision,
        ).order_by("revision")
    )
    return StoredRelease(release=release, spec=spec, period=period, revisions=revisions)


# Reading -----------------------------------------------------------------------------------


def releases_current(
    *, name: str, last: int | None = None, registry: TableSetRegistry | None = None
) -> list[StoredRelease]:
    """The latest version of each released period of ``name``, oldest first (the last ``last``
    periods only, if given). Nothing here works counts out: it reads what was published."""
    latest: dict[str, Release] = {}
    for release in Release.objects.filter(table_set=name).order_by("period_start", "revision"):
        latest[release.period_key] = release
    chosen = list(latest.values())
    if last is not None:
        chosen = chosen[-last:] if last else []
    return [_stored(release, registry) for release in chosen]


def release_current(
    *, name: str, period_key: str, registry: TableSetRegistry | None = None
) -> StoredRelease | None:
    release = (
        Release.objects.filter(table_set=name, period_key=period_key).order_by("-revision").first()
    )
    return _stored(release, registry) if release else None


def sum_of_releases(
    releases: Sequence[StoredRelease], table: str, *, name: str | None = None
) -> ProtectedTable | None:
    """A longer period as the sum of released ones: each cell is the sum of the published
    cells, withheld where any of them is withheld (so it tells a reader nothing they could not
    add up themselves). The releases must share the table's categories."""
    if not releases:
        return None
    tables = [r.protected_tables()[table] for r in releases]
    first = tables[0]
    for other in tables[1:]:
        if [d.categories for d in other.dimensions] != [d.categories for d in first.dimensions]:
            raise ValueError("releases with different categories cannot be added up")
    shape = tuple(d.size + 1 for d in first.dimensions)
    values = np.full(shape, None, dtype=object)
    reasons = np.full(shape, None, dtype=object)
    structural = np.ones(shape, dtype=bool)
    for position in np.ndindex(shape):
        cells = [t.cell_at(position) for t in tables]
        structural[position] = all(c.structural for c in cells)
        if any(c.value is None for c in cells):
            reasons[position] = Reason.SECONDARY
        else:
            values[position] = sum(c.value for c in cells)
    return ProtectedTable(
        name=name or f"{table}_sum",
        title=first.title,
        dimensions=first.dimensions,
        rules=first.rules,
        values=values,
        reasons=reasons,
        structural=structural,
    )


# Making releases ---------------------------------------------------------------------------


def _latest(name: str, period: Period) -> Release | None:
    return (
        Release.objects.filter(table_set=name, period_key=period.key).order_by("-revision").first()
    )


@transaction.atomic
def release_make(
    *,
    name: str,
    period: Period,
    registry: TableSetRegistry | None = None,
    now: datetime.datetime | None = None,
) -> Release:
    """The first release of ``period``: protected and stored once. Asking again returns the
    release already made (its figures never change; revisions are separate)."""
    spec = _released_spec(name, registry)
    now = now or timezone.now()
    if not period.is_complete(timezone.localdate(now)):
        raise ValueError(f"{name} {period.key} has not ended: only complete periods are released")
    existing = _latest(name, period)
    if existing is not None:
        return existing
    dimensions = tuple(d.build() for d in spec.dimensions)
    counts, structural, protection = _protect(spec, period, dimensions)
    try:
        with transaction.atomic():
            release = _store(
                spec=spec,
                period=period,
                counts=counts,
                structural=structural,
                protection=protection,
                revision=0,
                alone_share=protection.withheld_share(),
                now=now,
            )
    except IntegrityError:  # another worker made it first: that one stands
        return _latest(name, period)  # type: ignore[return-value]
    logger.info("released %s", release)
    return release


def releases_due(
    *, name: str, today: datetime.date | None = None, registry: TableSetRegistry | None = None
) -> list[Period]:
    """Complete periods (their lag passed) of ``name`` with no release yet, oldest first."""
    spec = _released_spec(name, registry)
    today = today or timezone.localdate()
    first = spec.starts()
    if first is None:
        return []
    assert spec.period is not None
    made = set(Release.objects.filter(table_set=name).values_list("period_key", flat=True))
    cutoff = today - datetime.timedelta(days=spec.lag_days)
    return [p for p in periods_between(spec.period, first, cutoff) if p.key not in made]


@dataclass
class RevisionOutcome:
    """What considering a revision did: ``published`` (with the release), ``unchanged``,
    ``held back`` (with why), or ``not due``."""

    status: str
    release: Release | None = None
    why: str = ""


def _held_model(release: Release) -> ReaderModel:
    """What a reader holding ``release`` knows, with the true counts behind it."""
    dimensions = _dimensions_from_json(release.dimensions)
    counts = np.array(release.true_counts.counts, dtype=np.int64)
    values = with_totals(counts.reshape(tuple(d.size for d in dimensions)))
    names = [d.name for d in dimensions]
    axes = [[names.index(n) for n in t["dimensions"]] for t in release.tables]
    return ReaderModel(
        values=values,
        published=published_cells(values.shape, axes),
        status=np.array(release.status, dtype=np.int8).reshape(values.shape),
        rules=SuppressionRules(**release.rules),
        all_withheld=release.all_withheld,
    )


def _change_problem(
    earlier: Iterable[Release], protection: Protection, rules: SuppressionRules
) -> str:
    """Why publishing ``protection`` beside the ``earlier`` versions would show a small change,
    or "" when it would not."""
    need = protection_need(rules)
    later = ReaderModel(
        values=protection.values,
        published=protection.published,
        status=protection.status,
        rules=rules,
        all_withheld=protection.all_withheld,
    )
    shown_now = protection.published & (protection.status == NOT_WITHHELD)
    for release in earlier:
        model = _held_model(release)
        if model.values.shape != protection.values.shape:
            return gettext("the categories have changed since the period was released")
        change = protection.values - model.values
        small = protection.published & (np.abs(change) > 0) & (np.abs(change) < rules.threshold)
        shown_then = model.published & (model.status == NOT_WITHHELD)
        if np.any(small & shown_then & shown_now):
            return gettext("a change of fewer than %(threshold)s would be shown") % {
                "threshold": rules.threshold
            }
        cells = [tuple(c) for c in np.argwhere(small).tolist()]
        for interval in change_ranges(model, later, cells).values():
            if 0 not in interval or interval.width < need:
                return gettext("a small change could be worked out from the withheld figures")
    return ""


def _changes(earlier: Release, protection: Protection, spec: TableSetSpec) -> list[dict]:
    """For each table, how many published figures differ from the earlier version."""
    before = np.array([np.nan if v is None else v for v in earlier.shown], dtype=float).reshape(
        protection.values.shape
    )
    after = np.array(
        [np.nan if v is None else v for v in protection.shown().flat], dtype=float
    ).reshape(protection.values.shape)
    differs = ~((before == after) | (np.isnan(before) & np.isnan(after)))
    names = [d.name for d in protection.dimensions]
    result = []
    for table in spec.tables:
        axes = [names.index(n) for n in table.dimensions]
        mask = published_cells(protection.values.shape, [axes])
        changed = int((differs & mask).sum())
        if changed:
            result.append({"table": table.name, "title": str(table.title), "figures": changed})
    return result


@transaction.atomic
def revision_consider(
    *,
    name: str,
    period: Period,
    reason: str = "",
    force: bool = False,
    registry: TableSetRegistry | None = None,
    now: datetime.datetime | None = None,
) -> RevisionOutcome:
    """Look at late records and corrections for a released period; publish a revision only if
    its change is safe (see the module's notes), else hold it back until the next look.

    ``force`` looks now rather than on the release's ``next_revision_on``; ``reason`` says, in
    words, why the figures are revised (late records and corrections, by default).
    """
    spec = _released_spec(name, registry)
    now = now or timezone.now()
    today = timezone.localdate(now)
    latest = _latest(name, period)
    if latest is None:
        raise ValueError(f"{name} {period.key} has not been released")
    latest = Release.objects.select_for_update().get(pk=latest.pk)
    if not force and today < latest.next_revision_on:
        return RevisionOutcome("not due")
    dimensions = _dimensions_from_json(latest.dimensions)
    counts = _counts(spec, period, dimensions)
    structural = _structural(spec, period, dimensions)
    if list(counts.counts.flat) == latest.true_counts.counts:
        latest.next_revision_on = _months_after(today, spec.revise_every_months)
        latest.held_back = ""
        latest.save(update_fields=["next_revision_on", "held_back"])
        return RevisionOutcome("unchanged")
    earlier = list(Release.objects.filter(table_set=name, period_key=period.key))
    rules = _rules(spec)
    _c, _s, alone = _protect(spec, period, dimensions, counts=counts, structural=structural)
    shape = alone.values.shape
    kept = np.array(latest.status, dtype=np.int8).reshape(shape)
    keep = (kept == PRIMARY) | (kept == SECONDARY)
    _c, _s, carried = _protect(
        spec, period, dimensions, counts=counts, structural=structural, keep=keep
    )
    why = ""
    chosen = None
    for candidate in (alone, carried):
        if candidate.withheld_share() > alone.withheld_share() + EXTRA_WITHHELD_BOUND:
            why = why or gettext("it would withhold too many more figures than a single release")
            continue
        problem = _change_problem(earlier, candidate, rules)
        if not problem:
            chosen = candidate
            break
        why = problem
    if chosen is None:
        latest.held_back = gettext("Held back on %(day)s: %(why)s.") % {
            "day": date_format(today, "j F Y"),
            "why": why,
        }
        latest.next_revision_on = _months_after(today, spec.revise_every_months)
        latest.save(update_fields=["held_back", "next_revision_on"])
        logger.info("revision of %s held back: %s", latest, why)
        return RevisionOutcome("held back", why=why)
    release = _store(
        spec=spec,
        period=period,
        counts=counts,
        structural=structural,
        protection=chosen,
        revision=latest.revision + 1,
        alone_share=alone.withheld_share(),
        reason=reason
        or gettext("Records made late, and corrections made, since the figures were published."),
        changes=_changes(latest, chosen, spec),
        now=now,
    )
    latest.held_back = ""
    latest.save(update_fields=["held_back"])
    logger.info("revised %s", release)
    return RevisionOutcome("published", release=release)


@dataclass
class PublishSummary:
    released: list[Release] = field(default_factory=list)
    revised: list[Release] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            ngettext("%(n)d release made", "%(n)d releases made", len(self.released))
            % {"n": len(self.released)}
            + "; "
            + ngettext("%(n)d revision", "%(n)d revisions", len(self.revised))
            % {"n": len(self.revised)}
            + "; "
            + gettext("%(held)d held back; %(failed)d failed")
            % {
                "held": len(self.held_back),
                "failed": len(self.failed),
            }
        )


def releases_publish_due(
    *,
    names: Sequence[str] | None = None,
    now: datetime.datetime | None = None,
    registry: TableSetRegistry | None = None,
) -> PublishSummary:
    """Make every release that is due: first releases of complete periods, then revisions due
    for periods already released. A set that fails (records in a structural zero, say) is
    reported and the others go on."""
    registry = registry or table_sets
    now = now or timezone.now()
    today = timezone.localdate(now)
    summary = PublishSummary()
    for name in names or registry.names():
        spec = registry.get(name)
        if not spec.is_released:
            continue
        try:
            for period in releases_due(name=name, today=today, registry=registry):
                summary.released.append(
                    release_make(name=name, period=period, registry=registry, now=now)
                )
            assert spec.period is not None
            for stored in releases_current(name=name, registry=registry):
                if stored.release.next_revision_on > today:
                    continue
                period = spec.period.containing(stored.release.period_start)
                outcome = revision_consider(name=name, period=period, registry=registry, now=now)
                if outcome.release is not None:
                    summary.revised.append(outcome.release)
                elif outcome.status == "held back":
                    summary.held_back.append(f"{name} {stored.key}: {outcome.why}")
        except (StructuralZeroError, ValueError, KeyError) as error:
            logger.error("releases of %s failed: %s", name, error)
            summary.failed.append(f"{name}: {error}")
    return summary


__all__ = [
    "EXTRA_WITHHELD_BOUND",
    "STRUCTURAL",
    "PublishSummary",
    "RevisionOutcome",
    "StoredRelease",
    "StructuralZeroError",
    "release_current",
    "release_make",
    "releases_current",
    "releases_due",
    "releases_publish_due",
    "revision_consider",
    "sum_of_releases",
]
