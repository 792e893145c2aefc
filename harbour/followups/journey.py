"""The 24-hour follow-up as a step of recording an incident, in pilot areas only.

Decision 0017: her record is shared with the IDVA service only after the officer records what
she told her, and only once domestic abuse is confirmed. So the step is listed from the start in
an area whose scheme covers the first police visit, can be taken only once the follow-up exists
(domestic abuse confirmed), and is done once her answer is recorded.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from harbour.followups.choices import Status
from harbour.followups.models import Followup
from harbour.incidents.journey import JourneyStep


def followup_step(*, incident) -> JourneyStep | None:
    from harbour.followups.services import scheme_for_visit

    if not incident.is_police:
        return None
    followup = Followup.objects.filter(incident=incident).only("status").first()
    if followup is None:
        if incident.domestic_abuse is False or not scheme_for_visit(
            local_authority=incident.local_authority, visited_at=incident.visited_at
        ):
            return None
        return JourneyStep(
            label=_("The 24-hour IDVA follow-up"),
            url=None,
            done=False,
            description=_(
                "%(area)s takes part in the 24-hour follow-up: when you confirm domestic abuse, "
                "you then record what you told her about an IDVA contacting her within 24 hours "
                "and her answer. Nothing is shared with the IDVA service before that."
            )
            % {"area": incident.local_authority.name},
        )
    return JourneyStep(
        label=_("The 24-hour IDVA follow-up"),
        url=reverse("followups:notice", args=[incident.public_id]),
        done=followup.status != Status.AWAITING_NOTICE,
        description=_(
            "Record what you told her about an IDVA contacting her within 24 hours, and her "
            "answer. Her record is shared with the IDVA service only if she agrees, or on the "
            "area's recorded basis if you could not tell her."
        ),
    )
