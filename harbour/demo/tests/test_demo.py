import pytest
from django.core.management import call_command

from harbour.accounts.models import User
from harbour.accounts.roles import Role
from harbour.demo.services import demo_sign_ins


@pytest.mark.django_db
def test_demo_has_a_user_for_every_role_with_two_factor(demo_region, settings):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles >= set(Role.values)
    for sign_in in demo_sign_ins():
        user = User.objects.get(username=sign_in.username)
        assert user.totpdevice_set.filter(confirmed=True).exists()
        assert user.check_password((settings.VAR_DIR / "demo-password").read_text().strip())


@pytest.mark.django_db
def test_demo_command_prints_sign_ins_and_codes(demo_region, capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "already loaded" in out
    assert "http://127.0.0.1:8000/" in out
    assert "police.officer" in out
    call_command("totp_code", "police.officer")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()


@pytest.mark.django_db
def test_demo_agencies_cover_their_areas(demo_region):
    from harbour.accounts.models import Agency

    liverpool_idva = Agency.objects.get(name="Liverpool IDVA Service")
    assert [a.name for a in liverpool_idva.areas.all()] == ["Liverpool"]
    assert Agency.objects.get(name="Merseyside Police").areas.count() == 6
