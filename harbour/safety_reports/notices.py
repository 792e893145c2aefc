"""The fixed words of the neutral messages sent to subscribers. They never say what an alert is
about: a message on a lock screen or in a shared inbox must reveal nothing."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from harbour.safety_reports.choices import NoticeKind


def notice_text(kind: str) -> tuple[str, str]:
    """(subject, body) of a notice of ``kind``."""
    site = settings.HARBOUR_SITE_URL.rstrip("/")
    if kind == NoticeKind.NEW_ALERT:
        subject = _("There is a new safety alert for you")
    else:
        subject = _("A safety alert has been updated")
    body = _("%(subject)s. Sign in to read it: %(url)s") % {
        "subject": subject,
        "url": f"{site}/safety/alerts/",
    }
    return subject, body
