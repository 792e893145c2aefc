import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from harbour.accounts.factories import AgencyFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.services import user_create


@pytest.mark.parametrize(
    "password",
    ["short1A!", "password1234", "alllowercaseletters", "123456789012345"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password("Lantern-Quarry-Velvet-42")


@pytest.mark.django_db
def test_role_must_suit_the_agency():
    police = AgencyFactory(name="Force", kind=AgencyKind.POLICE)
    with pytest.raises(ValidationError) as error:
        user_create(username="x", agency=police, role=Role.IDVA, password="Lantern-Quarry-42")
    assert "role" in error.value.message_dict
    from harbour.accounts.models import User

    assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_administrators_may_sit_at_any_agency():
    police = AgencyFactory(name="Force", kind=AgencyKind.POLICE)
    user = user_create(
        username="a", agency=police, role=Role.ADMINISTRATOR, password="Lantern-Quarry-42"
    )
    assert user.pk
