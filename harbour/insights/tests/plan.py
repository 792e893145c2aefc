"""The synthetic quarters the dashboard and open-data tests release."""

from __future__ import annotations

import datetime

from harbour.incidents.choices import IncidentKind

JULY = datetime.datetime(2026, 7, 20, 12, tzinfo=datetime.UTC)  # the second quarter is due
FEBRUARY = datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC)
MAY = datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC)
THRESHOLD = 5
LIVERPOOL, KNOWSLEY, SEFTON = "E08000012", "E08000011", "E08000014"
POLICE, DISCLOSURE = IncidentKind.POLICE, IncidentKind.DISCLOSURE

# Quarter by quarter, area by area: (police, disclosures). Knowsley's 2 police incidents in the
# first quarter are a small count.
PLAN = {
    FEBRUARY: {LIVERPOOL: (12, 7), KNOWSLEY: (2, 9), SEFTON: (8, 6)},
    MAY: {LIVERPOOL: (10, 9), KNOWSLEY: (6, 3), SEFTON: (7, 11)},
}
