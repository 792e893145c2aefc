import datetime
import re

import pytest

from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.core import doors
from harbour.people.models import AccessReview, Person, ReviewKind

pytestmark = pytest.mark.django_db


def url(world, suffix=""):
    return f"/staff/people/{world.person.public_id}/{suffix}"


PERSON_PAGES = ["", "history/", "timeline/", "sharing/", "correct/", "safe-contact/",
                "sharing/share/", "sharing/agreement/", "restriction/"]  # fmt: skip


def test_safe_contact_comes_first_and_contact_details_stay_hidden(world, staff_client):
    client = staff_client(world.involved_user)
    page = client.get(url(world)).content.decode()
    assert "Before you contact her" in page
    assert "Lighthouse" in page and "Do not leave a voicemail" in page
    assert page.index("Before you contact her") < page.index("Harriet Quennell")
    assert "Synthetic Row" not in page and "900461" not in page and "L8 0ZZ" not in page
    # Showing contact details is a logged read of its own, under the safe-contact panel.
    response = client.post(url(world, "contact-details/"))
    shown = response.content.decode()
    assert "7 Synthetic Row" in shown and "07700 900461" in shown
    assert shown.index("Before you contact her") < shown.index("Synthetic Row")
    assert AccessLogEntry.objects.filter(
        user=world.involved_user, action=Action.VIEW, detail__part="contact details"
    ).exists()


def test_the_page_title_never_names_her(world, staff_client):
    page = staff_client(world.involved_user).get(url(world)).content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert "Harriet" not in title and "Quennell" not in title


@pytest.mark.parametrize("suffix", PERSON_PAGES)
def test_uninvolved_user_gets_not_found_on_every_page_and_it_is_logged(world, staff_client, suffix):
    client = staff_client(world.uninvolved_user)
    response = client.get(url(world, suffix))
    assert response.status_code == 404
    assert b"Harriet" not in response.content
    assert AccessLogEntry.objects.filter(
        user=world.uninvolved_user, action=Action.DENIED, record_id=world.person.public_id
    ).exists()


def test_uninvolved_user_cannot_post_for_contact_details(world, staff_client):
    response = staff_client(world.uninvolved_user).post(url(world, "contact-details/"))
    assert response.status_code == 404
    assert b"Synthetic" not in response.content


@pytest.mark.parametrize("guess", ["1042", "0123456789abcdef", "zzzzzzzzzzzzzzzz"])
def test_guessed_identifiers_look_like_refusals_and_are_logged(world, staff_client, guess):
    client = staff_client(world.uninvolved_user)
    missing = client.get(f"/staff/people/{guess}/")
    refused = client.get(url(world))
    assert missing.status_code == refused.status_code == 404
    if len(guess) == 16:
        # The same page, word for word, whether the record exists or not.
        # (Each response masks the sign-out form's CSRF token afresh.)
        def strip(content: bytes) -> bytes:
            return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)

        assert strip(missing.content) == strip(
            refused.content.replace(world.person.public_id.encode(), guess.encode())
        )
    assert AccessLogEntry.objects.filter(
        user=world.uninvolved_user, action=Action.DENIED, record_id=guess
    ).exists()


def test_my_agency_list_and_search(world, staff_client):
    involved = staff_client(world.involved_user)
    assert "Harriet Quennell" in involved.get("/staff/people/").content.decode()
    found = involved.post("/staff/people/", {"name": "Harriet Quenell", "date_of_birth": ""})
    assert "People matching your search" in found.content.decode()
    assert "Harriet Quennell" in found.content.decode()
    # One name alone needs her date of birth: Harbour keeps no key on a single name.
    one_word = involved.post("/staff/people/", {"name": "Quenell", "date_of_birth": ""})
    assert "Enter her given name and family name" in one_word.content.decode()
    with_dob = involved.post("/staff/people/", {"name": "Quenell", "date_of_birth": "11/4/1988"})
    assert "People matching your search" in with_dob.content.decode()
    assert "Harriet Quennell" in with_dob.content.decode()
    uninvolved = staff_client(world.uninvolved_user)
    assert "Quennell" not in uninvolved.get("/staff/people/").content.decode()
    searched = uninvolved.post("/staff/people/", {"name": "Harriet Quennell"})
    assert "Quennell" not in searched.content.decode().replace('value="Harriet Quennell"', "")
    entry = AccessLogEntry.objects.filter(user=world.uninvolved_user, action=Action.SEARCH).first()
    assert "Quennell" not in str(entry.detail)


