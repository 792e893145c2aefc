"""Public forms without cookies: origin checks and signed, time-limited tokens."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from harbour.core.public_forms import (
    EXPIRED_MESSAGE,
    INVALID_MESSAGE,
    REPLAYED_MESSAGE,
    PublicFormMixin,
    TokenExpired,
    TokenInvalid,
    origin_refusal,
    public_form_view,
    token_check,
    token_issue,
)


class NoteForm(PublicFormMixin, forms.Form):
    public_form_id = "tests.note"
    note = forms.CharField(max_length=20)


def test_a_token_is_bound_to_its_form_and_cannot_be_altered():
    token = token_issue("tests.note")
    token_check(token, "tests.note")
    with pytest.raises(TokenInvalid):
        token_check(token, "tests.other-form")
    with pytest.raises(TokenInvalid):
        token_check(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "tests.note")
    with pytest.raises(TokenInvalid):
        token_check("", "tests.note")


def test_a_token_expires(settings):
    settings.HARBOUR_PUBLIC_FORM_MAX_AGE = 600
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)):
        token = token_issue("tests.note")
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 9, tzinfo=datetime.UTC)):
        token_check(token, "tests.note")
    with (
        time_machine.travel(datetime.datetime(2026, 3, 1, 12, 11, tzinfo=datetime.UTC)),
        pytest.raises(TokenExpired),
    ):
        token_check(token, "tests.note")


def test_a_refused_form_is_shown_again_with_what_was_typed_and_a_fresh_token():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)):
        old = token_issue("tests.note")
    form = NoteForm({"note": "hello", "form_token": old})
    assert not form.is_valid()
    assert form.non_field_errors() == [str(EXPIRED_MESSAGE)]
    assert form["note"].value() == "hello"
    fresh = form["form_token"].value()
    assert fresh != old
    token_check(fresh, "tests.note")
    assert NoteForm({"note": "hello", "form_token": fresh}).is_valid()
    tampered = NoteForm({"note": "hello", "form_token": fresh + "x"})
    assert not tampered.is_valid()
    assert tampered.non_field_errors() == [str(INVALID_MESSAGE)]


def test_a_form_class_must_name_itself():
    class Nameless(PublicFormMixin, forms.Form):
        pass

    with pytest.raises(TypeError):
        Nameless()


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"}, False),
        ({"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"}, True),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, True),
        ({"HTTP_SEC_FETCH_SITE": "none"}, True),
        ({"HTTP_ORIGIN": "http://testserver"}, False),
        ({"HTTP_ORIGIN": "https://harbour.example.org"}, False),  # a trusted origin
        ({"HTTP_ORIGIN": "https://evil.example"}, True),
        ({"HTTP_ORIGIN": "null"}, True),  # cannot tell where it came from
        ({}, False),  # not a browser: no cross-site risk, the token still applies
    ],
)
@override_settings(CSRF_TRUSTED_ORIGINS=["https://harbour.example.org"])
def test_origin_checks(headers, refused):
    request = RequestFactory().post("/somewhere/", **headers)
    assert (origin_refusal(request) is not None) is refused


@pytest.mark.django_db
def test_the_decorator_refuses_before_the_view_runs_and_exempts_from_csrf():
    calls = []

    @public_form_view
    def view(request):
        calls.append(request.method)
        return HttpResponse("ok")

    assert view.csrf_exempt is True
    factory = RequestFactory()
    refused = view(factory.post("/x/", HTTP_SEC_FETCH_SITE="cross-site"))
    assert refused.status_code == 403
    assert b"sent from another website" in refused.content
    assert calls == []
    assert view(factory.get("/x/", HTTP_SEC_FETCH_SITE="cross-site")).status_code == 200
    assert view(factory.post("/x/", HTTP_SEC_FETCH_SITE="same-origin")).status_code == 200
    assert calls == ["GET", "POST"]


def test_a_valid_form_is_accepted_once_and_its_replay_is_refused():
    token = token_issue("tests.note")
    assert NoteForm({"note": "hello", "form_token": token}).is_valid()
    replay = NoteForm({"note": "hello", "form_token": token})
    assert not replay.is_valid()
    assert replay.non_field_errors() == [str(REPLAYED_MESSAGE)]
    assert replay.cleaned_data == {}
    # Shown again with a fresh token: sending it on purpose works.
    fresh = replay["form_token"].value()
    assert fresh != token
    assert NoteForm({"note": "hello", "form_token": fresh}).is_valid()


def test_an_invalid_form_does_not_use_its_token():
    token = token_issue("tests.note")
    assert not NoteForm({"note": "x" * 50, "form_token": token}).is_valid()
    assert NoteForm({"note": "hello", "form_token": token}).is_valid()


def test_an_error_the_view_adds_after_cleaning_gives_a_fresh_token():
    token = token_issue("tests.note")
    form = NoteForm({"note": "hello", "form_token": token})
    assert form.is_valid()
    form.add_error(None, "Too many messages; try later.")
    fresh = form["form_token"].value()
    assert fresh != token
    assert NoteForm({"note": "hello", "form_token": fresh}).is_valid()


def test_a_form_that_records_nothing_may_be_sent_again():
    class SearchForm(PublicFormMixin, forms.Form):
        public_form_id = "tests.search"
        public_form_once = False
        words = forms.CharField()

    token = token_issue("tests.search")
    assert SearchForm({"words": "refuge", "form_token": token}).is_valid()
    assert SearchForm({"words": "refuge", "form_token": token}).is_valid()
