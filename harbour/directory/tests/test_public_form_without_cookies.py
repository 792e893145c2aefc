"""Find support's search, a real public form, works without any cookie (the form's signed token
replaces Django's cookie-based CSRF check; see harbour.core.public_forms)."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_real_public_form_works_without_any_cookie(areas):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/")
    assert not page.cookies
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/results/",
        {"form_token": token, "need": "", "area": ""},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 303  # to the results, at an address of their own
    assert not response.cookies
    results = client.get(response["Location"])
    assert results.status_code == 200
    assert not results.cookies
    assert not client.cookies
