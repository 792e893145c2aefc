"""The demo region's MARAC data shows what the pages are for."""

import pytest
from django.utils import timezone

from harbour.core.queues import work_for
from harbour.marac.figures import marac_figures
from harbour.marac.models import Marac, MaracAction, MaracReferral, Meeting


@pytest.mark.django_db
def test_demo_marac_has_meetings_past_and_upcoming_referrals_actions_and_figures(demo_region):
    ctx = demo_region
    assert Marac.objects.count() == 6
    assert all(m.sharing_bases.count() == 2 for m in Marac.objects.all())
    liverpool = Marac.objects.get(name="Liverpool MARAC")
    now = timezone.now()
    past = Meeting.objects.filter(marac=liverpool, starts_at__lt=now)
    upcoming = Meeting.objects.filter(marac=liverpool, starts_at__gt=now)
    assert past.count() >= 2 and past.filter(hearings__actions__isnull=False).exists()
    assert upcoming.filter(hearings__removed_at__isnull=True).exists()
    aisha = ctx.shared["people"]["Aisha Rahman"]
    assert MaracReferral.objects.get(person=aisha).status == "open"
    assert MaracReferral.objects.filter(is_repeat=True, status="closed").exists()
    assert any(action.overdue for action in MaracAction.objects.filter(status="open"))
    assert MaracReferral.objects.filter(marac__isnull=True).count() == 0
    figures = marac_figures()
    assert figures.latest is not None
    liverpool_row = next(r for r in figures.latest.areas if r.name == "Liverpool")
    assert liverpool_row.cases.value  # the released year's cases
    # A rate needs 10 cases behind it (the output-checking rules): withheld below that.
    assert (liverpool_row.rate.value is not None) == (liverpool_row.cases.value >= 10)
    assert figures.latest.release.release.revision == 0
    users = ctx.shared["users"]
    coordinator = [str(i.title) for i in work_for(users["marac.coordinator"])]
    assert any("List referral" in t for t in coordinator)
    officer = [i for i in work_for(users["police.officer"]) if str(i.kind) == "MARAC action"]
    assert officer and officer[0].overdue
