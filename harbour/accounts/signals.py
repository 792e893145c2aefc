from axes.signals import user_locked_out
from django.dispatch import receiver

from harbour.audit.services import Action, access_log


@receiver(user_locked_out)
def record_lockout(sender, request, username=None, ip_address=None, **kwargs) -> None:
    access_log(
        user=None,
        username=username or "",
        action=Action.LOCKED_OUT,
        reason="too many failed sign-in attempts",
    )
