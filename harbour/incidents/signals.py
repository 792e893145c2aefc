"""What other capabilities may act on when incidents are recorded.

Sent by ``harbour.incidents.services`` inside the recording's transaction, after the change is
saved: a receiver that raises rolls the recording back, so follow-on work is never half done.
Receivers live in the app that acts (e.g. ``harbour.followups`` creates the 24-hour follow-up,
``harbour.marac`` spots a repeat) so that incidents knows nothing about them.
"""

from django.dispatch import Signal

# A police incident has been confirmed as domestic abuse. Arguments: incident, by.
domestic_abuse_confirmed = Signal()

# A police incident confirmed as domestic abuse has been corrected: it is not domestic abuse.
# Arguments: incident, by.
domestic_abuse_withdrawn = Signal()

# A person has been named as harming the victim of an incident or disclosure, by any agency.
# Arguments: incident, harmer (IncidentHarmer), by.
harmer_named = Signal()
