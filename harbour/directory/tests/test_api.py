"""The Open Referral UK API: filters, pages, errors, schema validity, CORS and no cookies."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import Client

from harbour.core.net import address_digest
from harbour.directory.api import PublicApiThrottle
from harbour.directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm
from harbour.directory.standards import oruk_validator
from harbour.directory.taxonomy import NEEDS, term_uuid
from harbour.regions.models import LocalAuthority

pytestmark = pytest.mark.django_db

API = "/api/openreferral"


def get(path: str, **params):
    response = Client().get(f"{API}{path}", params)
    return response


def names(response) -> list[str]:
    return sorted(item["name"] for item in response.json()["contents"])


def assert_no_nulls(value) -> None:
    """Optional fields without a value are left out, never sent as null or empty."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None, key
            assert item != "" or key == "description", key
            assert_no_nulls(item)
    elif isinstance(value, list):
        for item in value:
            assert_no_nulls(item)


def test_root_says_what_the_api_is():
    response = get("/")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "HSDS-UK-3.0"
    assert data["openapi_url"] == "http://testserver/api/openreferral/openapi.json"
    oruk_validator("/").validate(data)


def test_services_page_envelope_and_schema(directory):
    response = get("/services", per_page=2)
    assert response.status_code == 200
    data = response.json()
    assert {k: data[k] for k in data if k != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    oruk_validator("/services").validate(data)
    assert_no_nulls(data)
    last = get("/services", per_page=2, page=3).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    beyond = get("/services", per_page=2, page=9).json()
    assert beyond["contents"] == [] and beyond["empty"] is True
    every = {
        item["id"]
        for page in (1, 2, 3)
        for item in get("/services", per_page=2, page=page).json()["contents"]
    }
    assert len(every) == 5


def test_filter_by_taxonomy_term_includes_narrower_terms(directory):
    harmful = term_uuid(NEEDS, "harmful-practices")
    assert names(get("/services", taxonomy_term_id=str(harmful))) == [
        "Riverside forced marriage help"
    ]
    stalking = term_uuid(NEEDS, "stalking")
    assert names(get("/services", taxonomy_term_id=str(stalking))) == [
        "Harbourside domestic abuse outreach"
    ]
    nobody = get("/services", taxonomy_term_id=str(uuid.uuid4())).json()
    assert nobody["total_items"] == 0 and nobody["empty"] is True


def test_filter_by_taxonomy(directory):
    needs = Taxonomy.objects.get(code=NEEDS)
    assert get("/services", taxonomy_id=str(needs.oruk_id)).json()["total_items"] == 5


def test_filter_by_local_authority_text_and_ages(directory):
    assert names(get("/services", local_authority="E06000006")) == ["Harbourside refuge"]
    assert names(get("/services", local_authority="E08000012", search="forced")) == [
        "Riverside forced marriage help"
    ]
    assert names(get("/services", search="RIVERSIDE youth")) == ["Riverside youth programme"]
    # minimum_age: services whose own minimum age is at least this.
    assert names(get("/services", minimum_age="16")) == [
        "Harbourside domestic abuse outreach",
        "Harbourside refuge",
    ]
    # maximum_age: services whose own maximum age is at most this.
    assert names(get("/services", maximum_age="18")) == ["Riverside youth programme"]
    org = directory.other.oruk_id
    assert get("/services", organization_id=str(org)).json()["total_items"] == 3


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"postcode": "L1 1AA"}, "postcode", "does not search by postcode"),
        ({"proximity": "1000"}, "proximity", "does not search by distance"),
        ({"day": "MO"}, "day", "does not filter"),
        ({"page": "0"}, "page", "page must be between 1 and 1000000"),
        ({"page": "two"}, "page", "whole number"),
        ({"per_page": "1000"}, "per_page", "between 1 and 200"),
        ({"taxonomy_term_id": "domestic-abuse"}, "taxonomy_term_id", "must be a UUID"),
        ({"taxonomy_id": "1"}, "taxonomy_id", "must be a UUID"),
        ({"minimum_age": "old"}, "minimum_age", "must be a number"),
        ({"maximum_age": "-1"}, "maximum_age", "between 0 and 150"),
        ({"minimum_age": "NaN"}, "minimum_age", "between 0 and 150"),
        ({"local_authority": "Liverpool"}, "local_authority", "must be a GSS code"),
        ({"local_authority": "E09999999"}, "local_authority", "No local authority"),
        ({"modified_after": "yesterday"}, "modified_after", "date and time"),
        ({"modified_after": "2026-01-31T09:00:00"}, "modified_after", "offset from UTC"),
        ({"modified_after": "9999-12-31T23:59:59-05:00"}, "modified_after", "a day from"),
        ({"modified_after": "0001-01-01T00:00:00+05:00"}, "modified_after", "a day from"),
        ({"modified_after": "2026-01-31T09:00:00+23:59"}, "modified_after", "-12:00 and +14:00"),
        ({"modified_after": "2026-02-30T09:00:00Z"}, "modified_after", "date and time"),
        ({"search": "a\x00b"}, "search", "control characters"),
        ({"search": "x" * 201}, "search", "at most 200"),
        ({"per_page": "1" * 40}, "per_page", "between 1 and 200"),
        ({"page": "1_000"}, "page", "whole number"),
        ({"minimum_age": "1e99999999999"}, "minimum_age", "between 0 and 150"),
        ({"organization_id": "{12345678-1234-5678-1234-567812345678}"}, "organization_id", "UUID"),
        ({"format": "csv"}, "format", "JSON only"),
        ({"format": "ndjson"}, "format", "JSON only"),
    ],
)
def test_bad_or_unsupported_parameters_get_a_400_naming_them(directory, params, parameter, words):
    for path in ("/services", "/service_at_locations"):
        response = get(path, **params)
        assert response.status_code == 400, (path, params)
        assert response.json()["parameter"] == parameter
        assert words in response.json()["detail"]
        assert response["Access-Control-Allow-Origin"] == "*"


