"""Reports that likely describe the same individual are shown together to the project."""

from __future__ import annotations

import pytest

from harbour.safety_reports.identifiers import (
    handle_normalise,
    phone_normalise,
    registration_normalise,
)
from harbour.safety_reports.queries import links_for
from harbour.safety_reports.services import report_reject

from .helpers import make_report


@pytest.mark.parametrize(
    "written", ["07700 900123", "+44 7700 900123", "7700900123", "0044-7700-900123"]
)
def test_phone_numbers_written_differently_normalise_alike(written):
    assert phone_normalise(written) == "7700900123"


def test_registrations_and_handles_normalise():
    assert registration_normalise("AB12 CDE") == registration_normalise("ab12cde") == "AB12CDE"
    assert handle_normalise("@Night_Owl ") == handle_normalise("night_owl")


def test_phone_numbers_written_differently_link(world):
    first = make_report(world, phones=["07700 900123"], registrations=[])
    second = make_report(world, phones=["+44 7700 900123"], registrations=[])
    third = make_report(world, phones=["7700900123"], registrations=[])
    other = make_report(world, phones=["07700 900555"], registrations=[], description="")
    links = links_for(first)
    assert set(links["exact"]) == {second, third}
    assert other not in links["exact"]
    assert links["independent"] == 3


def test_registrations_written_differently_link(world):
    first = make_report(world, phones=[], registrations=["AB12 CDE"])
    second = make_report(world, phones=[], registrations=["ab12cde"])
    assert links_for(first)["exact"] == [second]
    assert links_for(second)["exact"] == [first]


def test_handles_link_and_rejected_reports_do_not_count(world):
    first = make_report(world, phones=[], registrations=[], handles=["@night_owl"])
    second = make_report(world, phones=[], registrations=[], handles=["Night_Owl"])
    assert links_for(first)["exact"] == [second]
    report_reject(report=second, by=world.caseworker, reason="not_credible")
    assert links_for(first)["exact"] == []
    assert links_for(first)["independent"] == 1


def test_close_descriptions_are_shown_as_close_matches(world):
    text = "Tall man with a scar through his left eyebrow, drives a blue van, red cap"
    first = make_report(world, phones=[], registrations=[], description=text)
    second = make_report(
        world, phones=[], registrations=[], description=text.replace("Tall", "Very tall")
    )
    unrelated = make_report(
        world,
        phones=[],
        registrations=[],
        gender="",
        vehicle="",
        description="Short woman, online only, asked for photos",
    )
    close = [r for r, _ratio in links_for(first)["close"]]
    assert second in close and unrelated not in close


def test_the_hashes_are_keyed_and_hold_no_plain_number(world):
    report = make_report(world)
    digests = list(report.identifiers.values_list("digest", flat=True))
    assert all("900123" not in d and "AB12" not in d for d in digests)


def test_reports_link_across_a_rotation_of_the_hash_key(world, settings):
    from harbour.core.crypto import hash_key
    from harbour.safety_reports.models import ReportIdentifier
    from harbour.safety_reports.services import report_identifiers_rebuild

    old, new = settings.HARBOUR_HASH_KEY, "n" * 40
    before = make_report(world, phones=["07700 900123"], registrations=[])
    assert set(before.identifiers.values_list("key_id", flat=True)) == {hash_key(old).id}
    # During the rotation: new digests are written under both keys, and link with old ones.
    settings.HARBOUR_HASH_KEY, settings.HARBOUR_HASH_KEY_PREVIOUS = new, old
    during = make_report(world, phones=["+44 7700 900123"], registrations=[])
    assert set(during.identifiers.values_list("key_id", flat=True)) == {
        hash_key(new).id,
        hash_key(old).id,
    }
    assert links_for(before)["exact"] == [during]
    # The rehash rebuilds the older report's digests under both keys, then the new key alone.
    assert report_identifiers_rebuild(report_ids=[before.pk]) == 1
    assert before.identifiers.filter(key_id=hash_key(new).id).count() == 1
    settings.HARBOUR_HASH_KEY_PREVIOUS = ""
    ReportIdentifier.objects.exclude(key_id=hash_key(new).id).delete()  # the prune
    assert links_for(during)["exact"] == [before]


def test_a_rebuild_gives_no_digests_back_to_a_report_past_their_period(world):
    import datetime

    from django.utils import timezone

    from harbour.safety_reports.services import report_identifiers_rebuild

    old = make_report(world, received_at=timezone.now() - datetime.timedelta(days=400))
    assert old.identifiers.exists()
    assert report_identifiers_rebuild(report_ids=[old.pk]) == 1
    assert not old.identifiers.exists()
