"""Administrators manage users on staff pages: a second administrator approves new casework
accounts and changes of role, agency or email; no one changes their own role or agency; every act
is logged as the administrator's and shows on the account's page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.models import AccountChange, AccountLink, User
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.services import (
    account_change_approve,
    account_change_email_request,
    account_change_refuse,
    account_change_role_request,
    account_change_withdraw,
    account_close,
    account_reopen,
    account_request_new,
)
from harbour.audit.models import AccessLogEntry, Action
from harbour.notifications.catalogue import Kind
from harbour.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return AgencyFactory(name="Test Police force", kind=AgencyKind.POLICE)


def ask_for_officer(by, police, username="new.officer"):
    return account_request_new(
        by=by,
        username=username,
        email=f"{username}@example.org",
        first_name="New",
        last_name="Officer",
        agency=police,
        role=Role.POLICE_OFFICER,
    )


def entries_about(user):
    return AccessLogEntry.objects.filter(record_type="accounts.user", record_id=user.public_id)


# New accounts ---------------------------------------------------------------------------------


def test_a_new_casework_account_waits_for_a_second_administrator(administrators, police):
    ada, bo = administrators
    user = ask_for_officer(ada, police)
    assert not user.is_active
    assert not user.has_usable_password()
    change = AccountChange.objects.get(user=user)
    assert change.kind == AccountChange.Kind.NEW_ACCOUNT
    assert change.status == AccountChange.Status.PENDING
    # The other administrator is asked; the one who asked is not; no set-up link goes yet.
    approvals = Notification.objects.filter(kind=Kind.ACCOUNT_APPROVAL)
    assert list(approvals.values_list("recipient__username", flat=True)) == ["bo.admin"]
    assert not AccountLink.objects.filter(user=user).exists()

    with pytest.raises(ValidationError):
        account_change_approve(change=change, by=ada)
    change.refresh_from_db()
    assert change.status == AccountChange.Status.PENDING

    account_change_approve(change=change, by=bo)
    user.refresh_from_db()
    assert user.is_active
    assert not user.has_usable_password()  # only they will choose it
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AccountChange.Status.DONE, bo)
    set_up = Notification.objects.get(recipient=user)
    assert set_up.kind == Kind.ACCOUNT_SET_UP
    assert set_up.link_issuer == "accounts.link"

    logged = entries_about(user).order_by("at", "id")
    assert [(e.username, e.action) for e in logged] == [
        ("ada.admin", Action.CREATE),
        ("bo.admin", Action.REVIEW),
    ]
    assert logged[1].detail["asked_by"] == "ada.admin"


def test_accounts_that_read_no_records_are_made_at_once(administrators):
    ada, _ = administrators
    council = AgencyFactory(name="Test Council", kind=AgencyKind.COUNCIL)
    user = account_request_new(
        by=ada,
        username="new.analyst",
        email="new.analyst@example.org",
        first_name="New",
        last_name="Analyst",
        agency=council,
        role=Role.ANALYST,
    )
    assert user.is_active
    assert not AccountChange.objects.filter(user=user).exists()
    assert Notification.objects.get(recipient=user).kind == Kind.ACCOUNT_SET_UP


def test_a_new_administrator_needs_approval_too(administrators, police):
    ada, _ = administrators
    user = account_request_new(
        by=ada,
        username="third.admin",
        email="third@example.org",
        first_name="Third",
        last_name="Admin",
        agency=police,
        role=Role.ADMINISTRATOR,
    )
    assert not user.is_active
    assert AccountChange.objects.get(user=user).status == AccountChange.Status.PENDING


def test_a_refused_account_stays_closed(administrators, police):
    ada, bo = administrators
    user = ask_for_officer(ada, police)
    change = AccountChange.objects.get(user=user)
    account_change_refuse(change=change, by=bo)
    user.refresh_from_db()
    assert not user.is_active
    assert not Notification.objects.filter(recipient=user).exists()
    with pytest.raises(ValidationError):
        account_change_approve(change=change, by=bo)


def test_only_administrators_ask(police):
    hub = UserFactory(role=Role.HUB_CASEWORKER)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ask_for_officer(hub, police)
    assert not User.objects.filter(username="new.officer").exists()


# Role, agency and email ------------------------------------------------------------------------


def test_a_change_of_role_or_agency_is_made_only_when_approved(administrators, police):
    ada, bo = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    change = account_change_role_request(
        by=ada, user=casey, role=Role.POLICE_OFFICER, agency=police
    )
    casey.refresh_from_db()
    assert casey.role == Role.ANALYST
    account_change_approve(change=change, by=bo)
    casey.refresh_from_db()
    assert casey.role == Role.POLICE_OFFICER
    assert Notification.objects.filter(recipient=casey, kind=Kind.ACCOUNT).exists()


def test_becoming_an_administrator_opens_the_django_admin_and_leaving_closes_it(
    administrators, police
):
    ada, bo = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    account_change_approve(
        change=account_change_role_request(
            by=ada, user=casey, role=Role.ADMINISTRATOR, agency=police
        ),
        by=bo,
    )
    casey.refresh_from_db()
    assert casey.is_staff and casey.is_superuser
    account_change_approve(
        change=account_change_role_request(by=bo, user=casey, role=Role.ANALYST, agency=police),
        by=ada,
    )
    casey.refresh_from_db()
    assert not casey.is_staff and not casey.is_superuser


def test_no_one_changes_their_own_role_or_agency(administrators, police):
    ada, bo = administrators
    with pytest.raises(ValidationError):
        account_change_role_request(by=ada, user=ada, role=Role.ANALYST, agency=police)
    with pytest.raises(ValidationError):
        account_change_email_request(by=ada, user=ada, email="elsewhere@example.org")
    assert not AccountChange.objects.exists()
    # Nor approves a change to their own account that someone else asked for.
    change = account_change_role_request(by=bo, user=ada, role=Role.ADMINISTRATOR, agency=police)
    with pytest.raises(ValidationError):
        account_change_approve(change=change, by=ada)
    ada.refresh_from_db()
    assert ada.agency != police


def test_the_database_refuses_an_approval_by_the_one_who_asked_or_the_one_it_is_about(
    administrators, police
):
    ada, bo = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    change = account_change_role_request(
        by=ada, user=casey, role=Role.POLICE_OFFICER, agency=police
    )
    for decider in (ada, casey):
        with pytest.raises(IntegrityError), transaction.atomic():
            AccountChange.objects.filter(pk=change.pk).update(decided_by=decider)
    # A second administrator is what the database accepts.
    assert AccountChange.objects.filter(pk=change.pk).update(decided_by=bo) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountChange.objects.create(
            user=ada, kind=AccountChange.Kind.ROLE, role=Role.ANALYST, requested_by=ada
        )


def test_the_role_must_suit_the_agency(administrators, police):
    ada, _ = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    with pytest.raises(ValidationError) as error:
        account_change_role_request(by=ada, user=casey, role=Role.IDVA, agency=police)
    assert "role" in error.value.message_dict
    assert not AccountChange.objects.exists()


def test_one_open_change_of_each_kind(administrators, police):
    ada, bo = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    account_change_role_request(by=ada, user=casey, role=Role.POLICE_OFFICER, agency=police)
    with pytest.raises(ValidationError):
        account_change_role_request(by=bo, user=casey, role=Role.LIAISON_OFFICER, agency=police)
    assert AccountChange.objects.count() == 1


def test_an_email_change_is_approved_then_confirmed_from_the_old_address(administrators):
    ada, bo = administrators
    casey = UserFactory(username="casey", email="casey@old.example.org")
    change = account_change_email_request(by=ada, user=casey, email="casey@new.example.org")
    change = account_change_approve(change=change, by=bo)
    casey.refresh_from_db()
    assert change.status == AccountChange.Status.CONFIRMING
    assert casey.email == "casey@old.example.org"  # not until she confirms
    confirm = Notification.objects.get(recipient=casey, kind=Kind.EMAIL_CONFIRM)
    assert confirm.link_ref == AccountLink.objects.get(change=change).public_id
    # Nothing about the address is written to the access log.
    assert not any("example.org" in str(e.detail) for e in entries_about(casey))


def test_the_one_who_asked_may_withdraw_and_another_may_stop_an_unconfirmed_email_change(
    administrators,
):
    ada, bo = administrators
    casey = UserFactory(username="casey")
    first = account_change_email_request(by=ada, user=casey, email="one@example.org")
    with pytest.raises(ValidationError):
        account_change_withdraw(change=first, by=bo)
    account_change_withdraw(change=first, by=ada)
    second = account_change_approve(
        change=account_change_email_request(by=ada, user=casey, email="two@example.org"), by=bo
    )
    account_change_refuse(change=second, by=bo)
    link = AccountLink.objects.get(change=second)
    assert link.withdrawn_at is not None


def test_closing_is_immediate_and_reopening_a_casework_account_needs_approval(
    administrators, police
):
    ada, bo = administrators
    officer = UserFactory(username="officer", role=Role.POLICE_OFFICER, agency=police)
    account_close(user=officer, by=ada)
    officer.refresh_from_db()
    assert not officer.is_active
    change = account_reopen(user=officer, by=ada)
    officer.refresh_from_db()
    assert change is not None and not officer.is_active
    account_change_approve(change=change, by=bo)
    officer.refresh_from_db()
    assert officer.is_active


# The pages -------------------------------------------------------------------------------------


def test_only_administrators_reach_the_users_pages(staff_client, police):
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    hub = staff_client(UserFactory(role=Role.HUB_CASEWORKER))
    for url in (
        "/staff/users/",
        "/staff/users/new/",
        f"/staff/users/{casey.public_id}/",
        f"/staff/users/{casey.public_id}/reset/",
    ):
        assert hub.get(url).status_code == 403
    assert hub.post(f"/staff/users/{casey.public_id}/close/").status_code == 403
    casey.refresh_from_db()
    assert casey.is_active
    assert AccessLogEntry.objects.filter(action=Action.DENIED).count() == 5


def test_asking_for_an_account_on_the_page_and_approving_it_on_another(
    administrators, police, staff_client
):
    ada, bo = administrators
    response = staff_client(ada).post(
        "/staff/users/new/",
        {
            "first_name": "Nia",
            "last_name": "Pryce",
            "username": "nia.pryce",
            "email": "nia.pryce@example.org",
            "agency": police.pk,
            "role": Role.POLICE_OFFICER,
        },
    )
    nia = User.objects.get(username="nia.pryce")
    assert response["Location"] == f"/staff/users/{nia.public_id}/"
    change = AccountChange.objects.get(user=nia)

    # The one who asked sees no approve button, and a post is refused.
    page = staff_client(ada).get(f"/staff/users/changes/{change.public_id}/")
    assert b'value="approve"' not in page.content
    assert b"You asked for this" in page.content
    refused = staff_client(ada).post(
        f"/staff/users/changes/{change.public_id}/", {"decision": "approve"}
    )
    assert b"another administrator must approve or refuse it" in refused.content
    nia.refresh_from_db()
    assert not nia.is_active

    bo_client = staff_client(bo)
    home = bo_client.get("/staff/")
    assert b"Account changes waiting for approval" in home.content
    page = bo_client.get(f"/staff/users/changes/{change.public_id}/")
    assert b'value="approve"' in page.content
    assert b"nia.pryce@example.org" in page.content
    bo_client.post(f"/staff/users/changes/{change.public_id}/", {"decision": "approve"})
    nia.refresh_from_db()
    assert nia.is_active

    # Both acts show on her page, each as the administrator's own.
    page = bo_client.get(f"/staff/users/{nia.public_id}/")
    history = page.content.decode().split('id="history"')[1]
    assert "ada.admin" in history and "new account asked for" in history
    assert "bo.admin" in history and "account change approved" in history


def test_bad_input_on_the_new_account_page_changes_nothing(administrators, police, staff_client):
    ada, _ = administrators
    UserFactory(username="taken")
    response = staff_client(ada).post(
        "/staff/users/new/",
        {
            "first_name": "A",
            "last_name": "B",
            "username": "taken",
            "email": "not-an-email",
            "agency": police.pk,
            "role": Role.IDVA,
        },
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter an email address like name@example.org" in response.content
    response = staff_client(ada).post(
        "/staff/users/new/",
        {
            "first_name": "A",
            "last_name": "B",
            "username": "taken",
            "email": "a.b@example.org",
            "agency": police.pk,
            "role": Role.IDVA,
        },
    )
    assert b"A user with that username already exists" in response.content
    assert b"IDVA is not a role at this kind of agency (Police force)." in response.content
    assert User.objects.filter(username="taken").count() == 1
    assert not AccountChange.objects.exists()


def test_an_administrator_cannot_change_their_own_account_on_the_pages(
    administrators, police, staff_client
):
    ada, _ = administrators
    client = staff_client(ada)
    page = client.get(f"/staff/users/{ada.public_id}/")
    assert b"This is your own account" in page.content
    assert b"Change role or agency" not in page.content
    response = client.post(
        f"/staff/users/{ada.public_id}/role/", {"role": Role.ANALYST, "agency": police.pk}
    )
    assert b"You cannot do this to your own account" in response.content
    response = client.post(f"/staff/users/{ada.public_id}/reset/")
    assert b"own account" in response.content
    ada.refresh_from_db()
    assert ada.role == Role.ADMINISTRATOR and ada.has_usable_password()
    assert not AccountChange.objects.exists()


def test_every_page_renders_for_an_administrator(administrators, police, staff_client):
    ada, bo = administrators
    casey = UserFactory(username="casey", role=Role.ANALYST, agency=police)
    change = account_change_role_request(by=bo, user=casey, role=Role.POLICE_OFFICER, agency=police)
    client = staff_client(ada)
    for url in (
        "/staff/users/",
        "/staff/users/?status=waiting",
        f"/staff/users/?agency={police.pk}&role=analyst&status=open",
        "/staff/users/new/",
        f"/staff/users/{casey.public_id}/",
        f"/staff/users/{casey.public_id}/role/",
        f"/staff/users/{casey.public_id}/email/",
        f"/staff/users/{casey.public_id}/reset/",
        f"/staff/users/{casey.public_id}/close/",
        f"/staff/users/changes/{change.public_id}/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/staff/users/{police.public_id}/").status_code == 404


def test_a_reset_of_an_account_never_set_up_sends_the_set_up_words_again(administrators, police):
    from harbour.accounts.services import account_reset

    ada, bo = administrators
    council = AgencyFactory(name="Test Council", kind=AgencyKind.COUNCIL)
    fresh = account_request_new(
        by=ada,
        username="fresh",
        email="fresh@example.org",
        first_name="F",
        last_name="R",
        agency=council,
        role=Role.ANALYST,
    )
    account_reset(user=fresh, by=bo)
    kinds = list(
        Notification.objects.filter(recipient=fresh).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == [Kind.ACCOUNT_SET_UP, Kind.ACCOUNT_SET_UP]
    # The first link is replaced by the second.
    assert AccountLink.objects.filter(user=fresh, withdrawn_at=None).count() == 1
