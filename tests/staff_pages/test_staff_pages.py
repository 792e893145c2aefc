"""Every role against every staff page, with real identifiers from the demo region.

The pages and the answer each role must get are in ``pages.py``. Besides the answer, every
page showing her record must write its read to the access log, every page showing people's
names must log a read of them, and every refusal must be logged. The navigation must offer each
role exactly the pages it is admitted to, no staff URL may be missing from the matrix, and the
pages that need no record answer the same in a region with no data at all.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.models import Agency
from harbour.accounts.roles import Role
from harbour.accounts.testing import sign_in
from harbour.audit.models import AccessLogEntry, Action
from harbour.core.navigation import nav_for
from harbour.followups import demo as followups_demo
from harbour.marac import demo as marac_demo
from harbour.people import demo as people_demo
from harbour.regions.models import LocalAuthority
from harbour.risk import demo as risk_demo
from tests.staff_pages.pages import (
    AGENCY_KINDS,
    COLUMNS,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PAGES,
    REDIRECT,
    Page,
    admin_pages,
)
from tests.staff_pages.region import Region

PERSON = "people.person"


def _demo_names() -> frozenset[str]:
    """Everyone the demo seeders name, from the seeders' own lists (synthetic names)."""
    names = {f"{row[0]} {row[1]}" for row in people_demo.PEOPLE}
    names |= {f"{given} {family}" for given, family, *_rest in risk_demo.HARMERS.values()}
    names |= {
        f"{given} {family}"
        for given in (*followups_demo.GIVEN, *followups_demo.HARMER_GIVEN)
        for family in followups_demo.FAMILY
    }
    for given, family, _born, (h_given, h_family, *_rest) in marac_demo.LIVERPOOL_CASES:
        names |= {f"{given} {family}", f"{h_given} {h_family}"}
    return frozenset(names)


DEMO_NAMES = _demo_names()
TWO_WORDS = re.compile(r"(?=\b([A-Z][a-z]+)\s+([A-Z][A-Za-z'’-]+))")


def names_shown(body: str) -> set[str]:
    return {f"{given} {family}" for given, family in TWO_WORDS.findall(body)} & DEMO_NAMES


def _url(page: Page, region: Region | None) -> str:
    url = reverse(page.url_name, args=page.args(region) if region else [])
    if page.query is not None:
        url += "?" + urlencode(page.query(region))
    return url


def _answer_problem(page: Page, response, expected: int) -> str | None:
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    if expected == REDIRECT:
        target = urlparse(response["Location"]).path
        try:
            view_name = resolve(target).view_name
        except Resolver404:
            view_name = ""
        if view_name != page.redirect_to:
            return f"redirects to {target}, not to {page.redirect_to}"
    return None


def _log_problems(response, entries: list[tuple[str, str, str]], person: str | None) -> list[str]:
    """What the access log lacks for this answer (``entries``: this request's, by this user)."""
    problems = []
    if response.status_code == OK:
        if person and (Action.VIEW, PERSON, person) not in entries:
            problems.append("showed her record without logging the read")
        read_people = any(
            (record_type == PERSON and action in (Action.VIEW, Action.SEARCH))
            or (action == Action.SEARCH and not record_id)  # a list read
            for action, record_type, record_id in entries
        )
        # A binary download (a spreadsheet) is read as far as it is text.
        shown = names_shown(response.content.decode(errors="replace"))
        if shown and not read_people:
            problems.append(f"showed {len(shown)} people's names without logging a read")
    elif response.status_code in (FORBIDDEN, NOT_FOUND) and not any(
        action == Action.DENIED for action, _type, _id in entries
    ):
        problems.append("refused without logging the refusal")
    return problems


def _check(page: Page, region: Region, users: dict, clients: dict[str, Client]) -> list[str]:
    url = _url(page, region)
    person = page.reads(region) if page.reads else None
    wrong = []
    for column, expected in page.expect.items():
        before = AccessLogEntry.objects.aggregate(last=Max("id"))["last"] or 0
        response = clients[column].get(url)
        entries = list(
            AccessLogEntry.objects.filter(id__gt=before, user=users[column])
            .order_by("id")
            .values_list("action", "record_type", "record_id")
        )
        problem = _answer_problem(page, response, expected)
        problems = [problem] if problem else _log_problems(response, entries, person)
        wrong += [f"{page} as {column}: {p}" for p in problems]
    return wrong


