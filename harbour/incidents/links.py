"""Links from incidents and assessments to the next step, in other apps.

The victim care hub's referral form belongs to ``harbour.referrals``; until that app is
installed the link is simply not offered (the pages work either way).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def hub_referral_url(*, person_public_id: str, source: str) -> str | None:
    """``/…/referrals/new/?person=<her public id>&source=<app.model>:<public id>``, or None
    while there is no referral form. ``source`` names the record the referral comes from, as
    ``incidents.incident:<public id>`` or ``risk.assessment:<public id>``."""
    try:
        base = reverse("referrals:create")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'person': person_public_id, 'source': source})}"