def test_the_list_comes_in_pages(world, staff_client):
    from harbour.people.services import person_create

    for n in range(50):
        person_create(by=world.involved_user, given_name="Paged", family_name=f"Person{n:02d}")
    client = staff_client(world.involved_user)
    first = client.get("/staff/people/").content.decode()
    assert first.count("Paged Person") == 50 and "Quennell" not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/staff/people/?page=2").content.decode()
    # 51 people: the one recorded first is on the second page.
    assert "Quennell" in second and "Paged Person" not in second
    assert 'rel="prev"' in second
    nonsense = client.get("/staff/people/?page=nonsense").content.decode()
    assert "Page 1 of 2" in nonsense and "Quennell" not in nonsense


def test_other_roles_cannot_use_people_pages(world, user_factory, staff_client):
    analyst = user_factory(role=Role.ANALYST)
    client = staff_client(analyst)
    assert client.get("/staff/people/").status_code == 403
    assert client.get(url(world)).status_code == 403


def _create_data(**overrides):
    data = {
        "given_name": "Imogen",
        "family_name": "Tallis",
        "other_names": "",
        "date_of_birth": "14/2/1993",
        "phone": "07700 900777",
        "safe_channels": ["text_message"],
        "safe_times": "Evenings",
        "voicemail_ok": "no",
        "code_word": "Gull",
        "action": "check",
    }
    data.update(overrides)
    return data


def test_create_without_a_match_creates_at_once(world, staff_client):
    client = staff_client(world.uninvolved_user)
    response = client.post("/staff/people/new/", _create_data())
    assert response.status_code == 302
    public_id = response["Location"].split("/")[-2]
    detail = client.get(response["Location"]).content.decode()
    assert "Imogen Tallis" in detail and "Gull" in detail
    assert client.get(f"/staff/people/{public_id}/").status_code == 200


