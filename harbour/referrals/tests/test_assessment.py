"""The hub's needs assessment, and onward referrals suggested from it by need and her area."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.directory.queries import need_get
from harbour.people.models import PersonEvent, ProcessingCondition
from harbour.referrals.choices import Domain
from harbour.referrals.models import NeedsAssessment
from harbour.referrals.services import needs_assessment_record, referral_accept

from .conftest import accepted_by_hub, send_to_hub, send_to_specialist


def _levels(**overrides):
    levels = {domain.value: ("low", "") for domain in Domain}
    levels.update(overrides)
    return levels


def _form(**overrides):
    data = {}
    for domain in Domain:
        data[f"level_{domain.value}"] = "low"
        data[f"notes_{domain.value}"] = ""
    data.update(overrides)
    return data


def test_every_area_needs_a_level(world):
    referral = accepted_by_hub(world)
    levels = _levels()
    del levels["housing"]
    with pytest.raises(ValidationError) as refused:
        needs_assessment_record(referral=referral, by=world.hub_worker, levels=levels)
    assert "Choose a level for housing" in refused.value.message_dict["level_housing"][0]
    with pytest.raises(ValidationError):
        needs_assessment_record(
            referral=referral, by=world.hub_worker, levels=_levels(money=("huge", ""))
        )
    assert not NeedsAssessment.objects.exists()


def test_only_the_hub_assesses_an_accepted_referral(world):
    referral = send_to_hub(world)
    with pytest.raises(ValidationError):
        needs_assessment_record(referral=referral, by=world.hub_worker, levels=_levels())
    accepted = referral_accept(referral=referral, by=world.hub_worker)
    with pytest.raises(PermissionDenied):
        needs_assessment_record(referral=accepted, by=world.officer, levels=_levels())
    onward = referral_accept(
        referral=send_to_specialist(world, onward_from=accepted), by=world.specialist
    )
    with pytest.raises(PermissionDenied):
        needs_assessment_record(referral=onward, by=world.specialist, levels=_levels())


def test_an_assessment_is_recorded_with_its_levels_and_support_needs(world):
    referral = accepted_by_hub(world)
    assessment = needs_assessment_record(
        referral=referral,
        by=world.hub_worker,
        levels=_levels(safety=("high", "Safety plan agreed"), children=("medium", "")),
        support_needs=[need_get("forced-marriage")],
        summary="Refer on to harmful-practices casework.",
    )
    items = {item.domain: (item.level, item.notes) for item in assessment.items.all()}
    assert items["safety"] == ("high", "Safety plan agreed")
    assert len(items) == len(Domain)
    assert [t.code for t in assessment.support_needs.all()] == ["forced-marriage"]
    assert PersonEvent.objects.filter(type="referrals.needs_assessed").exists()


def test_the_assessment_page_and_its_errors(world, staff_client):
    referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/{referral.public_id}/needs-assessment/"
    assert client.get(url).status_code == 200
    bad = client.post(url, _form(level_money=""))
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "There is a problem" in text and "Choose a level for money" in text
    assert not NeedsAssessment.objects.exists()
    need = need_get("forced-marriage")
    saved = client.post(url, _form(level_safety="high", support_needs=[need.pk]))
    assert saved.status_code == 302
    assert saved["Location"] == f"/staff/referrals/{referral.public_id}/refer-on/"
    suggestions = client.get(saved["Location"]).content.decode()
    # Services meeting the need in her area, and the one outside the partnership says so.
    assert "Forced marriage casework" in suggestions
    assert "Independent forced marriage helpline" in suggestions
    assert "cannot receive referrals in Harbour" in suggestions
    # Other users cannot assess.
    assert staff_client(world.officer).get(url).status_code == 403


def test_an_onward_referral_from_the_suggestions(world, staff_client):
    referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    create = f"/staff/referrals/new/?person={world.person.public_id}&onward={referral.public_id}"
    chosen = client.post(create, {"action": "choose", "service": world.casework.public_id})
    assert chosen.status_code == 200
    assert "Refer her to Forced marriage casework" in chosen.content.decode()
    basis = chosen.content.decode()
    assert "Background for triage" not in basis  # a specialist service never sees it
    details = client.post(
        create,
        {
            "action": "continue",
            "service": world.casework.public_id,
            "need": "forced-marriage",
            "reason": "Wants advice about pressure to marry.",
            "risk_level": "high",
        },
    )
    assert details.status_code == 302
    footing = client.post(details["Location"], {"situation": "marac"})["Location"]
    p6 = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    check = client.post(footing, {"preconditions_confirmed": p6.preconditions})["Location"]
    sent = client.post(check)
    assert sent.status_code == 302
    onward = referral.onward_referrals.get()
    assert onward.to_agency == world.harmful
    assert onward.service == world.casework
    assert onward.share.condition == p6


def _assessed(world, *, levels, support_needs=()):
    referral = accepted_by_hub(world)
    needs_assessment_record(
        referral=referral,
        by=world.hub_worker,
        levels=_levels(**{k: (v, "") for k, v in levels.items()}),
        support_needs=[need_get(code) for code in support_needs],
    )
    return referral


def _suggested(world, referral) -> list[tuple[str, list[str]]]:
    from harbour.referrals.queries import needs_assessments, onward_suggestions

    return [
        (need.code, [service.name for service in services])
        for need, services in onward_suggestions(
            assessment=needs_assessments(referral).first(),
            area=world.area,
            agency=world.hub_worker.agency,
        )
    ]


def test_refer_on_suggests_housing_for_a_high_housing_need_without_her_own_agency_or_twice(
    world, admin_user
):
    from harbour.directory.models import Organisation
    from harbour.directory.services import organisation_save

    from .conftest import _service

    council = organisation_save(
        organisation=Organisation(
            name="Test Council", description="Synthetic.", agency=world.other
        ),
        by=admin_user,
    )
    _service(
        council,
        by=admin_user,
        name="Housing options",
        needs=["housing", "domestic-abuse"],
        areas=[world.area],
    )
    hub_org = organisation_save(
        organisation=Organisation(name="The hub", description="Synthetic.", agency=world.hub),
        by=admin_user,
    )
    _service(
        hub_org,
        by=admin_user,
        name="Hub support line",
        needs=["domestic-abuse", "housing", "forced-marriage"],
        areas=[world.area],
    )
    referral = _assessed(
        world,
        levels={"housing": "high", "safety": "medium", "money": "low"},
        support_needs=["harmful-practices", "forced-marriage"],
    )
    suggested = _suggested(world, referral)
    needs = [code for code, _services in suggested]
    # Named specialist support first; then each area of medium or high need, highest first.
    # The umbrella (harmful practices) gives way to its part (forced marriage); low money
    # suggests nothing.
    assert needs == ["forced-marriage", "housing", "domestic-abuse"]
    services = [name for _code, names in suggested for name in names]
    assert "Hub support line" not in services  # her own agency's: left out
    assert len(services) == len(set(services))  # each service once
    assert dict(suggested)["housing"] == ["Housing options"]
    assert "Forced marriage casework" in dict(suggested)["forced-marriage"]


def test_money_and_legal_needs_are_kinds_of_support_in_the_directory(world):
    for code in ("housing", "money", "legal-advice"):
        assert need_get(code) is not None
    referral = _assessed(world, levels={"money": "high", "legal": "medium"})
    assert [code for code, _ in _suggested(world, referral)] == ["money", "legal-advice"]


def test_the_refer_on_page_lists_each_service_once(world, staff_client):
    referral = _assessed(
        world, levels={"housing": "high"}, support_needs=["harmful-practices", "forced-marriage"]
    )
    page = staff_client(world.hub_worker).get(f"/staff/referrals/{referral.public_id}/refer-on/")
    text = page.content.decode()
    assert text.count("Refer to Forced marriage casework") == 1
    assert "Housing and a safe place to live" in text


def _basis(code: str) -> int:
    from harbour.people.models import LawfulBasis

    return LawfulBasis.objects.get(code=code).pk
