import pytest

from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry
from harbour.audit.services import Action, access_log

pytestmark = pytest.mark.django_db


def test_administrator_searches_the_log(admin_user, user_factory, staff_client):
    reader = user_factory(username="reader")
    access_log(
        user=reader,
        action=Action.VIEW,
        record_type="people.person",
        record_id="abc",
        reason="referral",
    )
    access_log(user=admin_user, action=Action.VIEW, record_type="people.person", record_id="xyz")
    client = staff_client(admin_user)
    response = client.get("/staff/audit/", {"username": "reader"})
    assert response.status_code == 200
    page = response.context["page"]
    assert [e.username for e in page.object_list] == ["reader"]
    assert b"referral" in response.content
    # Searching the access log is itself logged.
    assert AccessLogEntry.objects.filter(
        user=admin_user, action=Action.SEARCH, record_type="audit.accesslogentry"
    ).exists()


def test_bad_dates_get_a_clear_error(admin_user, staff_client):
    response = staff_client(admin_user).get(
        "/staff/audit/", {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert response.status_code == 200
    assert b"The end date must be the same as or after the start date" in response.content


@pytest.mark.parametrize("role", [Role.IDVA, Role.POLICE_OFFICER, Role.ANALYST])
def test_others_cannot_read_the_log_and_the_attempt_is_logged(role, user_factory, staff_client):
    user = user_factory(role=role)
    response = staff_client(user).get("/staff/audit/")
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=Action.DENIED).exists()