def test_create_bad_input_gets_errors_and_changes_nothing(world, staff_client):
    client = staff_client(world.uninvolved_user)
    before = Person.objects.count()
    response = client.post(
        "/staff/people/new/", _create_data(family_name="", date_of_birth="31/2/1990", phone="abc")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert Person.objects.count() == before


def test_create_offers_a_match_without_revealing_it_then_links(world, staff_client):
    client = staff_client(world.uninvolved_user)
    data = _create_data(given_name="Harriet", family_name="Quenell", date_of_birth="11/4/1988")
    response = client.post("/staff/people/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Possibly the same person" in page or "Likely the same person" in page
    # Nothing beyond what was typed: not her spelling, not her address, not her identifier.
    assert "Quennell" not in page and "Synthetic" not in page
    assert world.person.public_id not in page
    ref = page.split('name="link-ref" value="')[1].split('"')[0]
    no_reason = client.post("/staff/people/new/", {**data, "action": "link", "link-ref": ref})
    assert no_reason.status_code == 200 and "There is a problem" in no_reason.content.decode()
    linked = client.post(
        "/staff/people/new/",
        {**data, "action": "link", "link-ref": ref, "link-reason": "Same woman, police visit"},
    )
    assert linked.status_code == 302
    assert linked["Location"] == url(world)
    assert client.get(url(world)).status_code == 200
    assert AccessReview.objects.filter(kind=ReviewKind.DUPLICATE_LINK).exists()


def test_create_anyway_needs_the_confirmation(world, staff_client):
    client = staff_client(world.uninvolved_user)
    data = _create_data(given_name="Harriet", family_name="Quennell", date_of_birth="11/4/1988")
    page = client.post("/staff/people/new/", data).content.decode()
    checked = page.split('name="checked" value="')[1].split('"')[0]
    before = Person.objects.count()
    refused = client.post("/staff/people/new/", {**data, "action": "create", "checked": checked})
    assert refused.status_code == 400
    assert Person.objects.count() == before
    # Changing the name after the check means checking again, not creating.
    changed = {**data, "family_name": "Other", "action": "create", "checked": checked}
    rechecked = client.post("/staff/people/new/", {**changed, "not_the_same": "yes"})
    assert rechecked.status_code == 200
    assert Person.objects.count() == before
    created = client.post(
        "/staff/people/new/",
        {**data, "action": "create", "checked": checked, "not_the_same": "yes"},
    )
    assert created.status_code == 302
    assert Person.objects.count() == before + 1


def test_correction_keeps_history(world, staff_client):
    client = staff_client(world.involved_user)
    form = client.get(url(world, "correct/")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        family_name="Quennel-Brooke",
        date_of_birth="11/4/1988",
        reason="Her family name as she spells it",
        local_authority=world.area.pk,
    )
    data.pop("interpreter_needed", None)
    response = client.post(url(world, "correct/"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    history = client.get(url(world, "history/")).content.decode()
    assert "Her family name as she spells it" in history
    assert "Quennell" in history and "Quennel-Brooke" in history
    assert "Synthetic Row" not in history
    timeline = client.get(url(world, "timeline/")).content.decode()
    assert "Record corrected: family name" in timeline


def test_marking_a_staff_member_flags_every_later_read_for_review(world, staff_client, admin_user):
    client = staff_client(world.involved_user)
    form = client.get(url(world, "correct/")).context["form"]
    assert "works_for_partner_agency" in form.fields
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(
        date_of_birth="11/4/1988",
        local_authority=world.area.pk,
        works_for_partner_agency="on",
        reason="She told us she works for the council",
    )
    assert client.post(url(world, "correct/"), data).status_code == 302
    with doors.opened("test: what was stored"):
        world.person.refresh_from_db()
    assert world.person.works_for_partner_agency
    page = staff_client(world.shared_user).get(url(world)).content.decode()
    assert "works for a partner agency" in page
    assert "reviewed by someone else" in page
    queue = staff_client(admin_user).get("/staff/people/reviews/").content.decode()
    assert "Record of someone working for a partner agency read" in queue
    review = AccessReview.objects.get(kind=ReviewKind.STAFF_RECORD)
    assert review.subject_user == world.shared_user
    assert review.person == world.person


def test_a_correction_without_reason_changes_nothing(world, staff_client):
    client = staff_client(world.involved_user)
    response = client.post(url(world, "correct/"), {"given_name": "X", "family_name": "Y"})
    assert response.status_code == 400
    with doors.opened("test: what was stored"):
        world.person.refresh_from_db()
    assert world.person.given_name == "Harriet"


def test_sharing_page_and_a_safeguarding_share_needs_its_preconditions(world, staff_client):
    from harbour.accounts.factories import AgencyFactory
    from harbour.people.models import LawfulBasis, ProcessingCondition

    client = staff_client(world.involved_user)
    sharing = client.get(url(world, "sharing/")).content.decode()
    assert "Outreach Service" in sharing and "UK GDPR Article 6(1)(a)" in sharing
    council = AgencyFactory(name="Council", kind="council")
    basis = LawfulBasis.objects.get(code="gdpr-6-1-e-public-task")
    p18 = ProcessingCondition.objects.get(code="dpa-sch1-p18-safeguarding")
    data = {
        "agency": council.pk,
        "purpose": "Safeguarding referral",
        "categories": ["identity", "health"],
        "regime": "uk_gdpr",
        "basis": basis.pk,
        "condition": p18.pk,
    }
    refused = client.post(url(world, "sharing/share/"), data)
    assert refused.status_code == 400
    assert "Confirm every precondition" in refused.content.decode()
    done = client.post(
        url(world, "sharing/share/"),
        {
            **data,
            "preconditions_confirmed": p18.preconditions,
            "justification": "Asking would alert him",
        },
    )
    assert done.status_code == 302
    share = world.person.shares.get(agency=council)
    assert share.condition == p18 and share.justification == "Asking would alert him"


def test_withdrawal_page_stops_sharing(world, staff_client):
    client = staff_client(world.involved_user)
    response = client.post(
        url(world, f"sharing/agreement/{world.agreement.public_id}/withdraw/"),
        {"withdrawn_at": datetime.datetime.now().strftime("%d/%m/%Y %H:%M"), "how": "phone"},
    )
    assert response.status_code == 302
    assert staff_client(world.shared_user).get(url(world)).status_code == 404


def test_restriction_page_hides_her_from_colleagues(world, staff_client, user_factory):
    colleague = user_factory(role=Role.IDVA, agency=world.involved_user.agency)
    assert staff_client(colleague).get(url(world)).status_code == 200
    client = staff_client(world.involved_user)
    response = client.post(url(world, "restriction/"), {"restrict": "on", "reason": "He is staff"})
    assert response.status_code == 302
    assert staff_client(colleague).get(url(world)).status_code == 404
    assert client.get(url(world)).status_code == 200
    named = client.post(
        url(world, "restriction/"), {"name_user": "1", "username": colleague.username}
    )
    assert named.status_code == 302
    assert staff_client(colleague).get(url(world)).status_code == 200


def test_administrator_manages_a_restriction_without_seeing_her(world, admin_user, staff_client):
    client = staff_client(admin_user)
    assert client.get(url(world)).status_code == 403
    page = client.get(url(world, "restriction/"))
    assert page.status_code == 200
    assert b"Harriet" not in page.content and b"Quennell" not in page.content
    refused = client.post(
        url(world, "restriction/"), {"restrict": "on", "reason": "Reported by a manager"}
    )
    assert refused.status_code == 400
    assert b"Name at least one user" in refused.content
    response = client.post(
        url(world, "restriction/"),
        {"restrict": "on", "reason": "Reported by a manager", "username": "involved"},
    )
    assert response.status_code == 302
    assert AccessReview.objects.filter(kind=ReviewKind.RESTRICTION_CHANGE).exists()


def test_emergency_override_page_and_review(world, staff_client, admin_user, user_factory):
    client = staff_client(world.uninvolved_user)
    not_found = client.get(url(world))
    assert b"emergency access" in not_found.content
    short = client.post(url(world, "emergency-access/"), {"reason": "now"})
    assert short.status_code == 400
    response = client.post(
        url(world, "emergency-access/"), {"reason": "Attending a 999 call at her address now"}
    )
    assert response.status_code == 302
    page = client.get(url(world)).content.decode()
    assert "emergency access" in page and "Harriet Quennell" in page
    review = AccessReview.objects.get(kind=ReviewKind.EMERGENCY_ACCESS)
    # Caseworkers cannot reach the review queue.
    assert client.get("/staff/people/reviews/").status_code == 403
    admin = staff_client(admin_user)
    queue = admin.get("/staff/people/reviews/").content.decode()
    assert "Emergency access" in queue
    done = admin.post(f"/staff/people/reviews/{review.public_id}/", {"outcome": "appropriate"})
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.reviewed_by == admin_user


def test_administrator_cannot_review_own_activity_by_page(admin_user, staff_client):
    from harbour.people.activity import review_open

    review = review_open(kind=ReviewKind.UNUSUAL_ACTIVITY, subject_user=admin_user)
    admin = staff_client(admin_user)
    response = admin.post(f"/staff/people/reviews/{review.public_id}/", {"outcome": "appropriate"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.reviewed_at is None


def test_override_of_a_missing_record_is_refused_and_logged(world, staff_client):
    client = staff_client(world.uninvolved_user)
    response = client.post(
        "/staff/people/0123456789abcdef/emergency-access/",
        {"reason": "Attending a 999 call at her address now"},
    )
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world.uninvolved_user, action=Action.DENIED, record_id="0123456789abcdef"
    ).exists()


def test_a_search_too_wide_to_list_says_so_and_how_to_narrow(world, staff_client, settings):
    from harbour.people.services import person_create

    settings.HARBOUR_PEOPLE_SEARCH_READ_LIMIT = 2
    for _ in range(3):
        person_create(by=world.involved_user, given_name="Sarah", family_name="Smith")
    client = staff_client(world.involved_user)
    page = client.post("/staff/people/", {"name": "Sarah Smith"}).content.decode()
    assert "More than 2 people your agency works with have names like this" in page
    assert "Add her date of birth to narrow the search." in page
    assert "No one your agency works with matches" not in page


def test_opening_the_correction_form_is_the_show_contact_details_read(world, staff_client):
    """The correction form shows her phone, address and email: opening it counts, and is
    logged, as "Show contact details"."""
    client = staff_client(world.involved_user)
    reveals = AccessLogEntry.objects.filter(
        user=world.involved_user, action=Action.VIEW, detail__part="contact details"
    )
    assert not reveals.exists()
    response = client.get(url(world, "correct/"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["phone"] == "07700 900461"
    assert form.initial["address"] == "7 Synthetic Row\nLiverpool"
    assert "07700 900461" in response.content.decode()
    entry = reveals.get()
    assert entry.record_id == world.person.public_id
    assert "recorded as a read of them" in response.content.decode()
    # A post shows what was typed, not her stored details: no further reveal.
    client.post(url(world, "correct/"), {"given_name": "X", "family_name": "Y"})
    assert reveals.count() == 1


def test_a_user_who_may_not_read_her_contact_details_cannot_open_the_form(world, staff_client):
    response = staff_client(world.uninvolved_user).get(url(world, "correct/"))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(
        user=world.uninvolved_user, detail__part="contact details"
    ).exists()
