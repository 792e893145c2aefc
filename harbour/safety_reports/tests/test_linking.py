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


def test_reports_stay_linked_through_a_rotation_of_the_hash_key(world, settings):
    from harbour.core.crypto import hash_key
    from harbour.keys.models import KeyRotation
    from harbour.keys.services import rotation_start, rotation_step
    from harbour.safety_reports.models import ReportIdentifier

    old = settings.HARBOUR_HASH_KEY
    new = "a-new-hash-key-for-this-test-" + "x" * 40
    old_id, new_id = hash_key(old).id, hash_key(new).id
    first = make_report(world, phones=["07700 900123"], registrations=["AB12 CDE"])
    assert set(ReportIdentifier.objects.values_list("key_id", flat=True)) == {old_id}

    # A node given the new key (the old one as previous) writes under both and links a new
    # report to one written under the old key alone; a node not yet switched links it too.
    settings.HARBOUR_HASH_KEY, settings.HARBOUR_HASH_KEY_PREVIOUS = new, old
    second = make_report(world, phones=["+44 7700 900123"], registrations=[])
    assert links_for(first)["exact"] == [second]
    assert links_for(second)["exact"] == [first]
    settings.HARBOUR_HASH_KEY, settings.HARBOUR_HASH_KEY_PREVIOUS = old, ""
    assert links_for(second)["exact"] == [first]
    settings.HARBOUR_HASH_KEY, settings.HARBOUR_HASH_KEY_PREVIOUS = new, old

    # The rehash, one report at a time: they stay linked after every batch.
    rotation = rotation_start(kind=KeyRotation.Kind.HASHES, batch_size=1)
    while rotation.state == KeyRotation.State.RUNNING:
        rotation_step(rotation)
        assert links_for(first)["exact"] == [second], (rotation.phase, rotation.position)
    assert rotation.state == KeyRotation.State.FINISHED

    # Every digest is under the new key, and the old key can go.
    assert set(ReportIdentifier.objects.values_list("key_id", flat=True)) == {new_id}
    settings.HARBOUR_HASH_KEY_PREVIOUS = ""
    assert links_for(first)["exact"] == [second]
    assert links_for(second)["exact"] == [first]
