"""The "check before you create" step, for every page that records a person.

The people app's own "Record a new person" page and other apps' pages (a victim or a person
harming her recorded with an incident) use the same step, so the duplicate check cannot be
skipped and works the same everywhere:

1. the form is checked; bad input changes nothing;
2. ``person_duplicate_check`` runs. With no candidate, the record is created at once;
3. with candidates, the page offers them (only what the user typed and which details agree);
   the user links to one with a reason (``person_link``), uses one her agency already works
   with (when the page allows it), or confirms that none is this person and creates a new one.

The page supplies what happens to the person found or created (``then``), which runs in the
same transaction as the creation or the link: if it refuses (``ValidationError``), nothing is
kept and the errors are shown on the form::

    step = DuplicateCheckStep(request, form, then=lambda person, data, how: ...)
    outcome = step.run()
    if outcome.person is None:
        return render(request, template, {**context, **outcome.context}, status=outcome.status)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harbour.core.crypto import keyed_hash
from harbour.core.forms import apply_errors
from harbour.people import queries, services
from harbour.people.forms import LinkForm

AGREEING_LABELS = {
    "name": gettext_lazy("name"),
    "date_of_birth": gettext_lazy("date of birth"),
    "phone": gettext_lazy("phone number"),
    "email": gettext_lazy("email address"),
}

# How the person was reached.
CREATED = "created"
LINKED = "linked"
USED = "used"


def person_values(data: dict, *, fields=None) -> dict:
    """The values of a person record among a form's cleaned data."""
    names = fields if fields is not None else services.EDITABLE_FIELDS
    values = {name: data[name] for name in names if name in data}
    if "safe_channels" in values:
        values["safe_channels"] = list(values.get("safe_channels") or [])
    return values


def check_fingerprint(user, data: dict) -> str:
    """Ties "none of these is her" to the details that were checked: change them, check again."""
    identity = [
        data.get("given_name", ""),
        data.get("family_name", ""),
        sorted(data.get("other_names") or []),
        str(data.get("date_of_birth") or ""),
        data.get("phone", ""),
        data.get("email", ""),
    ]
    return keyed_hash("people.form_check", f"{user.pk}|{identity!r}")


@dataclass
class StepOutcome:
    person: Any = None  # the person created, linked or used; None while the step goes on
    how: str = ""
    result: Any = None  # what ``then`` returned
    context: dict = field(default_factory=dict)
    status: int = 200


class _LinkRefused(Exception):
    """The link itself was refused; its errors are on the link form."""


class DuplicateCheckStep:
    """Run the check-before-create step on a bound ``form`` (see the module's description).

    ``form`` holds the person's details (the fields of :class:`PersonForm` it has) and may hold
    others the page needs; ``values(data)`` picks the person's values from its cleaned data.
    ``allow_use``: offer "use this record" for candidates the user's agency already works with.
    """

    def __init__(
        self,
        request,
        form: django_forms.Form,
        *,
        then: Callable[[Any, dict, str], Any] | None = None,
        values: Callable[[dict], dict] | None = None,
        allow_use: bool = False,
        reason: str = "",
    ):
        self.request = request
        self.user = request.user
        self.form = form
        self.then = then
        self.values = values or person_values
        self.allow_use = allow_use
        self.reason = reason

    # The steps ---------------------------------------------------------------------------

    def run(self) -> StepOutcome:
        post = self.request.POST
        action = post.get("action", "check")
        if action == "link":
            return self._link()
        if not self.form.is_valid():
            return StepOutcome(context=self._context(), status=400)
        data = self.form.cleaned_data
        if action == "use" and self.allow_use:
            return self._use(data)
        if action == "create" and post.get("checked") == check_fingerprint(self.user, data):
            if not post.get("not_the_same"):
                self.form.add_error(
                    None, _("Confirm that none of the records offered is this person.")
                )
                return self._check(status=400)
            return self._create(data)
        return self._check()

    def _check(self, *, link_form=None, status: int = 200) -> StepOutcome:
        data = self.form.cleaned_data
        try:
            result = services.person_duplicate_check(
                user=self.user,
                given_name=data["given_name"],
                family_name=data["family_name"],
                other_names=data.get("other_names") or [],
                date_of_birth=data.get("date_of_birth"),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
            )
        except services.TooManyChecks as refused:
            self.form.add_error(None, str(refused))
            return StepOutcome(context=self._context(), status=429)
        if not result.candidates and self.request.POST.get("action", "check") == "check":
            return self._create(data)
        return StepOutcome(
            context=self._context(
                candidates=result.candidates,
                checked=check_fingerprint(self.user, data),
                link_form=link_form or LinkForm(prefix="link"),
            ),
            status=status,
        )

    def _finish(self, make: Callable[[], Any], how: str, data: dict) -> StepOutcome | None:
        """Make the person and run ``then`` in one transaction; on refusal nothing is kept."""
        try:
            with transaction.atomic():
                person = make()
                result = self.then(person, data, how) if self.then else None
        except ValidationError as error:
            apply_errors(self.form, error)
            return None
        return StepOutcome(person=person, how=how, result=result)

    def _create(self, data: dict) -> StepOutcome:
        outcome = self._finish(
            lambda: services.person_create(by=self.user, **self.values(data)), CREATED, data
        )
        return outcome or StepOutcome(context=self._context(), status=400)

    def _link(self) -> StepOutcome:
        link_form = LinkForm(self.request.POST, prefix="link")
        if not self.form.is_valid():
            return StepOutcome(context=self._context(link_form=link_form), status=400)
        data = self.form.cleaned_data
        if link_form.is_valid():
            try:
                with transaction.atomic():
                    try:
                        person = services.person_link(
                            user=self.user,
                            ref=link_form.cleaned_data["ref"],
                            reason=link_form.cleaned_data["reason"],
                        )
                    except ValidationError as error:
                        apply_errors(link_form, error)
                        raise _LinkRefused from error
                    result = self.then(person, data, LINKED) if self.then else None
            except _LinkRefused:
                pass
            except ValidationError as error:
                apply_errors(self.form, error)
            else:
                return StepOutcome(person=person, how=LINKED, result=result)
        return self._check(link_form=link_form)

    def _use(self, data: dict) -> StepOutcome:
        """A candidate the user's agency already works with: read it through the getter."""
        try:
            person = queries.person_get_for_user(
                user=self.user,
                person_id=self.request.POST.get("use-person", ""),
                reason=self.reason or None,
            )
        except queries.PersonNotFound:
            self.form.add_error(None, _("That record can no longer be used: check again."))
            return self._check(status=400)
        outcome = self._finish(lambda: person, USED, data)
        return outcome or self._check(status=400)

    def _context(self, **extra) -> dict:
        context = {
            "form": self.form,
            "candidates": None,
            "link_form": None,
            "agreeing_labels": AGREEING_LABELS,
            "allow_use": self.allow_use,
        }
        context.update(extra)
        return context