def test_fully_nested_service_validates_and_keeps_confidential_addresses_out(directory):
    response = get(f"/services/{directory.outreach.oruk_id}")
    assert response.status_code == 200
    data = response.json()
    oruk_validator("/services/{id}").validate(data)
    assert_no_nulls(data)
    assert data["organization"]["name"] == "Harbourside Support"
    assert [area["name"] for area in data["service_areas"]] == ["Knowsley", "Liverpool"]
    assert data["service_areas"][0]["uri"].endswith("/E08000011")
    place = data["service_at_locations"][0]["location"]
    assert place["addresses"][0]["postal_code"] == "L1 9ZZ"
    assert {a["description"] for a in place["accessibility"]} == {
        "Step-free access",
        "Hearing loop",
    }
    assert data["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    assert data["schedules"][0]["opens_at"] == "09:00"
    assert [lang["code"] for lang in data["languages"]] == ["en", "pl"]
    link_types = {a["link_type"]: [] for a in data["attributes"]}
    for attribute in data["attributes"]:
        link_types[attribute["link_type"]].append(attribute["taxonomy_term"]["term"])
    assert sorted(link_types["need"]) == ["domestic-abuse", "stalking"]
    assert link_types["eligibility"] == ["women"]
    assert sorted(link_types["access"]) == ["professional-referral", "self-referral"]
    assert "maximum_age" not in data  # empty optional fields are left out
    # The same ids every time (nested records have ids derived from the service's).
    assert get(f"/services/{directory.outreach.oruk_id}").json() == data

    refuge = get(f"/services/{directory.refuge_service.oruk_id}").json()
    oruk_validator("/services/{id}").validate(refuge)
    location = refuge["service_at_locations"][0]["location"]
    assert "addresses" not in location
    assert "Secret Lane" not in str(refuge) and "WA7 9ZZ" not in str(refuge)


def test_service_at_locations_list_and_detail(directory):
    response = get("/service_at_locations", local_authority="E08000012")
    assert response.status_code == 200
    data = response.json()
    oruk_validator("/service_at_locations").validate(data)
    assert [item["service"]["name"] for item in data["contents"]] == [
        "Harbourside domestic abuse outreach"
    ]
    sal = ServiceAtLocation.objects.get(service=directory.refuge_service)
    detail = get(f"/service_at_locations/{sal.oruk_id}")
    assert detail.status_code == 200
    oruk_validator("/service_at_locations/{id}").validate(detail.json())
    assert "addresses" not in detail.json()["location"]
    assert detail.json()["service"]["name"] == "Harbourside refuge"


def test_taxonomies_and_terms(directory):
    taxonomies = get("/taxonomies").json()
    oruk_validator("/taxonomies").validate(taxonomies)
    assert taxonomies["total_items"] == 3
    needs = Taxonomy.objects.get(code=NEEDS)
    detail = get(f"/taxonomies/{needs.oruk_id}").json()
    oruk_validator("/taxonomies/{id}").validate(detail)
    assert len(detail["taxonomy_terms"]) == TaxonomyTerm.objects.filter(taxonomy=needs).count()
    terms = get("/taxonomy_terms", taxonomy_id=str(needs.oruk_id), per_page=200).json()
    oruk_validator("/taxonomy_terms").validate(terms)
    fgm = next(t for t in terms["contents"] if t["term"] == "fgm")
    assert fgm["parent_id"] == str(term_uuid(NEEDS, "harmful-practices"))
    one = get(f"/taxonomy_terms/{fgm['id']}").json()
    oruk_validator("/taxonomy_terms/{id}").validate(one)
    assert one == fgm


@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_and_malformed_ids(directory, path):
    assert get(f"/{path}/{uuid.uuid4()}").status_code == 404
    response = get(f"/{path}/1")
    assert response.status_code == 400
    assert response.json()["parameter"] == "id"


def test_api_is_open_to_every_origin_and_sets_no_cookie(directory, staff_client, admin_user):
    for client in (Client(), staff_client(admin_user)):
        response = client.get(f"{API}/services", HTTP_ORIGIN="https://other.example.org")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert not response.cookies
        assert "no-store" in response["Cache-Control"]
    preflight = Client().options(f"{API}/services", HTTP_ORIGIN="https://other.example.org")
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_api_is_read_only(directory):
    response = Client().post(f"{API}/services", {"name": "x"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("path", "params", "queries"),
    [
        ("/services", {}, 2),  # the count, the page
        ("/services", {"search": "project youth"}, 3),  # and the organisations named so
        ("/services", {"taxonomy_term_id": str(term_uuid(NEEDS, "stalking"))}, 4),  # the terms
        ("/services", {"local_authority": "E08000015"}, 3),  # the area
        ("/service_at_locations", {"search": "Harbourside"}, 3),
        ("/taxonomy_terms", {}, 2),
        ("/taxonomies", {}, 2),
    ],
)
def test_a_page_takes_the_same_queries_whatever_its_size(
    directory, django_assert_num_queries, areas, path, params, queries
):
    from harbour.directory.factories import ServiceFactory
    from harbour.directory.models import Service

    for number in range(30):
        ServiceFactory(name=f"Extra {number}", needs=["stalking"], areas=[areas["Wirral"]])
    office = directory.office
    for service in Service.objects.filter(name__startswith="Extra"):
        ServiceAtLocation.objects.create(service=service, location=office)
    sizes = []
    for per_page in (2, 50):
        with django_assert_num_queries(queries):
            sizes.append(get(path, per_page=per_page, **params).json()["size"])
    assert sizes[0] < sizes[1] or sizes[1] <= 2, sizes


def test_a_nested_record_takes_a_fixed_number_of_queries(directory, django_assert_num_queries):
    sal = ServiceAtLocation.objects.get(service=directory.outreach)
    needs = Taxonomy.objects.get(code=NEEDS)
    term = TaxonomyTerm.objects.get(code="fgm")
    for path, queries in (
        (f"/services/{directory.outreach.oruk_id}", 6),
        (f"/services/{directory.forced_marriage.oruk_id}", 6),
        (f"/service_at_locations/{sal.oruk_id}", 6),
        (f"/taxonomies/{needs.oruk_id}", 2),
        (f"/taxonomy_terms/{term.oruk_id}", 1),
    ):
        with django_assert_num_queries(queries):
            assert get(path).status_code == 200, path


def test_words_are_found_in_the_organisations_name_too(directory):
    # "Project" is only in the organisation's name ("Riverside Project").
    assert names(get("/services", search="project")) == [
        "Riverside closed helpline",
        "Riverside forced marriage help",
        "Riverside youth programme",
    ]
    assert names(get("/services", search="PROJECT youth")) == ["Riverside youth programme"]
    assert names(get("/services", search="project outreach")) == []
    # Every word must match, each in any of the three.
    assert names(get("/services", search="harbourside refuge")) == ["Harbourside refuge"]


def test_published_openapi_document(directory):
    response = get("/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path in (
        "/api/openreferral/",
        "/api/openreferral/services",
        "/api/openreferral/services/{id}",
        "/api/openreferral/service_at_locations",
        "/api/openreferral/service_at_locations/{id}",
        "/api/openreferral/taxonomies",
        "/api/openreferral/taxonomies/{id}",
        "/api/openreferral/taxonomy_terms",
        "/api/openreferral/taxonomy_terms/{id}",
    ):
        assert "get" in paths[path], path
    services = paths["/api/openreferral/services"]["get"]
    assert services["operationId"] == "getPaginatedListOfServices"
    parameters = {p["name"]: p for p in services["parameters"]}
    assert {"search", "taxonomy_term_id", "local_authority", "page", "format"} <= set(parameters)
    # The standard's parameters Harbour refuses are named, not offered.
    assert "postcode" not in parameters and "`postcode`" in services["description"]
    assert set(services["responses"]) == {"200", "400", "429"}
    # Parameters are declared as tightly as the code reads them.
    assert parameters["taxonomy_term_id"]["schema"] == {"type": "string", "format": "uuid"}
    assert parameters["per_page"]["schema"]["minimum"] == 1
    assert parameters["per_page"]["schema"]["maximum"] == 200
    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["local_authority"]["schema"]["enum"] == sorted(
        LocalAuthority.objects.values_list("gss_code", flat=True)
    )
    assert parameters["format"]["schema"]["enum"] == ["json"]
    for path in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        detail = paths[f"/api/openreferral/{path}/{{id}}"]["get"]
        (identifier,) = [p for p in detail["parameters"] if p["in"] == "path"]
        assert identifier["schema"] == {"type": "string", "format": "uuid"}
    # Every reference points at a component the document holds.
    text = response.content.decode()
    import re

    for name in set(re.findall(r'"#/components/schemas/([A-Za-z]+)"', text)):
        assert name in document["components"]["schemas"], name
    service = document["components"]["schemas"]["Service"]
    assert "datapackage_metadata" not in str(service)
    assert set(service["required"]) == {"id", "name", "status"}


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-30T23:59:59-12:00",  # the last day, at the far west: just in the year 9999 in UTC
        "0001-01-02T00:00:00+14:00",  # the first day, at the far east: just in the year 1 in UTC
        "2026-07-31t10:00:00.123456+01:00",
    ],
)
def test_modified_after_at_the_edges_of_its_range_answers(directory, value):
    for path in ("/services", "/service_at_locations"):
        response = get(path, modified_after=value)
        assert response.status_code == 200, (path, value, response.content)


