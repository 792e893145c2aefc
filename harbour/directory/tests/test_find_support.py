"""Find support: search, results and service pages that leave no trace."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client

from harbour.directory.models import EntryReport, SearchCount
from harbour.directory.services import search_count_record

pytestmark = pytest.mark.django_db

NEUTRAL_WORDS = ("abuse", "violence", "rape", "harm", "refuge", "marriage", "stalking", "sexual")


def token_from(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def post_search(client: Client, **fields):
    token = token_from(client.get("/"))
    data = {"need": "", "area": "", "words": "", "form_token": token, **fields}
    return client.post("/results/", data, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="null")


def search(client: Client, **fields):
    """The search and, if it was accepted, the results page its redirect leads to."""
    response = post_search(client, **fields)
    if response.status_code == 303:
        return client.get(response["Location"])
    return response


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def assert_leaves_no_trace_headers(response) -> None:
    assert not response.cookies, "public pages must set no cookies"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def assert_leaves_no_trace(response) -> None:
    assert_leaves_no_trace_headers(response)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "form-action 'self'" in csp
    assert "unsafe-inline" not in csp
    body = response.content.decode()
    assert "govuk-exit-this-page" in body
    title = title_of(response).lower()
    for word in NEUTRAL_WORDS:
        assert word not in title, title
    for attribute in ('src="http', "src='http", 'src="//', 'href="//'):
        assert attribute not in body


def test_search_by_need_and_area(directory):
    client = Client()
    response = search(client, need="domestic-abuse", area="E08000012")
    assert response.status_code == 200
    assert_leaves_no_trace(response)
    body = response.content.decode()
    assert "Harbourside domestic abuse outreach" in body
    assert "Riverside forced marriage help" not in body
    assert "Riverside closed helpline" not in body  # closed for good: staff and API only
    assert "1 service found" in body


def test_a_broader_need_finds_narrower_ones_and_words_narrow_the_search(directory):
    client = Client()
    body = search(client, need="harmful-practices").content.decode()
    assert "Riverside forced marriage help" in body
    body = search(client, words="youth").content.decode()
    assert "Riverside youth programme" in body and "2 services found" not in body


def test_no_search_is_ever_put_in_an_address(directory):
    home = Client().get("/").content.decode()
    form = re.search(r"<form[^>]*>", home).group(0)
    assert 'method="post"' in form and 'action="/results/"' in form
    # An address cannot carry a search: it just leads back to the search form.
    response = Client().get("/results/", {"need": "domestic-abuse", "words": "help"})
    assert response.status_code == 302 and response["Location"] == "/"
    # The post is answered with a redirect to an address that says nothing of the search.
    posted = post_search(Client(), need="domestic-abuse", area="E08000012", words="Jane refuge")
    assert posted.status_code == 303
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]{22}/", posted["Location"])
    assert_leaves_no_trace_headers(posted)


def test_bad_input_gets_clear_errors_and_counts_nothing(directory):
    response = search(Client(), need="not-a-need", words="x" * 101)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Search words must be 100 characters or fewer" in body
    assert title_of(response).startswith("Error:")
    assert not SearchCount.objects.exists()


def test_a_tampered_or_expired_search_is_refused_with_a_clear_message(directory, settings):
    client = Client()
    token = token_from(client.get("/"))
    response = client.post(
        "/results/",
        {"need": "", "area": "", "form_token": token[:-3] + "abc"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert "This form could not be checked" in response.content.decode()
    settings.HARBOUR_PUBLIC_FORM_MAX_AGE = 60
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)):
        response = client.post(
            "/results/",
            {"need": "stalking", "area": "", "form_token": token},
            HTTP_SEC_FETCH_SITE="same-origin",
        )
    body = response.content.decode()
    assert "This form was open for too long" in body
    assert re.search(r'value="stalking"\s+checked', body)  # what she chose is kept
    assert not SearchCount.objects.exists()


def test_a_cross_site_search_is_refused(directory):
    token = token_from(Client().get("/"))
    response = Client().post(
        "/results/",
        {"need": "", "area": "", "form_token": token},
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not response.cookies
    assert not SearchCount.objects.exists()


def test_search_counts_keep_only_weekly_totals_by_need_and_area(directory):
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 3, 4, 15, 37, tzinfo=datetime.UTC)):
        search(client, need="domestic-abuse", area="E08000012", words="my name is Jane")
        search(client, need="domestic-abuse", area="E08000012")
        results = post_search(client)["Location"]
        client.get(results)  # going back to the results (or to another page of them) is
        client.get(f"{results}?page=2")  # not a new search
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.UTC)):
        search(client, need="domestic-abuse", area="E08000012")
    rows = list(
        SearchCount.objects.order_by("week", "need_code").values_list(
            "week", "need_code", "area_code", "count"
        )
    )
    assert rows == [
        (datetime.date(2026, 3, 2), "", "", 1),
        (datetime.date(2026, 3, 2), "domestic-abuse", "E08000012", 2),
        (datetime.date(2026, 3, 9), "domestic-abuse", "E08000012", 1),
    ]
    # The model has nowhere to keep anything else.
    assert {f.name for f in SearchCount._meta.get_fields()} == {
        "id",
        "week",
        "need_code",
        "area_code",
        "count",
    }


def test_results_come_a_page_at_a_time(directory, areas):
    from harbour.directory.factories import ServiceFactory

    for number in range(12):
        ServiceFactory(
            name=f"Wirral service {number:02}", needs=["stalking"], areas=[areas["Wirral"]]
        )
    client = Client()
    first = search(client, need="stalking", area="E08000015")
    body = first.content.decode()
    assert "12 services found" in body and "Page 1 of 2" in body
    assert body.count('class="harbour-result"') == 10
    next_link = re.search(r'href="([^"]*)" rel="next"', body).group(1)
    assert next_link == "?page=2"  # only the page number: the search stays behind the token
    second = client.get(f"{first.request['PATH_INFO']}{next_link}")
    assert "Page 2 of 2" in second.content.decode()
    assert second.content.decode().count('class="harbour-result"') == 2
    assert SearchCount.objects.get(need_code="stalking").count == 1


def test_service_page(directory):
    response = Client().get(f"/services/{directory.outreach.public_id}/")
    assert response.status_code == 200
    assert_leaves_no_trace(response)
    body = response.content.decode()
    assert title_of(response).startswith("Service details")
    assert "Harbourside domestic abuse outreach" in body
    assert 'href="tel:01514960999"' in body
    assert "1 Imaginary Street" in body
    assert "Monday to Friday" in body and "09:00 – 17:00" in body
    assert "Polish" in body and "Step-free access" in body


def test_confidential_addresses_and_closed_services_are_not_shown(directory):
    body = Client().get(f"/services/{directory.refuge_service.public_id}/").content.decode()
    assert "Secret Lane" not in body and "WA7 9ZZ" not in body
    assert "The address is kept private" in body
    closed = Client().get(f"/services/{directory.closed.public_id}/")
    # A closed service's old link: the public site's "Page not found", with Exit this page.
    assert closed.status_code == 404
    assert_leaves_no_trace(closed)
    assert "Find support" in closed.content.decode()
    assert "a record" not in closed.content.decode()


def test_report_an_out_of_date_entry(directory):
    client = Client()
    url = f"/services/{directory.outreach.public_id}/report/"
    page = client.get(url)
    assert_leaves_no_trace(page)
    refused = client.post(
        url, {"kind": "phone", "form_token": token_from(page)}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert refused.status_code == 403
    assert not EntryReport.objects.exists()
    missing = client.post(url, {"form_token": token_from(page)}, HTTP_SEC_FETCH_SITE="same-origin")
    assert "Select what is wrong with this entry" in missing.content.decode()
    assert not EntryReport.objects.exists()
    sent = client.post(
        url,
        {"kind": "phone", "details": "The number rings out.", "form_token": token_from(missing)},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert sent.status_code == 302
    assert sent["Location"] == f"/services/{directory.outreach.public_id}/report/sent/"
    assert not sent.cookies
    report = EntryReport.objects.get()
    assert (report.service, report.kind, report.details) == (
        directory.outreach,
        "phone",
        "The number rings out.",
    )
    assert isinstance(report.received_on, datetime.date)
    assert not isinstance(report.received_on, datetime.datetime)
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200 and "Report sent" in thanks.content.decode()


def test_search_count_record_is_safe_to_repeat():
    for _ in range(3):
        search_count_record(need_code="fgm", area_code="E06000006", on=datetime.date(2026, 1, 7))
    row = SearchCount.objects.get()
    assert (row.week, row.count) == (datetime.date(2026, 1, 5), 3)


@pytest.mark.parametrize("url", ["/", "/browsing-safely/"])
def test_other_public_pages_leave_no_trace(directory, url):
    assert_leaves_no_trace(Client().get(url))


def test_text_from_the_directory_is_escaped_everywhere(directory, areas):
    from harbour.directory.factories import ServiceFactory

    service = ServiceFactory(
        name='<script>alert("x")</script> Outreach',
        description="<img src=x onerror=alert(1)>",
        needs=["stalking"],
        areas=[areas["Halton"]],
    )
    results = search(Client(), need="stalking", area="E06000006").content.decode()
    page = Client().get(f"/services/{service.public_id}/").content.decode()
    for body in (results, page):
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert" in body
