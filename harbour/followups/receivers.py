"""Acting on what incidents announce (``harbour.incidents.signals``)."""

from __future__ import annotations

from harbour.followups.services import followup_create_for_incident, followup_withdraw_for_incident


def on_domestic_abuse_confirmed(sender, *, incident, by, **kwargs) -> None:
    """A police incident confirmed as domestic abuse: the follow-up, where the area's scheme
    had started by the first police visit. Runs inside the confirmation's transaction."""
    followup_create_for_incident(incident=incident, by=by)


def on_domestic_abuse_withdrawn(sender, *, incident, by, **kwargs) -> None:
    """The incident is no longer recorded as domestic abuse: its follow-up is not needed."""
    followup_withdraw_for_incident(incident=incident, by=by)