def test_modified_after_compares_in_utc(directory):
    from harbour.directory.models import Service

    Service.objects.update(updated_at=datetime.datetime(2026, 7, 31, 9, 30, tzinfo=datetime.UTC))
    # 10:00 in London (BST) is 09:00 UTC: every service changed after it.
    assert get("/services", modified_after="2026-07-31T10:00:00+01:00").json()["total_items"] == 5
    assert get("/services", modified_after="2026-07-31T09:31:00Z").json()["total_items"] == 0


def test_an_empty_value_is_the_same_as_no_value(directory):
    every = get("/services").json()
    blank = get("/services", page="", per_page="", search="", taxonomy_id="", format="").json()
    assert blank == every


def test_errors_and_unknown_addresses_under_the_api_carry_cors(directory):
    for path in ("/nothing-here", "/services/x/y", "/services?page=0", "/services?format=csv"):
        response = Client().get(f"{API}{path}")
        assert response.status_code in (400, 404), path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert response["Content-Type"] == "application/json", path
        assert "detail" in response.json()
    # A redirect to the trailing slash, answered before any API view.
    redirect = Client().get(API)
    assert redirect.status_code == 301
    assert redirect["Access-Control-Allow-Origin"] == "*"
    # Other pages are not opened to other origins.
    assert "Access-Control-Allow-Origin" not in Client().get("/")


