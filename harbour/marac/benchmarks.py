"""Published figures MARAC figures are read against (shown beside the area's own)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# SafeLives' recommended volume of MARAC cases a year per 10,000 women aged 16 and over.
BENCHMARK_CASES_PER_10000 = Decimal(40)
# National MARAC data, October 2023 to September 2024.
NATIONAL_PERIOD = _("October 2023 to September 2024")
NATIONAL_CASES_PER_10000 = Decimal(47)
NATIONAL_REPEAT_RATE = Decimal(31)  # per cent of cases
NATIONAL_CASES_PER_MEETING = 16