def test_every_role_on_every_staff_page(demo_region, quiet_refusals):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=COLUMNS)}
    assert set(users) == set(COLUMNS), "every column is a demo sign-in"
    assert all(users[column].role == role for column, role in COLUMNS.items())
    assert set(COLUMNS.values()) == set(Role.values), "a column for every role"
    clients = {
        column: sign_in(Client(raise_request_exception=False), users[column]) for column in COLUMNS
    }
    wrong = []
    for page in [*PAGES, *admin_pages()]:
        # Each page starts from the demo region as built: what its requests write (the access
        # log, refusal counts, sessions) is rolled back before the next page.
        with transaction.atomic():
            wrong += _check(page, demo_region, users, clients)
            transaction.set_rollback(True)
    assert not wrong, f"{len(wrong)} answers differ from tests/staff_pages/pages.py:\n" + (
        "\n".join(wrong)
    )


def _staff_urls(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, namespace, namespaced name) of every URL pattern under /staff/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _staff_urls(pattern.url_patterns, route, inner)
        elif route.startswith("staff/"):
            name = pattern.name or ""
            yield route, namespace, f"{namespace}:{name}" if namespace and name else name


def test_every_staff_url_is_in_the_matrix():
    urls = list(_staff_urls())
    names = {name for _route, _namespace, name in urls}
    covered = {page.url_name for page in PAGES}
    # The Django admin checks its own permission on every one of its pages: the matrix opens
    # its index and every registered model's list (admin_pages).
    missing = sorted(
        f"/{route} ({name or 'no name'})"
        for route, namespace, name in urls
        if name not in covered and namespace != "admin"
    )
    assert not missing, "Add these staff pages to tests/staff_pages/pages.py:\n" + "\n".join(
        missing
    )
    assert covered <= names, f"pages.py names URLs that do not exist: {covered - names}"
    assert "admin:index" in names


def _user_without_records(user_model, column: str, role: str):
    """An unsaved user of ``column``'s role, at its kind of agency where the matrix says one."""
    if column in AGENCY_KINDS:
        return user_model(role=role, agency=Agency(kind=AGENCY_KINDS[column]))
    return user_model(role=role)


def _agency_of(column: str) -> dict:
    if column not in AGENCY_KINDS:
        return {}
    kind = AGENCY_KINDS[column]
    return {"agency": AgencyFactory(name=f"Test {column}", kind=kind)}


def test_navigation_offers_each_role_exactly_the_pages_it_is_admitted_to():
    pages = {page.url_name: page for page in PAGES if not page.needs_records}
    user_model = get_user_model()
    shown = {
        column: {item.url_name for item in nav_for(_user_without_records(user_model, column, role))}
        for column, role in COLUMNS.items()
    }
    offered = set().union(*shown.values())
    assert offered <= set(pages), "every navigation link is a page of the matrix"
    wrong = [
        f"{url_name} as {column}: "
        + (
            "in the navigation but refused"
            if url_name in shown[column]
            else "admitted but not in the navigation"
        )
        for url_name in sorted(offered)
        for column in COLUMNS
        if (url_name in shown[column]) != (pages[url_name].expect[column] == OK)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_pages_without_records_answer_the_same_in_a_region_with_no_data(quiet_refusals):
    assert not LocalAuthority.objects.exists(), "a region with no areas"
    clients = {
        column: sign_in(
            Client(raise_request_exception=False),
            UserFactory(username=column, role=role, **_agency_of(column)),
        )
        for column, role in COLUMNS.items()
    }
    wrong = []
    for page in PAGES:
        if page.needs_records:
            continue
        url = _url(page, None)
        for column, expected in (page.expect_empty_region or page.expect).items():
            problem = _answer_problem(page, clients[column].get(url), expected)
            if problem:
                wrong.append(f"{page} as {column}: {problem}")
    assert not wrong, "\n".join(wrong)
