"""What MARAC does when other capabilities record something (connected in ``MaracConfig``).

Both signals are sent inside the sender's transaction: a receiver that raises rolls the
recording back, so the services called here turn configuration problems (no MARAC for the area,
no usable sharing basis) into a recorded referral waiting to be picked up, never an error.
"""

from __future__ import annotations

from django.dispatch import receiver

from harbour.incidents.signals import harmer_named
from harbour.marac import services
from harbour.risk.signals import assessment_recorded


@receiver(assessment_recorded, dispatch_uid="marac.referral_from_assessment")
def refer_from_assessment(sender, assessment, by, **kwargs) -> None:
    services.referral_from_assessment(assessment=assessment, by=by)


@receiver(harmer_named, dispatch_uid="marac.repeat_check")
def check_for_repeat(sender, incident, harmer, by, **kwargs) -> None:
    services.repeat_check(incident=incident, harmer_person_id=harmer.person_id, by=by)
