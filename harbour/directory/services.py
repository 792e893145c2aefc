"""Every write to the directory."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.directory.choices import WEEKDAY_ORDER
from harbour.directory.models import (
    EntryReport,
    Location,
    Organisation,
    Schedule,
    SearchCount,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from harbour.directory.taxonomy import STANDARD_TAXONOMIES, taxonomy_uuid, term_uuid
from harbour.regions.models import LocalAuthority


def taxonomies_load_standard(*, using: str = "default") -> None:
    """Create or refresh the standard taxonomies and their terms (idempotent)."""
    with transaction.atomic(using=using):
        for spec in STANDARD_TAXONOMIES:
            taxonomy, _created = Taxonomy.objects.using(using).update_or_create(
                code=spec.code,
                defaults={
                    "oruk_id": taxonomy_uuid(spec.code),
                    "name": str(spec.name),
                    "description": str(spec.description),
                    "link_type": spec.link_type,
                },
            )
            terms: dict[str, TaxonomyTerm] = {}
            for position, term in enumerate(spec.terms):
                terms[term.code], _created = TaxonomyTerm.objects.using(using).update_or_create(
                    taxonomy=taxonomy,
                    code=term.code,
                    defaults={
                        "oruk_id": term_uuid(spec.code, term.code),
                        "name": str(term.name),
                        "description": str(term.description),
                        "parent": terms[term.parent] if term.parent else None,
                        "position": position,
                    },
                )


def _log_save(*, by, record, creating: bool, changed: Iterable[str]) -> None:
    access_log(
        user=by,
        action=Action.CREATE if creating else Action.UPDATE,
        record=record,
        detail={"fields": sorted(set(changed))},
    )


@transaction.atomic
def organisation_save(
    *, organisation: Organisation, by, changed: Iterable[str] = ()
) -> Organisation:
    """Create or change an organisation (already validated), and log who did it."""
    creating = organisation._state.adding
    organisation.save()
    _log_save(by=by, record=organisation, creating=creating, changed=changed)
    return organisation


@transaction.atomic
def location_save(*, location: Location, by, changed: Iterable[str] = ()) -> Location:
    creating = location._state.adding
    location.full_clean()
    location.save()
    _log_save(by=by, record=location, creating=creating, changed=changed)
    return location


@dataclass(frozen=True)
class OpeningTimes:
    days: Sequence[str]  # RFC 5545 codes: "MO", "TU"...
    opens_at: datetime.time
    closes_at: datetime.time
    description: str = ""

    @property
    def byday(self) -> str:
        return ",".join(sorted(set(self.days), key=WEEKDAY_ORDER.index))


@transaction.atomic
def service_save(
    *,
    service: Service,
    by,
    needs: Iterable[TaxonomyTerm],
    areas: Iterable[LocalAuthority],
    locations: Iterable[Location] = (),
    opening_times: Sequence[OpeningTimes] = (),
    changed: Iterable[str] = (),
) -> Service:
    """Create or change a service with its needs, areas, places and opening times.

    Places must belong to the service's organisation. Opening times replace the service's
    previous ones (rows are reused in order, so their identifiers stay put where they can).
    """
    creating = service._state.adding
    service.full_clean(exclude=["needs", "areas", "locations"])
    service.save()
    service.needs.set(list(needs))
    service.areas.set(list(areas))

    locations = list(locations)
    foreign = [loc for loc in locations if loc.organisation_id != service.organisation_id]
    if foreign:
        raise ValueError("a service can only be offered at its own organisation's places")
    wanted = {loc.pk for loc in locations}
    ServiceAtLocation.objects.filter(service=service).exclude(location_id__in=wanted).delete()
    existing = set(
        ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True)
    )
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=service, location_id=pk) for pk in wanted - existing]
    )

    rows = list(service.schedules.order_by("id"))
    for index, times in enumerate(opening_times):
        row = rows[index] if index < len(rows) else Schedule(service=service)
        row.byday = times.byday
        row.opens_at = times.opens_at
        row.closes_at = times.closes_at
        row.description = times.description
        row.save()
    for row in rows[len(opening_times) :]:
        row.delete()

    _log_save(by=by, record=service, creating=creating, changed=changed)
    return service


def week_beginning(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def search_count_record(
    *, need_code: str = "", area_code: str = "", on: datetime.date | None = None
) -> None:
    """Add one public search to its week's total for the need and area. Nothing else is kept."""
    week = week_beginning(on or timezone.localdate())
    key = {"week": week, "need_code": need_code, "area_code": area_code}
    if SearchCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(**key, count=1)
    except IntegrityError:  # another request created the row first
        SearchCount.objects.filter(**key).update(count=F("count") + 1)


def entry_report_create(*, service: Service, kind: str, details: str = "") -> EntryReport:
    """Record a public report that an entry is out of date (no personal data, day only)."""
    report = EntryReport(
        service=service, kind=kind, details=details.strip(), received_on=timezone.localdate()
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def entry_report_resolve(*, report: EntryReport, by) -> EntryReport:
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = by
        report.save(update_fields=["resolved_at", "resolved_by"])
        access_log(user=by, action=Action.REVIEW, record=report)
    return report
