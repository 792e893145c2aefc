"""Roles with little casework of their own – the sex-worker liaison officer and the education
provider – have a home page that says what Harbour does for them and what they can do now,
never just "nothing waiting"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.prevention.factories import programme_make

pytestmark = pytest.mark.django_db


def _home(staff_client, user) -> str:
    response = staff_client(user).get(reverse("core:staff-home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_liaison_officers_home_says_what_harbour_does_and_what_she_can_do(staff_client):
    body = _home(staff_client, UserFactory(role=Role.LIAISON_OFFICER))
    assert "You have nothing waiting for you" not in body
    assert "What Harbour does for you" in body
    assert "Harbour passes it to you" in body
    assert "Safety reports passed to the police" in body
    assert f'href="{reverse("safety_reports:list")}"' in body
    # find and refer
    assert "Find a service and pass her on" in body
    assert f'href="{reverse("directory-staff:services")}"' in body
    assert f'href="{reverse("referrals-public:contact")}"' in body
    # nothing meant for the education provider
    assert "Your education programmes" not in body


def test_the_education_providers_home_says_what_harbour_does_and_what_he_can_do(staff_client):
    educator = UserFactory(role=Role.EDUCATION_PROVIDER)
    programme_make(by=educator)
    programme_make(by=educator)
    elsewhere = AgencyFactory(name="Another school", kind=AgencyKind.EDUCATION_PROVIDER)
    programme_make(by=UserFactory(role=Role.EDUCATION_PROVIDER, agency=elsewhere))  # not his
    body = _home(staff_client, educator)
    assert "You have nothing waiting for you" not in body
    assert "What Harbour does for you" in body
    assert "prevention programmes" in body
    assert "Your education programmes" in body
    assert '<p class="govuk-heading-l govuk-!-margin-bottom-1">2</p>' in body
    assert f'href="{reverse("prevention:home")}"' in body
    assert "Find a service and pass her on" in body
    assert "Safety reports passed to the police" not in body


@pytest.mark.parametrize("role", [Role.IDVA, Role.POLICE_OFFICER, Role.ANALYST])
def test_other_roles_are_not_offered_these(staff_client, role):
    body = _home(staff_client, UserFactory(role=role))
    assert "Find a service and pass her on" not in body
    assert "Safety reports passed to the police" not in body
    assert "Your education programmes" not in body
    assert "What Harbour does for you" not in body