def test_even_a_server_error_under_the_api_carries_cors(directory, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr("harbour.directory.api.filter_services", broken)
    response = Client(raise_request_exception=False).get(f"{API}/services")
    assert response.status_code == 500
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def two_a_minute(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(PublicApiThrottle, "THROTTLE_RATES", {"public": "2/min"})
    yield
    cache.clear()


def test_the_throttle_ignores_a_forwarded_header_the_client_wrote(directory, two_a_minute):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(2):
        forged = f"203.0.113.{n}"
        assert client.get(f"{API}/services", HTTP_X_FORWARDED_FOR=forged).status_code == 200
    refused = client.get(f"{API}/services", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another sender is not held up by it.
    assert Client(REMOTE_ADDR="198.51.100.8").get(f"{API}/services").status_code == 200


def test_behind_a_trusted_proxy_the_throttle_counts_the_sender(directory, two_a_minute, settings):
    from django.core.cache import cache

    settings.HARBOUR_TRUSTED_PROXIES = ["127.0.0.1/32"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(2):
        # The sender puts a new address of her own choosing in front each time; the proxy
        # appends the address it saw.
        forged = f"192.0.2.{n}, 203.0.113.9"
        assert proxy.get(f"{API}/services", HTTP_X_FORWARDED_FOR=forged).status_code == 200
    assert proxy.get(f"{API}/services", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    other = proxy.get(f"{API}/services", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200
    # The sender is known to the cache only by a digest under the short-lived address key.
    keys = " ".join(str(key) for key in cache._cache)
    assert "203.0.113.9" not in keys
    assert address_digest("directory.api", "203.0.113.9") in keys


def test_word_search_is_answered_from_trigram_indexes_on_postgresql(directory):
    """On PostgreSQL, the condition Django writes for each word is one the trigram indexes
    answer (the planner is told not to scan, so the plan shows whether it could use them)."""
    from django.db import connection, transaction

    from harbour.directory.models import Service
    from harbour.directory.queries import filter_by_text

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's; SQLite scans")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        assert {row[0] for row in cursor.fetchall()} == {
            "directory_service_name_trgm",
            "directory_service_description_trgm",
            "directory_organisation_name_trgm",
        }
    sql, params = filter_by_text(Service.objects.all(), "outreach").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "directory_service_name_trgm" in plan, plan
    assert "directory_service_description_trgm" in plan, plan


def test_the_document_is_whole_however_often_it_is_served(directory):
    """Each generation works on its own copy of the standard's components: the enum hook once
    changed the shared copy, and every later document referred to a component it lacked."""
    import re

    for _served in range(3):
        response = get("/openapi.json")
        document = response.json()
        text = response.content.decode()
        referred = set(re.findall(r'"#/components/schemas/([A-Za-z]+)"', text))
        assert referred and referred <= set(document["components"]["schemas"])
