"""The public answer page: anonymous, no trace in the browser, no address kept anywhere."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from harbour.audit.models import AccessLogEntry
from harbour.consultations.models import Answer, Response
from harbour.consultations.tests.conftest import SAME_ORIGIN

ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _url(world) -> str:
    return f"/have-your-say/{world.consultation.public_id}/"


def _token(client: Client, url: str) -> str:
    page = client.get(url)
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def _data(world, token: str, **overrides) -> dict:
    q = world.questions
    data = {
        "form_token": token,
        "audience": "survivors",
        f"q_{q['Have you used a service?'].public_id}": "Yes",
        f"q_{q['Which services?'].public_id}": ["Police", "Refuge"],
        f"q_{q['How well do services work together?'].public_id}": "2",
        f"q_{q['What would make the biggest difference?'].public_id}": (
            "My IDVA Sarah was brilliant, call me on 07700 900123"
        ),
    }
    data.update(overrides)
    return data


def _post(client, world, data, *, address=ADDRESS, headers=None, **extra):
    return client.post(
        _url(world),
        data,
        REMOTE_ADDR=address,
        **(SAME_ORIGIN if headers is None else headers),
        **extra,
    )


def test_the_page_leaves_no_trace(world):
    client = Client()
    page = client.get(_url(world))
    assert page.status_code == 200
    assert not page.cookies
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    text = page.content.decode()
    assert "govuk-exit-this-page" in text
    assert "About you (optional)" in text
    assert "Have your say" in text


def test_an_answer_is_kept_redacted_with_no_address_or_device_data(world):
    client = Client()
    response = _post(
        client, world, _data(world, _token(client, _url(world))), HTTP_USER_AGENT="Sneaky/1.0"
    )
    assert response.status_code == 302
    assert not response.cookies and not client.cookies
    saved = Response.objects.get()
    assert saved.route == "public" and saved.audience == "survivors" and saved.agency is None
    text = Answer.objects.get(response=saved, question__kind="text")
    assert text.redacted_text == "My IDVA [name] was brilliant, call me on [phone]"
    assert text.redactions == {"name": 1, "phone": 1}
    everything = " ".join(
        str(getattr(row, field.attname))
        for model in (Response, Answer)
        for row in model.objects.all()
        for field in model._meta.concrete_fields
    )
    assert ADDRESS not in everything and "Sneaky" not in everything
    for entry in AccessLogEntry.objects.all():
        assert ADDRESS not in str(entry.detail) and ADDRESS not in entry.username


def test_a_required_answer_missing_shows_the_form_again_and_keeps_nothing(world):
    client = Client()
    data = _data(world, _token(client, _url(world)))
    data[f"q_{world.questions['Have you used a service?'].public_id}"] = ""
    response = _post(client, world, data)
    assert response.status_code == 400
    assert "Choose an answer." in response.content.decode()
    assert "My IDVA Sarah" in response.content.decode()  # what she wrote is kept on the page
    assert not Response.objects.exists()


def test_about_you_questions_may_be_left_out(world):
    client = Client()
    assert _post(client, world, _data(world, _token(client, _url(world)))).status_code == 302


def test_a_cross_site_post_is_refused_and_saves_nothing(world):
    client = Client()
    token = _token(client, _url(world))
    assert (
        _post(
            client, world, _data(world, token), headers={"HTTP_SEC_FETCH_SITE": "cross-site"}
        ).status_code
        == 403
    )
    assert (
        _post(
            client, world, _data(world, token), headers={"HTTP_ORIGIN": "https://evil.example"}
        ).status_code
        == 403
    )
    assert not Response.objects.exists()


def test_an_expired_token_keeps_nothing(world, settings):
    settings.HARBOUR_PUBLIC_FORM_MAX_AGE = 600
    client = Client()
    start = datetime.datetime.now(tz=datetime.UTC).replace(hour=10)
    with time_machine.travel(start):
        token = _token(client, _url(world))
    with time_machine.travel(start + datetime.timedelta(minutes=20)):
        response = _post(client, world, _data(world, token))
    assert response.status_code == 400
    assert "This form was open for too long" in response.content.decode()
    assert not Response.objects.exists()


def test_a_flood_from_one_address_is_refused_and_others_are_heard(world, settings):
    settings.HARBOUR_CONSULTATION_ANSWERS_PER_CLIENT_PER_HOUR = 2
    client = Client()
    for _ in range(2):
        assert _post(client, world, _data(world, _token(client, _url(world)))).status_code == 302
    refused = _post(client, world, _data(world, _token(client, _url(world))))
    assert refused.status_code == 429
    assert Response.objects.count() == 2
    other = _post(client, world, _data(world, _token(client, _url(world))), address="203.0.113.9")
    assert other.status_code == 302


def test_a_closed_consultation_takes_no_answers(world):
    consultation = world.consultation
    consultation.closes_on = consultation.opens_on
    consultation.opens_on = consultation.opens_on - datetime.timedelta(days=10)
    consultation.closes_on = consultation.opens_on
    consultation.save()
    client = Client()
    assert client.get(_url(world)).status_code == 404
    assert not Response.objects.exists()


def test_the_professional_audience_is_not_offered_on_the_public_page(world):
    page = Client().get(_url(world)).content.decode()
    assert 'value="survivors"' in page and 'value="public"' in page
    assert 'value="professionals"' not in page


def test_the_list_shows_open_consultations(world):
    page = Client().get("/have-your-say/")
    assert world.consultation.title in page.content.decode()
    assert not page.cookies


def test_the_public_site_leads_to_the_open_consultations(world):
    """The footer of every public page (Find support's among them) links to the list, and the
    list to each open consultation's page."""
    client = Client()
    home = client.get("/").content.decode()
    assert 'href="/have-your-say/"' in home
    listing = client.get("/have-your-say/").content.decode()
    assert f'href="{_url(world)}"' in listing
    assert client.get(_url(world)).status_code == 200


def test_a_replayed_form_is_refused_and_keeps_nothing_more(world):
    client = Client()
    data = _data(world, _token(client, _url(world)))
    assert _post(client, world, data).status_code == 302
    replayed = _post(client, world, data)
    assert replayed.status_code == 400
    assert "This form has already been sent" in replayed.content.decode()
    assert Response.objects.count() == 1
