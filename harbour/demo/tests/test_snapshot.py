"""The demo region that tests share: restored whole into each test, and restored again whole."""

from __future__ import annotations

import pytest

from harbour.accounts.models import User
from harbour.demo.testing import demo_snapshot_restore, table_counts

pytestmark = pytest.mark.django_db


def test_every_table_holds_what_the_load_made(demo_region, demo_snapshot):
    assert table_counts(list(demo_snapshot.counts)) == demo_snapshot.counts
    assert sum(demo_snapshot.counts.values()) > 1000


def test_restoring_again_undoes_changes_and_gives_a_fresh_context(
    demo_region, demo_snapshot, settings, user_factory
):
    officer = demo_region.shared["users"]["police.officer"]
    User.objects.filter(pk=officer.pk).update(first_name="Changed")
    (settings.VAR_DIR / "demo-password").write_text("changed\n")
    added = user_factory()  # new rows get identifiers the region does not use
    assert added.pk > max(User.objects.exclude(pk=added.pk).values_list("pk", flat=True))

    again = demo_snapshot_restore(demo_snapshot, settings.VAR_DIR)

    assert User.objects.get(pk=officer.pk).first_name != "Changed"
    assert not User.objects.filter(pk=added.pk).exists()
    assert (settings.VAR_DIR / "demo-password").read_text() != "changed\n"
    assert again.shared["users"]["police.officer"] is not officer
    assert again.shared["users"]["police.officer"].pk == officer.pk
    assert table_counts(list(demo_snapshot.counts)) == demo_snapshot.counts
