"""Reads of the directory used by the public pages, the staff pages, the API and other apps.

Other apps find services here, e.g. a referral to "a specialist service found in the directory
by need and area"::

    from harbour.directory.queries import services_for

    for service in services_for(need="forced-marriage", area="E06000006"):
        agency = service.organisation.agency   # the partnership agency that receives referrals
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import Role
from harbour.core.navigation import HomePanel
from harbour.directory.choices import PUBLIC_STATUSES, ServiceStatus
from harbour.directory.models import (
    EntryReport,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from harbour.directory.permissions import can_edit_directory
from harbour.directory.taxonomy import NEEDS
from harbour.regions.models import LocalAuthority

MAX_SEARCH_WORDS = 8


def need_terms() -> QuerySet[TaxonomyTerm]:
    """Every term of the needs taxonomy, in list order (children after their parent)."""
    return TaxonomyTerm.objects.filter(taxonomy__code=NEEDS).select_related("parent")


def top_level_needs() -> QuerySet[TaxonomyTerm]:
    return need_terms().filter(parent__isnull=True)


def need_get(code: str) -> TaxonomyTerm | None:
    return need_terms().filter(code=code).first()


def _term_ids_with_children(terms: Iterable[TaxonomyTerm]) -> list[int]:
    ids = [term.pk for term in terms]
    children = TaxonomyTerm.objects.filter(parent_id__in=ids).values_list("pk", flat=True)
    return [*ids, *children]


def filter_by_terms(services: QuerySet[Service], terms: Iterable[TaxonomyTerm]) -> QuerySet:
    """Services tagged with any of ``terms`` or with a narrower term under one of them."""
    through = Service.needs.through
    ids = _term_ids_with_children(terms)
    return services.filter(
        pk__in=through.objects.filter(taxonomyterm_id__in=ids).values("service_id")
    )


def filter_by_area(services: QuerySet[Service], area: LocalAuthority) -> QuerySet[Service]:
    through = Service.areas.through
    return services.filter(
        pk__in=through.objects.filter(localauthority_id=area.pk).values("service_id")
    )


def filter_by_text(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """Every word must appear in the service's name, description or organisation's name.

    The organisations whose names hold a word are found first, in one query for all the words,
    so that the condition on services names only the services' own columns: on PostgreSQL each
    word is then answered from the trigram indexes on name and description (migration
    ``0002_word_search_indexes``) instead of a scan of every service.
    """
    words = text.split()[:MAX_SEARCH_WORDS]
    if not words:
        return services
    matches = {
        f"word_{n}": Case(
            When(name__icontains=word, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for n, word in enumerate(words)
    }
    organisations = list(
        Organisation.objects.filter(reduce(operator.or_, (Q(name__icontains=w) for w in words)))
        .annotate(**matches)
        .values("pk", *matches)
    )
    for n, word in enumerate(words):
        condition = Q(name__icontains=word) | Q(description__icontains=word)
        named = [row["pk"] for row in organisations if row[f"word_{n}"]]
        if named:
            condition |= Q(organisation_id__in=named)
        services = services.filter(condition)
    return services


def service_search(
    *,
    need: TaxonomyTerm | None = None,
    area: LocalAuthority | None = None,
    text: str = "",
    statuses: Iterable[str] | None = PUBLIC_STATUSES,
) -> QuerySet[Service]:
    """Services by need (with narrower needs), area and words, open ones first, then by name."""
    services = Service.objects.select_related("organisation")
    if statuses is not None:
        services = services.filter(status__in=list(statuses))
    if need is not None:
        services = filter_by_terms(services, [need])
    if area is not None:
        services = filter_by_area(services, area)
    if text.strip():
        services = filter_by_text(services, text)
    return services.order_by("status", "name", "pk")


def services_for(
    *, need: TaxonomyTerm | str, area: LocalAuthority | str, open_only: bool = True
) -> QuerySet[Service]:
    """Services that meet ``need`` (a term or its code) in ``area`` (an area or its GSS code),
    with their organisation and its partnership agency (``service.organisation.agency``, which
    may be ``None`` for an organisation outside the partnership)."""
    if isinstance(need, str):
        need_term = need_get(need)
        if need_term is None:
            raise LookupError(f"no need with the code {need!r}")
        need = need_term
    if isinstance(area, str):
        area = LocalAuthority.objects.get(gss_code=area)
    statuses = [ServiceStatus.ACTIVE] if open_only else None
    return service_search(need=need, area=area, statuses=statuses).select_related(
        "organisation__agency"
    )


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a service page or the API's nested service shows, in a fixed number of
    queries whatever the number of services."""
    return services.select_related("organisation").prefetch_related(
        Prefetch("needs", queryset=TaxonomyTerm.objects.select_related("taxonomy", "parent")),
        Prefetch("areas", queryset=LocalAuthority.objects.order_by("name")),
        Prefetch("schedules", queryset=Schedule.objects.order_by("id")),
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__local_authority").order_by(
                "location__name", "id"
            ),
        ),
    )


def public_service_get(public_id: str) -> Service | None:
    """A service the public may see (open or temporarily closed), with its details."""
    return with_details(
        Service.objects.filter(public_id=public_id, status__in=PUBLIC_STATUSES)
    ).first()


def reports_open() -> QuerySet[EntryReport]:
    return EntryReport.objects.filter(resolved_at__isnull=True).select_related(
        "service__organisation"
    )


def reports_open_panel(user) -> HomePanel | None:
    """Directory editors see how many public reports of out-of-date entries wait for them."""
    if not can_edit_directory(user):
        return None
    count = reports_open().count()
    return HomePanel(
        title=_("Reports of out-of-date directory entries"),
        url=reverse("directory-staff:reports"),
        count=count,
        description=_("Reports from the public waiting to be checked."),
        urgent=False,
        order=60,
    )


# Roles with no casework of their own: their home page offers finding a service and passing her
# on (they make no referrals in Harbour: the hub's public form is the way in for her).
FIND_AND_REFER_ROLES = frozenset({Role.LIAISON_OFFICER, Role.EDUCATION_PROVIDER})


def find_and_refer_panel(user) -> HomePanel | None:
    if getattr(user, "role", None) not in FIND_AND_REFER_ROLES:
        return None
    return HomePanel(
        title=_("Find a service and pass her on"),
        url=reverse("directory-staff:services"),
        description=_(
            "Search the region's services by need and area, and give her the details of one that "
            "fits. If she wants someone to contact her, the victim care hub's public form takes "
            "her request: she can fill it in herself, or with you."
        ),
        order=30,
        items=[
            (_("Search the directory"), reverse("directory-staff:services")),
            (
                _("The hub's form: ask for someone to contact you"),
                reverse("referrals-public:contact"),
            ),
            (_("Find support, the public site"), reverse("core:public-home")),
        ],
    )
