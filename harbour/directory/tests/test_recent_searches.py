"""A search kept for a few minutes behind an opaque results address, so Back finds her results;
then forgotten, and at once when she presses Exit this page (decision 0005)."""

from __future__ import annotations

import datetime
import pickle
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from harbour.directory import recent_searches
from harbour.directory.models import SearchCount
from harbour.directory.tests.test_find_support import assert_leaves_no_trace, post_search

pytestmark = pytest.mark.django_db

EXIT = "https://www.bbc.co.uk/weather"


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)


def _exit_href(body: str) -> str:
    return re.search(r'<a href="([^"]+)" role="button"[^>]*govuk-exit-this-page', body, re.S)[1]


def test_back_to_the_results_address_shows_the_same_results(directory):
    client = Client()
    results = post_search(client, need="domestic-abuse", area="E08000012")["Location"]
    first = client.get(results)
    again = client.get(results)  # the browser's Back: a plain GET, nothing to post again
    assert first.status_code == again.status_code == 200
    assert_leaves_no_trace(again)
    assert "Harbourside domestic abuse outreach" in again.content.decode()
    without_tokens = re.compile(r'name="form_token" value="[^"]*"')  # a fresh one each time
    assert without_tokens.sub("", again.content.decode()) == without_tokens.sub(
        "", first.content.decode()
    )
    assert SearchCount.objects.get(need_code="domestic-abuse").count == 1


def test_a_search_expires_after_the_minutes_allowed(directory, settings):
    settings.HARBOUR_SEARCH_MINUTES = 10
    client = Client()
    results = post_search(client, need="domestic-abuse")["Location"]
    with time_machine.travel(_now() + datetime.timedelta(minutes=9)):
        assert "Harbourside domestic abuse outreach" in client.get(results).content.decode()
    with time_machine.travel(_now() + datetime.timedelta(minutes=11)):
        expired = client.get(results)
    body = expired.content.decode()
    assert expired.status_code == 200
    assert_leaves_no_trace(expired)
    assert "This search has expired" in body
    assert "Harbourside domestic abuse outreach" not in body
    assert 'action="/results/"' in body  # the search form, to search again


def test_exit_this_page_forgets_the_search_at_once(directory):
    client = Client()
    results = post_search(client, need="domestic-abuse", words="outreach")["Location"]
    token = results.split("/")[2]
    page = client.get(results).content.decode()
    exit_url = _exit_href(page)
    assert exit_url == f"/results/{token}/exit/"
    # A service opened from the results knows the search too, so Exit there forgets it as well.
    service_link = re.search(r'href="(/services/[^"]+\?search=[^"]+)"', page)[1]
    service = client.get(service_link).content.decode()
    assert _exit_href(service) == exit_url
    assert f'href="{results}"' in service  # and offers the way back to her results

    left = client.get(exit_url)
    assert left.status_code == 302 and left["Location"] == EXIT
    assert_leaves_no_trace_of(left)
    assert recent_searches.search_recall(token) is None
    assert "This search has expired" in client.get(results).content.decode()
    assert client.get(exit_url)["Location"] == EXIT  # pressing it twice is fine


def assert_leaves_no_trace_of(response) -> None:
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_pages_outside_a_search_exit_straight_to_the_exit_site(directory):
    home = Client().get("/").content.decode()
    assert _exit_href(home) == EXIT
    service = Client().get(f"/services/{directory.outreach.public_id}/").content.decode()
    assert _exit_href(service) == EXIT
    # A made-up search in a service address is not echoed into the page.
    odd = Client().get(f"/services/{directory.outreach.public_id}/?search=<b>x</b>")
    assert _exit_href(odd.content.decode()) == EXIT


@pytest.mark.parametrize("token", ["A" * 22, "short", "x" * 200, "not-a-token-at-all!!"])
def test_an_unknown_or_malformed_token_is_an_expired_search(directory, token):
    response = Client().get(f"/results/{token}/")
    assert response.status_code == 200
    assert "This search has expired" in response.content.decode()
    assert Client().get(f"/results/{token}/exit/")["Location"] == EXIT


def test_the_cache_holds_neither_the_words_nor_the_token(directory):
    cache.clear()
    client = Client()
    results = post_search(client, need="stalking", words="Jane Doe refuge")["Location"]
    token = results.split("/")[2]
    stored = dict(cache._cache.items())  # the local test cache
    kept = [value for key, value in stored.items() if "directory:search:" in key]
    assert len(kept) == 1
    raw = pickle.dumps(stored)
    for secret in (b"Jane", b"stalking", token.encode()):
        assert secret not in raw
    assert not any(token in key for key in stored)


def test_a_token_cannot_read_another_search():
    first = recent_searches.search_keep(need_code="fgm", area_code="", words="one")
    second = recent_searches.search_keep(need_code="", area_code="E06000006", words="two")
    assert first != second
    assert recent_searches.search_recall(first).words == "one"
    assert recent_searches.search_recall(second).area_code == "E06000006"
    recent_searches.search_forget(token=first)
    assert recent_searches.search_recall(first) is None
    assert recent_searches.search_recall(second) is not None
