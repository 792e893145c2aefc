"""Her own copy never reveals another person: nothing of the person harming her in hers, nothing
of her in his; what was left out is listed by kind with its exemption."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.records.models import SubjectAccessRequest
from harbour.records.services import (
    one_calendar_month_after,
    subject_access_release,
    subject_access_request,
    subject_access_review,
)
from harbour.records.subject_access import Exemption

pytestmark = pytest.mark.django_db

HER = {
    "given_name": "Ottilie",
    "family_name": "Brannigan",
    "date_of_birth": datetime.date(1992, 4, 3),
    "phone": "07700 900301",
    "email": "ottilie@example.org",
    "address": "4 Quayside Row",
    "code_word": "lighthouse",
}
HIM = {
    "given_name": "Casimir",
    "family_name": "Thornbury",
    "date_of_birth": datetime.date(1988, 9, 17),
    "phone": "07700 900302",
    "email": "casimir@example.org",
    "address": "9 Foundry Lane",
}


def _traces(values: dict, person) -> list[str]:
    dob = values["date_of_birth"]
    return [
        values["given_name"],
        values["family_name"],
        values["phone"],
        values["email"],
        values["address"],
        dob.isoformat(),
        dob.strftime("%-d %B %Y"),
        person.public_id,
    ]


def _text(sar: SubjectAccessRequest) -> str:
    return json.dumps([sar.pack, sar.withheld])


@pytest.fixture
def case(officer):
    her = person_make(by=officer, **HER)
    him = person_make(by=officer, **HIM)
    incident_make(by=officer, victim=her, harmers=[him])
    return her, him


def test_her_copy_holds_nothing_of_the_person_harming_her(officer, case):
    her, him = case
    sar = subject_access_request(person=her, by=officer, received_on=datetime.date.today())
    text = _text(sar)
    for trace in _traces(HIM, him):
        assert trace.lower() not in text.lower(), trace
    # Her own details are there; her code word is not (someone holding it could pose as her).
    assert "Ottilie" in text and "07700 900301" in text
    assert "lighthouse" not in text
    kinds = {(item["kind"], item["exemption"]) for item in sar.withheld}
    assert ("The person harming you named in an incident", Exemption.THIRD_PARTY) in kinds
    assert ("Her code word", Exemption.SERIOUS_HARM) in kinds


def test_his_copy_holds_nothing_of_her(officer, case):
    her, him = case
    sar = subject_access_request(person=him, by=officer, received_on=datetime.date.today())
    text = _text(sar)
    for trace in _traces(HER, her):
        assert trace.lower() not in text.lower(), trace
    assert "Casimir" in text
    kinds = {(item["kind"], item["exemption"]) for item in sar.withheld}
    assert ("The person harmed in an incident", Exemption.THIRD_PARTY) in kinds
    assert ("Police information about an incident", Exemption.CRIME) in kinds
    # Staff who acted on his record are not named in his copy.
    assert officer.get_full_name() not in text
    assert officer.get_username() not in text
    assert any(item["exemption"] == Exemption.STAFF_SAFETY for item in sar.withheld)


def test_the_copy_is_reviewed_before_release_and_each_step_is_logged(officer, case):
    her, _him = case
    received = datetime.date(2026, 1, 31)
    sar = subject_access_request(person=her, by=officer, received_on=received)
    assert sar.due_on == datetime.date(2026, 2, 28)  # one calendar month, the month's last day
    with pytest.raises(ValidationError):
        subject_access_release(request=sar, by=officer)
    colleague = UserFactory(role=Role.POLICE_OFFICER, agency=officer.agency)
    subject_access_review(request=sar, by=colleague)
    subject_access_release(request=sar, by=officer)
    sar.refresh_from_db()
    assert sar.state == SubjectAccessRequest.State.RELEASED
    actions = list(
        AccessLogEntry.objects.filter(record_id=sar.public_id)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.EXPORT, Action.REVIEW, Action.SHARE]


def test_one_calendar_month():
    assert one_calendar_month_after(datetime.date(2026, 3, 14)) == datetime.date(2026, 4, 14)
    assert one_calendar_month_after(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 31)
    assert one_calendar_month_after(datetime.date(2028, 1, 31)) == datetime.date(2028, 2, 29)
