"""Error pages in the layout of their part of the site, and "Error:" in every title with errors.

On the public site, "Page not found", 403, 400, 500 and a refused form keep the public layout:
Exit this page, a neutral title, a link to Find support, public wording. In the staff area they
keep the staff layout.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.views.defaults import bad_request, permission_denied

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.core.middleware import ErrorTitleMiddleware
from harbour.core.views import server_error

pytestmark = pytest.mark.django_db

EXIT_BUTTON = "govuk-exit-this-page"


def _title(body: str) -> str:
    return re.search(r"<title>(.*?)</title>", body, re.S)[1].strip()


def assert_public_error_page(response, status: int) -> str:
    body = response.content.decode() if hasattr(response, "content") else response
    assert response.status_code == status
    assert EXIT_BUTTON in body
    assert _title(body).endswith("– Local information")
    assert 'href="/">Find support</a>' in body
    assert "a record" not in body and "Signed in as" not in body
    assert "If you are in danger now, call 999" in body
    assert not response.cookies
    return body


def test_a_public_page_not_found_has_the_public_layout():
    body = assert_public_error_page(Client().get("/no-such-page/"), 404)
    assert _title(body) == "Page not found – Local information"
    assert "the service may have closed or moved" in body


def test_a_staff_page_not_found_keeps_the_staff_layout(staff_client):
    client = staff_client(UserFactory(role=Role.IDVA))
    response = client.get("/staff/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert EXIT_BUTTON not in body
    assert "Signed in as" in body and "a record" in body
    assert _title(body) == "Page not found – Harbour"


def test_public_and_staff_403_and_400():
    factory = RequestFactory()
    public = permission_denied(factory.get("/services/x/"), PermissionDenied())
    assert_public_error_page(public, 403)
    public_400 = bad_request(factory.get("/results/"), Exception())
    assert_public_error_page(public_400, 400)
    staff = permission_denied(factory.get("/staff/people/"), PermissionDenied())
    body = staff.content.decode()
    assert EXIT_BUTTON not in body and "The attempt has been recorded" in body


def test_a_refused_staff_page_keeps_the_staff_layout(staff_client):
    client = staff_client(UserFactory(role=Role.EDUCATION_PROVIDER))
    response = client.get("/staff/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You cannot see this page" in body and "Signed in as" in body
    assert EXIT_BUTTON not in body


def test_a_server_error_has_the_layout_of_its_part_of_the_site():
    factory = RequestFactory()
    public = server_error(factory.get("/results/abc/"))
    body = assert_public_error_page(public, 500)
    assert "Sorry, there is a problem with the service" in body
    staff = server_error(factory.get("/staff/people/")).content.decode()
    assert EXIT_BUTTON not in staff and "Sorry, there is a problem with the service" in staff


def test_a_server_error_page_is_served_even_if_the_layout_fails(monkeypatch):
    from django.template import loader

    real = loader.get_template

    def broken(name, *args, **kwargs):
        if name == "500_layout.html":
            raise RuntimeError("the layout could not be rendered")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_refused_form_has_the_layout_of_its_part_of_the_site(staff_client):
    public = Client(enforce_csrf_checks=True).post("/browsing-safely/", {})
    body = assert_public_error_page(public, 403)
    assert "has not been accepted" in body
    client = staff_client(UserFactory(role=Role.IDVA))
    client.handler.enforce_csrf_checks = True
    staff = client.post("/staff/sign-out/", {})
    body = staff.content.decode()
    assert staff.status_code == 403
    assert "has not been accepted" in body and EXIT_BUTTON not in body


# --- "Error:" in titles -----------------------------------------------------------------------

SUMMARY = '<div class="govuk-error-summary" data-module="govuk-error-summary">'


def _through(body: str) -> str:
    middleware = ErrorTitleMiddleware(lambda request: HttpResponse(body))
    return middleware(RequestFactory().get("/")).content.decode()


def test_a_page_with_an_error_summary_gets_error_in_its_title_once():
    page = f"<html><head><title>Add a programme – Harbour</title></head><body>{SUMMARY}</body>"
    assert _title(_through(page)) == "Error: Add a programme – Harbour"
    already = page.replace("<title>Add", "<title>Error: Add")
    assert _title(_through(already)) == "Error: Add a programme – Harbour"
    without = "<html><head><title>Add a programme – Harbour</title></head><body></body>"
    assert _title(_through(without)) == "Add a programme – Harbour"


def test_a_staff_form_with_errors_has_error_in_its_title(staff_client):
    client = staff_client(UserFactory(role=Role.EDUCATION_PROVIDER))
    response = client.post("/staff/prevention/programmes/add/", {"name": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert _title(body).startswith("Error: ")
    assert "Enter the programme&#x27;s name" in body or "Enter the programme's name" in body
