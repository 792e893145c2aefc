"""Loading a synthetic region (``harbour.demo.region``) into the database.

``region_load(spec)`` makes the reference records the region needs where they are missing (the
six areas, a police force, an IDVA service, a victim care hub and a user of each, each area's
MARAC, the pilot areas' 24-hour follow-up schemes), then loads the generated rows: by PostgreSQL
``COPY`` (``method="copy"``; indexes dropped during the load and rebuilt after, encrypted values
from a pool of tokens encrypted once) or by the ORM's ``bulk_create`` (``"orm"``; SQLite, small
sizes). Neither sends signals, so the insights summaries are recounted at the end.

It refuses to run in production mode, and on a database holding any person or incident already:
it cannot tell synthetic records from real ones, and would mix the two.
"""

from __future__ import annotations

import csv
import datetime
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, models, transaction

from harbour.demo import bulk
from harbour.demo.region import HUB, IDVA, MARAC, POLICE, TABLES, RegionGenerator, RegionSpec

logger = logging.getLogger(__name__)
COPY_FROM = 50_000  # incidents: "auto" loads by COPY from this size on PostgreSQL


class RegionRefused(Exception):
    """The database is not one a synthetic region may be loaded into."""


def _models() -> dict[str, type[models.Model]]:
    from harbour.followups.models import Followup
    from harbour.incidents.models import Incident, IncidentHarmer
    from harbour.marac.models import Hearing, MaracReferral, Meeting
    from harbour.people.models import Involvement, Person, Share  # noqa: TID251 (bulk load)
    from harbour.referrals.models import Referral
    from harbour.risk.models import Assessment

    return {
        "person": Person,
        "involvement": Involvement,
        "incident": Incident,
        "harmer": IncidentHarmer,
        "assessment": Assessment,
        "referral": Referral,
        "marac_referral": MaracReferral,
        "meeting": Meeting,
        "hearing": Hearing,
        "share": Share,
        "followup": Followup,
    }


def region_refusal() -> str | None:
    """Why a synthetic region may not be loaded here, or None."""
    from harbour.incidents.models import Incident
    from harbour.people.models import Person  # noqa: TID251 (counted, never read)

    if settings.PRODUCTION or settings.HARBOUR_MODE not in ("test", "demo"):
        return "A synthetic region is loaded only with HARBOUR_MODE=test or demo."
    people, incidents = Person.objects.count(), Incident.objects.count()
    if people or incidents:
        return (
            f"The database holds {people:,} people and {incidents:,} incidents already. A "
            "synthetic region is loaded only into a database without records of people (run "
            "`manage.py migrate` on an empty one): synthetic records cannot be told from "
            "real ones once mixed."
        )
    return None


# Reference records ------------------------------------------------------------------------------


def _references(spec: RegionSpec) -> dict[str, dict]:
    from harbour.accounts.models import Agency, User
    from harbour.accounts.roles import AgencyKind, Role
    from harbour.followups.models import FollowupScheme
    from harbour.incidents.models import OutcomeCode
    from harbour.insights.panel import POPULATION_FILE
    from harbour.marac.models import Marac
    from harbour.people.models import LawfulBasis
    from harbour.regions.models import LocalAuthority
    from harbour.risk.models import RiskToolVersion

    with POPULATION_FILE.open(newline="", encoding="utf-8") as file:
        codes = {row["local_authority"]: row["gss_code"] for row in csv.DictReader(file)}
    areas = {
        name: LocalAuthority.objects.get_or_create(gss_code=codes[name], defaults={"name": name})[0]
        for name in spec.areas
    }
    kinds = {
        POLICE: ("Synthetic Region Police", AgencyKind.POLICE, Role.POLICE_OFFICER),
        IDVA: ("Synthetic Region IDVA Service", AgencyKind.IDVA_SERVICE, Role.IDVA),
        HUB: ("Synthetic Region Victim Care Hub", AgencyKind.VICTIM_CARE_HUB, Role.HUB_CASEWORKER),
        MARAC: ("Synthetic Region IDVA Service", AgencyKind.IDVA_SERVICE, Role.MARAC_COORDINATOR),
    }
    agencies, users = {}, {}
    for key, (name, kind, role) in kinds.items():
        agency = Agency.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        agency.areas.add(*areas.values())
        agencies[key] = agency
        users[key] = User.objects.get_or_create(
            username=f"synthetic.{key}",
            defaults={"agency": agency, "role": role, "email": f"synthetic.{key}@example.org"},
        )[0]
    maracs = {
        name: Marac.objects.get_or_create(
            local_authority=area,
            defaults={
                "name": f"{name} MARAC",
                "agency": agencies[MARAC],
                "protocol": "Synthetic region information-sharing protocol",
            },
        )[0]
        for name, area in areas.items()
    }
    basis = LawfulBasis.objects.get(code="gdpr-6-1-e-public-task")
    schemes = {}
    for name in spec.adoption:
        scheme, _made = FollowupScheme.objects.get_or_create(
            local_authority=areas[name],
            defaults={
                "starts_on": spec.scheme_start(name),
                "idva_service": agencies[IDVA],
                "share_basis": basis,
            },
        )
        if scheme.starts_on != spec.scheme_start(name):
            raise RegionRefused(
                f"The 24-hour follow-up in {name} starts on {scheme.starts_on} here, not on "
                f"{spec.scheme_start(name)} as the region's pilot does."
            )
        schemes[name] = scheme
    tool = RiskToolVersion.objects.get(tool__key="police-checklist", is_current=True)
    return {
        "area": {name: a.pk for name, a in areas.items()},
        "agency": {key: a.pk for key, a in agencies.items()},
        "user": {key: u.pk for key, u in users.items()},
        "marac": {name: m.pk for name, m in maracs.items()},
        "scheme": {name: s.pk for name, s in schemes.items()},
        "tool": {"police-checklist": tool.pk},
        "basis": {"public-task": basis.pk},
        "outcome": dict(OutcomeCode.objects.values_list("code", "pk")),
    }


