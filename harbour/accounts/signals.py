from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from harbour.accounts import lockout
from harbour.accounts.services import sign_in_slowed_alert
from harbour.audit.services import Action, access_log
from harbour.core.net import client_address


@receiver(user_locked_out)
def record_lockout(sender, request, username=None, ip_address=None, **kwargs) -> None:
    access_log(
        user=None,
        username=username or "",
        action=Action.LOCKED_OUT,
        reason="too many failed sign-in attempts",
    )


@receiver(user_login_failed)
def count_failing_addresses(sender, credentials, request=None, **kwargs) -> None:
    """Every failed sign-in (password or code) counts towards slowing its username down."""
    username = (credentials or {}).get("username") or ""
    if request is None or not username:
        return
    addresses, crossed = lockout.failure_record(username=username, address=client_address(request))
    if crossed:
        sign_in_slowed_alert(username=username, addresses=addresses)
