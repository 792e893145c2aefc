"""Sent by ``harbour.risk.services.assessment_record`` inside its transaction, after the
assessment is saved (a receiver that raises rolls it back). Arguments: assessment, by.

``assessment.marac_criteria`` lists the MARAC referral criteria the assessment meets.
"""

from django.dispatch import Signal

assessment_recorded = Signal()
