import pytest
from django.test import Client

PUBLIC_PAGES = ["/", "/browsing-safely/", "/open-data/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_leave_no_trace(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert not response.cookies, "public pages must set no cookies"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    body = response.content.decode()
    assert "govuk-exit-this-page" in body
    assert 'href="https://www.bbc.co.uk/weather"' in body
    # Neutral titles: nothing in the tab or history says what the visitor was looking for.
    title = body.split("<title>")[1].split("</title>")[0].lower()
    for word in ("abuse", "violence", "rape", "harm"):
        assert word not in title


@pytest.mark.django_db
def test_public_pages_load_nothing_from_elsewhere():
    body = Client().get("/").content.decode()
    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in body
    assert 'rel="stylesheet" href="/static/' in body


@pytest.mark.django_db
def test_signed_in_staff_visiting_public_pages_get_no_cookie(staff_client, user_factory):
    client = staff_client(user_factory())
    response = client.get("/")
    assert not response.cookies


@pytest.mark.django_db
def test_staff_pages_are_not_cached_either(staff_client, user_factory):
    response = staff_client(user_factory()).get("/staff/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_staff_pages_send_referrers_only_to_harbour():
    response = Client().get("/staff/sign-in/")
    assert response["Referrer-Policy"] == "same-origin"
