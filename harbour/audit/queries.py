from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from harbour.audit.models import AccessLogEntry


def access_log_search(
    *,
    username: str = "",
    agency=None,
    action: str = "",
    record_type: str = "",
    record_id: str = "",
    date_from=None,
    date_to=None,
    flagged: bool = False,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.select_related("agency", "reason_ref")
    if username:
        entries = entries.filter(username__iexact=username.strip())
    if agency is not None:
        entries = entries.filter(agency=agency)
    if action:
        entries = entries.filter(action=action)
    if record_type:
        entries = entries.filter(record_type__iexact=record_type.strip())
    if record_id:
        entries = entries.filter(record_id=record_id.strip())
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
        entries = entries.filter(at__lt=end)
    if flagged:
        entries = entries.filter(flagged=True)
    return entries.order_by("-at", "-id")
