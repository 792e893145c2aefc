"""Staff pages: everyone reads the directory; administrators and analysts keep it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.directory.models import (
    EntryReport,
    Organisation,
    SearchCount,
    Service,
    TaxonomyTerm,
)
from harbour.directory.services import entry_report_create, search_count_record
from harbour.directory.taxonomy import NEEDS
from harbour.statistics.models import Release
from harbour.statistics.releases import releases_publish_due

pytestmark = pytest.mark.django_db


def service_post_data(directory, area_map, **changes) -> dict:
    needs = TaxonomyTerm.objects.filter(taxonomy__code=NEEDS, code__in=["stalking"])
    data = {
        "organisation": directory.charity.pk,
        "name": "Harbourside stalking advocacy",
        "description": "Advocates for people being stalked.",
        "status": "active",
        "needs": [term.pk for term in needs],
        "areas": [area_map["Wirral"].pk, area_map["Halton"].pk],
        "gender": "all-genders",
        "minimum_age": "16",
        "maximum_age": "",
        "self_referral": "on",
        "professional_referral": "on",
        "phone": "0151 496 0123",
        "email": "stalking@example.org",
        "url": "www.example.org/stalking",
        "fees": "Free",
        "languages": ["en", "so"],
        "locations": [directory.office.pk],
        "times-TOTAL_FORMS": "2",
        "times-INITIAL_FORMS": "0",
        "times-MIN_NUM_FORMS": "0",
        "times-MAX_NUM_FORMS": "7",
        "times-0-days": ["MO", "WE"],
        "times-0-opens_at": "10:00",
        "times-0-closes_at": "16:00",
        "times-0-description": "Drop-in",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ANALYST])
def test_editors_add_a_service_and_the_change_is_logged(
    role, directory, areas, user_factory, staff_client
):
    editor = user_factory(role=role)
    client = staff_client(editor)
    response = client.post("/staff/directory/services/new/", service_post_data(directory, areas))
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name="Harbourside stalking advocacy")
    assert response["Location"] == f"/staff/directory/services/{service.public_id}/"
    assert service.url == "https://www.example.org/stalking"
    assert sorted(a.name for a in service.areas.all()) == ["Halton", "Wirral"]
    assert [s.byday for s in service.schedules.all()] == ["MO,WE"]
    assert list(service.locations.all()) == [directory.office]
    assert service.languages == ["en", "so"]
    entry = AccessLogEntry.objects.get(
        user=editor, action=Action.CREATE, record_id=service.public_id
    )
    assert "name" in entry.detail["fields"]
    assert service.history.count() == 1
    assert service.history.first().history_user == editor


def test_editing_keeps_opening_time_ids_and_logs_what_changed(
    directory, areas, admin_user, staff_client
):
    client = staff_client(admin_user)
    service = directory.outreach
    schedule_id = service.schedules.get().oruk_id
    page = client.get(f"/staff/directory/services/{service.public_id}/edit/")
    assert page.status_code == 200
    data = service_post_data(
        directory,
        areas,
        name=service.name,
        **{
            "times-TOTAL_FORMS": "1",
            "times-INITIAL_FORMS": "1",
            "times-0-days": ["MO", "TU"],
            "times-0-opens_at": "09:00",
            "times-0-closes_at": "17:00",
            "times-0-description": "",
        },
    )
    response = client.post(f"/staff/directory/services/{service.public_id}/edit/", data)
    assert response.status_code == 302
    service.refresh_from_db()
    schedule = service.schedules.get()
    assert schedule.oruk_id == schedule_id and schedule.byday == "MO,TU"
    entry = AccessLogEntry.objects.filter(action=Action.UPDATE, record_id=service.public_id).get()
    assert "areas" in entry.detail["fields"] and "opening_times" in entry.detail["fields"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minimum_age": "20", "maximum_age": "18"}, "The oldest age must be the same as or more"),
        ({"phone": "", "email": "", "url": ""}, "Enter at least one way to contact the service"),
        ({"needs": None}, "Select at least one kind of support"),
        ({"areas": None}, "Select at least one area the service covers"),
        ({"self_referral": None, "professional_referral": None}, "Say how people can start"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"times-0-closes_at": "09:00"}, "The closing time must be after the opening time"),
        ({"times-0-opens_at": "nine"}, "Enter a time such as 09:00"),
    ],
)
def test_bad_input_gets_clear_errors_and_changes_nothing(
    directory, areas, admin_user, staff_client, changes, message
):
    before = Service.objects.count()
    logged = AccessLogEntry.objects.count()
    response = staff_client(admin_user).post(
        "/staff/directory/services/new/", service_post_data(directory, areas, **changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert Service.objects.count() == before
    assert AccessLogEntry.objects.count() == logged


def test_a_service_cannot_be_offered_at_another_organisations_place(
    directory, areas, admin_user, staff_client
):
    data = service_post_data(directory, areas, organisation=directory.other.pk)
    response = staff_client(admin_user).post("/staff/directory/services/new/", data)
    assert "Choose only places of Riverside Project" in response.content.decode()


@pytest.mark.parametrize("role", [Role.IDVA, Role.POLICE_OFFICER, Role.HUB_CASEWORKER])
def test_other_staff_read_the_directory_but_cannot_change_it(
    role, directory, user_factory, staff_client
):
    user = user_factory(role=role)
    client = staff_client(user)
    listing = client.get("/staff/directory/")
    assert listing.status_code == 200
    assert "Harbourside domestic abuse outreach" in listing.content.decode()
    assert "Add a service" not in listing.content.decode()
    detail = client.get(f"/staff/directory/services/{directory.outreach.public_id}/")
    assert detail.status_code == 200
    assert "Test Specialist Agency" in detail.content.decode()  # where referrals go
    for url in (
        "/staff/directory/services/new/",
        f"/staff/directory/services/{directory.outreach.public_id}/edit/",
        "/staff/directory/organisations/new/",
        "/staff/directory/reports/",
        "/staff/directory/search-figures/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            f"/staff/directory/organisations/{directory.charity.public_id}/edit/",
            {"name": "Renamed", "description": "x"},
        ).status_code
        == 403
    )
    directory.charity.refresh_from_db()
    assert directory.charity.name == "Harbourside Support"
    assert AccessLogEntry.objects.filter(user=user, action=Action.DENIED).count() == 6


def test_the_public_cannot_reach_staff_pages(directory):
    from django.test import Client

    response = Client().get("/staff/directory/")
    assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]


def test_organisations_and_places(directory, areas, admin_user, staff_client):
    client = staff_client(admin_user)
    response = client.post(
        "/staff/directory/organisations/new/",
        {"name": "New Dawn Project", "description": "Support in Halton.", "website": ""},
    )
    organisation = Organisation.objects.get(name="New Dawn Project")
    assert response["Location"] == f"/staff/directory/organisations/{organisation.public_id}/"
    duplicate = client.post(
        "/staff/directory/organisations/new/",
        {"name": "New Dawn Project", "description": "Again."},
    )
    assert "already exists" in duplicate.content.decode()
    no_address = client.post(
        "/staff/directory/places/new/",
        {"organisation": organisation.pk, "name": "Office", "location_type": "physical"},
    )
    assert "Enter the building and street" in no_address.content.decode()
    response = client.post(
        "/staff/directory/places/new/",
        {
            "organisation": organisation.pk,
            "name": "Safe house",
            "location_type": "physical",
            "address_1": "5 Nowhere Road",
            "city": "Widnes",
            "state_province": "Cheshire",
            "postal_code": "WA8 9ZZ",
            "country": "GB",
            "local_authority": areas["Halton"].pk,
            "address_confidential": "on",
            "accessibility": ["step-free"],
        },
    )
    assert response.status_code == 302
    place = organisation.locations.get()
    assert place.address_confidential and place.accessibility == ["step-free"]
    assert AccessLogEntry.objects.filter(action=Action.CREATE, record_id=place.public_id).exists()
    page = client.get(f"/staff/directory/organisations/{organisation.public_id}/").content.decode()
    assert "Safe house" in page and "Address confidential" in page


def test_editors_deal_with_reports_from_the_public(directory, admin_user, staff_client):
    report = entry_report_create(service=directory.outreach, kind="closed", details="Gone.")
    client = staff_client(admin_user)
    home = client.get("/staff/").content.decode()
    assert "Reports of out-of-date directory entries" in home
    page = client.get("/staff/directory/reports/").content.decode()
    assert "Harbourside domestic abuse outreach" in page and "Gone." in page
    response = client.post(f"/staff/directory/reports/{report.public_id}/done/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == admin_user and report.resolved_at is not None
    assert AccessLogEntry.objects.filter(action=Action.REVIEW, record_id=report.public_id).exists()
    assert not EntryReport.objects.filter(resolved_at__isnull=True).exists()


def test_search_figures_are_published_only_through_disclosure_control(
    directory, admin_user, staff_client
):
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC)):
        client = staff_client(admin_user)
        for area, searches in (("E08000012", 40), ("E08000011", 30), ("E08000014", 25)):
            for _ in range(searches):
                search_count_record(need_code="domestic-abuse", area_code=area)
        for _ in range(2):  # a small count: must be withheld
            search_count_record(need_code="stalking", area_code="E06000006")
        releases_publish_due(names=["directory.searches"])
        this_quarter = client.get("/staff/directory/search-figures/").content.decode()
    assert "No figures have been published yet" in this_quarter  # the quarter has not ended
    with time_machine.travel(datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC)):
        releases_publish_due(names=["directory.searches"])
        page = staff_client(admin_user).get("/staff/directory/search-figures/").content.decode()
        search_count_record(need_code="stalking", area_code="E06000006")  # after the release
        again = staff_client(admin_user).get("/staff/directory/search-figures/").content.decode()
    figures = page[page.index("<h1") : page.index("</main>")]
    assert figures == again[again.index("<h1") : again.index("</main>")]  # as stored
    assert "January to March 2026" in page
    assert "Searches by kind of support" in page and "Searches by area" in page
    assert "[c]" in page  # Halton's two stalking searches are withheld
    assert SearchCount.objects.count() == 5  # four weekly totals last quarter, one this
    assert Release.objects.filter(table_set="directory.searches").count() == 1
