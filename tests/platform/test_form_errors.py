"""Every form's error messages name their field, and no error summary says the same thing twice.

Each ``forms.Form`` and ``ModelForm`` in ``harbour.<app>.forms`` is built (with the arguments it
needs, when it needs some) and sent empty. Every message it gives must be its own: never one of
Django's generic messages ("This field is required.", "Enter a valid date."...), which name no
field, and never twice in one form, since a summary listing "This field is required" three times
tells her nothing (GOV.UK: "Enter her family name").

A new form is checked as soon as it exists; one that needs arguments no test here knows how to
give makes this test fail until it is added to ``ARGUMENTS``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable

import pytest
from django import forms

import harbour
from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.iter_modules(harbour.__path__):
        try:
            module = importlib.import_module(f"harbour.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _generic_patterns() -> list[re.Pattern]:
    """Django's default error messages, as patterns (their placeholders match anything)."""
    messages: set[str] = set()
    stack = [forms.Field]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            for message in getattr(klass, "default_error_messages", {}).values():
                messages.add(str(message))
    patterns = []
    for message in messages:
        escaped = re.escape(message)
        escaped = re.sub(r"%\\\(\w+\\\)[sd]", ".*", escaped)
        patterns.append(re.compile(f"^{escaped}$"))
    return patterns


def _consultation():
    from harbour.consultations.factories import consultation_make

    return consultation_make(by=UserFactory(role=Role.ANALYST))


def _checklist_definition():
    from harbour.risk.definitions import load_definition_file, shipped_tool_files

    return load_definition_file(shipped_tool_files()[0])[0]


def _self_referral():
    from types import SimpleNamespace

    return SimpleNamespace(phone="", email="")


# Forms that need arguments: how to build each one (keyword arguments, or positional first).
def _footing_other() -> dict:
    """The referral footing page for "another lawful basis" (the caseworker names the basis)."""
    from harbour.accounts.factories import AgencyFactory
    from harbour.people.models import Regime
    from harbour.referrals.footings import OTHER, Footing
    from harbour.referrals.matrix import CATEGORIES

    return {
        "footing": Footing(Regime.UK_GDPR, OTHER, None, None),
        "view": next(iter(CATEGORIES)),
        "regime": Regime.UK_GDPR,
        "agency": AgencyFactory(),
        "person_id": 0,
    }


def _situations() -> dict:
    from harbour.people.models import Regime
    from harbour.referrals.footings import SITUATIONS

    return {"situations": SITUATIONS[Regime.UK_GDPR], "agency_name": "Outreach Service"}


ARGUMENTS: dict[str, Callable[[], dict]] = {
    "harbour.accounts.forms.NewPasswordForm": lambda: {"user": UserFactory()},
    "harbour.consultations.forms.QuestionForm": lambda: {"consultation": _consultation()},
    "harbour.consultations.forms.MergeForm": lambda: {"choices": [("a", "A"), ("b", "B")]},
    "harbour.consultations.forms.MoveForm": lambda: {"choices": [("a", "A"), ("b", "B")]},
    "harbour.consultations.forms.AnswersForm": lambda: {"consultation": _consultation()},
    "harbour.consultations.forms.PublicAnswersForm": lambda: {"consultation": _consultation()},
    "harbour.referrals.forms.ReferralForm": lambda: {"user": UserFactory(role=Role.HUB_CASEWORKER)},
    "harbour.referrals.forms.TriageForm": lambda: {"self_referral": _self_referral()},
    "harbour.referrals.forms.DismissFlaggedForm": lambda: {"flagged": []},
    "harbour.referrals.forms.AgreementStepForm": lambda: {"explicit_needed": True},
    "harbour.referrals.forms.FootingForm": _footing_other,
    "harbour.referrals.forms.SituationForm": _situations,
    "harbour.risk.forms.ChecklistForm": lambda: {"definition": _checklist_definition()},
}


def _build(cls: type[forms.BaseForm]) -> forms.BaseForm:
    name = f"{cls.__module__}.{cls.__qualname__}"
    kwargs = ARGUMENTS[name]() if name in ARGUMENTS else {}
    return cls(data={}, **kwargs)


def _messages(form: forms.BaseForm) -> list[tuple[str, str]]:
    form.is_valid()
    return [
        (field or "(top)", str(message))
        for field, errors in form.errors.items()
        for message in errors
    ]


def test_every_form_is_checked():
    unbuilt = []
    for cls in _form_classes():
        try:
            _build(cls)
        except TypeError as error:
            unbuilt.append(f"{cls.__module__}.{cls.__qualname__}: {error}")
    assert not unbuilt, "add these forms to ARGUMENTS:\n" + "\n".join(unbuilt)
    assert len(_form_classes()) > 50


def test_every_error_message_names_its_field_and_none_is_repeated():
    generic = _generic_patterns()
    problems = []
    for cls in _form_classes():
        form = _build(cls)
        messages = _messages(form)
        name = f"{cls.__module__}.{cls.__qualname__}"
        for field, message in messages:
            if any(pattern.match(message) for pattern in generic):
                problems.append(f"{name}.{field}: a message that names no field: {message!r}")
        words = [message for _field, message in messages]
        repeated = sorted({message for message in words if words.count(message) > 1})
        for message in repeated:
            problems.append(f"{name}: the same message more than once: {message!r}")
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_generic_message_and_a_repeated_one():
    class Careless(forms.Form):
        family_name = forms.CharField()
        given_name = forms.CharField()

    generic = _generic_patterns()
    messages = _messages(Careless(data={}))
    assert [m for _f, m in messages] == ["This field is required.", "This field is required."]
    assert all(any(p.match(m) for p in generic) for _f, m in messages)
    assert not any(p.match("Enter her family name") for p in generic)