# Loading ----------------------------------------------------------------------------------------


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1


def _resolve(batch, first_ids: dict[str, int], refs: dict[str, dict]) -> dict[str, list]:
    """The batch's columns as lists of database values: row numbers and reference names made
    primary keys, times made aware (UTC)."""
    links = TABLES[batch.table]
    out: dict[str, list] = {}
    for name, values in batch.columns.items():
        target = links.get(name)
        if isinstance(values, np.ndarray) and values.dtype.kind == "M":
            out[name] = [
                None if v is None else v.replace(tzinfo=datetime.UTC) for v in values.tolist()
            ]
            continue
        values = values.tolist() if isinstance(values, np.ndarray) else list(values)
        if target is None:
            out[name] = values
        elif target in first_ids:
            base = first_ids[target]
            out[name] = [None if v is None or v < 0 else v + base for v in values]
        else:
            mapping = refs[target]
            out[name] = [None if v is None else mapping[v] for v in values]
    return out


@dataclass
class LoadReport:
    rows: Counter
    seconds: float
    method: str
    tokens: int  # values encrypted for the pool (COPY)


def region_load(
    spec: RegionSpec,
    *,
    method: str = "auto",
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load the region ``spec`` describes (see the module); returns what was loaded."""
    refusal = region_refusal()
    if refusal:
        raise RegionRefused(refusal)
    if method == "auto":
        method = (
            "copy" if connection.vendor == "postgresql" and spec.incidents >= COPY_FROM else "orm"
        )
    if method == "copy" and connection.vendor != "postgresql":
        raise RegionRefused("Loading by COPY needs PostgreSQL; use the ORM on SQLite.")
    if method not in ("copy", "orm"):
        raise ValueError(f"method: {method!r} is not auto, copy or orm")
    say = progress or (lambda text: None)
    started = time.perf_counter()
    table_models = _models()
    pool = bulk.TokenPool()
    rows: Counter = Counter()
    with transaction.atomic():
        refs = _references(spec)
        first_ids = {table: _next_id(model) for table, model in table_models.items()}
        restore: list[str] = []
        if method == "copy":
            with connection.cursor() as cursor:  # check the reference records' keys now, so
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # their tables can be altered
            for model in table_models.values():
                restore += bulk.indexes_drop(model._meta.db_table)
        generator = RegionGenerator(spec)
        for batch in generator.batches(size=50_000):
            model = table_models[batch.table]
            columns = _resolve(batch, first_ids, refs)
            first = first_ids[batch.table] + batch.start
            if method == "copy":
                rows[batch.table] += bulk.copy_columns(model, columns, pool, first_id=first)
            else:
                rows[batch.table] += bulk.orm_columns(model, columns, first_id=first)
            if batch.table == "incident":
                say(f"  {rows['incident']:,} incidents ({time.perf_counter() - started:.0f} s)")
        if restore:
            say(f"Rebuilding indexes ({time.perf_counter() - started:.0f} s)...")
            with connection.cursor() as cursor:
                for statement in restore:
                    cursor.execute(statement)
        for model in table_models.values():
            bulk.sequence_reset(model)
        _summaries_rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in table_models.values():
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return LoadReport(rows, time.perf_counter() - started, method, pool.encrypted)


def _summaries_rebuild() -> None:
    """Every summary table recounted from the rows just loaded (they sent no signals)."""
    from harbour.insights.summaries import summaries_rebuild

    summaries_rebuild()
