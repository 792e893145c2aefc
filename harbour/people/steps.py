"""The "check before you create" step, for every page that records a person.

The people app's own "Record a new person" page and other apps' pages (a victim or a person
harming her recorded with an incident) use the same step, so the duplicate check cannot be
skipped and works the same everywhere:

1. the form is checked; bad input changes nothing;
2. the records her agency can already read whose names are like the one typed (exact, by
   sound, a nickname or another spelling, a typing slip) are offered, with what tells them
   apart (age band, area, last contact): the user picks one, or says that none of these is
   her (which is recorded). Records her agency cannot read are never shown or counted here;
3. with only a name, the page asks for a date of birth, phone number or email address, so
   that the full check can run (or for confirmation that she has given none: the record is
   then created with her name only). It looks the same whether or not anyone else's records
   have names like hers;
4. ``person_duplicate_check`` runs over every record. With no candidate, the record is created
   at once;
5. with candidates, the page offers them (only what the user typed and which details agree);
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

from harbour.audit.services import Action, access_log
from harbour.core.crypto import keyed_hash, keyed_hash_matches
from harbour.core.forms import apply_errors
from harbour.people import conf, queries, services
from harbour.people.activity import PERSON
from harbour.people.forms import LinkForm

AGREEING_LABELS = {
    "name": gettext_lazy("name"),
    "given_name": gettext_lazy("given name"),
    "date_of_birth": gettext_lazy("date of birth"),
    "phone": gettext_lazy("phone number"),
    "email": gettext_lazy("email address"),
}

# How the person was reached.
CREATED = "created"
LINKED = "linked"
USED = "used"
# With ``create=False``: no record is her, and none was created (the page creates it later).
CLEARED = "cleared"


def person_values(data: dict, *, fields=None) -> dict:
    """The values of a person record among a form's cleaned data."""
    names = fields if fields is not None else services.EDITABLE_FIELDS
    values = {name: data[name] for name in names if name in data}
    if "safe_channels" in values:
        values["safe_channels"] = list(values.get("safe_channels") or [])
    return values


# Details that let the full duplicate check run, with how the page names them.
SECOND_DETAILS = {
    "date_of_birth": gettext_lazy("date of birth"),
    "phone": gettext_lazy("phone number"),
    "email": gettext_lazy("email address"),
}
NONE_OF_THESE = "none"


def _name_checked(user, data: dict) -> str:
    name = [
        data.get("given_name", ""),
        data.get("family_name", ""),
        sorted(data.get("other_names") or []),
    ]
    return f"{user.pk}|{name!r}"


def _identity_checked(user, data: dict) -> str:
    identity = [
        data.get("given_name", ""),
        data.get("family_name", ""),
        sorted(data.get("other_names") or []),
        str(data.get("date_of_birth") or ""),
        data.get("phone", ""),
        data.get("email", ""),
    ]
    return f"{user.pk}|{identity!r}"


def name_fingerprint(user, data: dict) -> str:
    """Ties the answer to "is she one of these?" to the name that was searched."""
    return keyed_hash("people.form_name_check", _name_checked(user, data))


def name_fingerprint_matches(user, data: dict, fingerprint: str) -> bool:
    """Whether a form's fingerprint is that of this name (under either hash key during a
    rotation, so a page opened before its node changed keys still goes on)."""
    return keyed_hash_matches("people.form_name_check", _name_checked(user, data), fingerprint)


def check_fingerprint(user, data: dict) -> str:
    """Ties "none of these is her" to the details that were checked: change them, check again."""
    return keyed_hash("people.form_check", _identity_checked(user, data))


def check_fingerprint_matches(user, data: dict, fingerprint: str) -> bool:
    return keyed_hash_matches("people.form_check", _identity_checked(user, data), fingerprint)


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
    ``create``: when no record is her, create hers at once (the default); with False the step
    ends there instead (``outcome.how == CLEARED``, no person), for a page split into question
    pages that records her after its last page: it keeps :func:`check_fingerprint` of the
    details checked and creates her only while they are unchanged.
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
        create: bool = True,
    ):
        self.request = request
        self.user = request.user
        self.form = form
        self.then = then
        self.values = values or person_values
        self.allow_use = allow_use
        self.reason = reason
        self.create = create
        # The step's own answers, on the page's form so that their errors show like others.
        form.fields["name_match"] = django_forms.CharField(required=False, max_length=40)
        form.fields["no_second_detail"] = django_forms.BooleanField(required=False)
        self.second_details = [name for name in SECOND_DETAILS if name in form.fields]

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
            return self._use(data, post.get("use-person", ""))
        if action == "create" and check_fingerprint_matches(
            self.user, data, post.get("checked", "")
        ):
            if not post.get("not_the_same"):
                self.form.add_error(
                    None, _("Confirm that none of the records offered is this person.")
                )
                return self._check(status=400)
            return self._create(data)
        return self._by_name_first(data)

    def _by_name_first(self, data: dict) -> StepOutcome:
        """The full check when a second detail was given; the records her agency can read by
        name when it finds nothing or cannot run; then creation, or the ask for a detail."""
        post = self.request.POST
        fingerprint = name_fingerprint(self.user, data)
        named = name_fingerprint_matches(self.user, data, post.get("name_checked", ""))
        declined = named and name_fingerprint_matches(
            self.user, data, post.get("name_declined", "")
        )
        self.name_state = {"name_checked": fingerprint}
        choice = data.get("name_match", "") if named else ""
        if choice and choice != NONE_OF_THESE:
            return self._use(data, choice, again=lambda: self._offer_names(status=400))
        if choice == NONE_OF_THESE and not declined:
            access_log(
                user=self.user,
                action=Action.SEARCH,
                record_type=PERSON,
                detail={"list": "check before recording", "none_of_these": True},
            )
            declined = True
        self.name_state["name_declined"] = declined
        full_check = not self.second_details or any(data.get(n) for n in SECOND_DETAILS)
        if full_check:
            shown = self._check(on_none=lambda: None)
            if shown is not None:
                return shown
        if not declined:
            offered = self._name_search()
            if offered.results:
                if name_fingerprint_matches(self.user, data, post.get("offered", "")):
                    # continued without choosing
                    self.form.add_error("name_match", self._choose_message())
                    return self._offer_names(status=400)
                return self._offer_names()
        if full_check or (named and data.get("no_second_detail")):
            return self._create(data)
        if name_fingerprint_matches(self.user, data, post.get("asked", "")):
            # continued without a detail or the confirmation
            self.form.add_error("no_second_detail", self._ask_message())
            return self._ask(status=400)
        return self._ask()

    def _name_search(self):
        """Records her agency can read with names like the one typed (once per request)."""
        if "name_search" not in self.name_state:
            data = self.form.cleaned_data
            self.name_state["name_search"] = queries.people_search_for_user(
                user=self.user,
                given_name=data.get("given_name", ""),
                family_name=data.get("family_name", ""),
                other_names=data.get("other_names") or [],
                limit=conf.NAME_CANDIDATES,
                purpose="check before recording",
            )
        return self.name_state["name_search"]

    def _choose_message(self) -> str:
        return _("Choose one of the records offered, or say that none of them is this person.")

    def _ask_message(self) -> str:
        return _("Enter a %(details)s, or confirm that none of these has been given.") % {
            "details": _(" or ").join(str(SECOND_DETAILS[n]) for n in self.second_details)
        }

    def _offer_names(self, *, status: int = 200) -> StepOutcome:
        data = self.form.cleaned_data
        ask = bool(self.second_details) and not any(data.get(n) for n in SECOND_DETAILS)
        return StepOutcome(
            context=self._context(
                name_candidates=self._name_search().results, ask_second_detail=ask
            ),
            status=status,
        )

    def _ask(self, *, status: int = 200) -> StepOutcome:
        return StepOutcome(context=self._context(ask_second_detail=True), status=status)

    def _check(
        self,
        *,
        link_form=None,
        status: int = 200,
        on_none: Callable[[], StepOutcome | None] | None = None,
    ) -> StepOutcome | None:
        """The full duplicate check. With no candidate on a first look: ``on_none()`` if given,
        else the record is created at once."""
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
            return on_none() if on_none is not None else self._create(data)
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
        if not self.create:
            return StepOutcome(how=CLEARED)
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

    def _use(
        self, data: dict, person_id: str, *, again: Callable[[], StepOutcome] | None = None
    ) -> StepOutcome:
        """A record the user's agency already works with: read it through the getter. If that
        or what the page does with her is refused, the page is shown again (``again``)."""
        again = again or (lambda: self._check(status=400))
        try:
            person = queries.person_get_for_user(
                user=self.user, person_id=person_id, reason=self.reason or None
            )
        except queries.PersonNotFound:
            self.form.add_error(None, _("That record can no longer be used: check again."))
            return again()
        outcome = self._finish(lambda: person, USED, data)
        return outcome or again()

    def _context(self, **extra) -> dict:
        state = getattr(self, "name_state", {})
        search = state.get("name_search")
        context = {
            "form": self.form,
            "candidates": None,
            "link_form": None,
            "agreeing_labels": AGREEING_LABELS,
            "allow_use": self.allow_use,
            "name_checked": state.get("name_checked", ""),
            "name_declined": state.get("name_declined", False),
            "name_candidates": None,
            "name_search": search,
            "ask_second_detail": False,
            "second_details": [(name, SECOND_DETAILS[name]) for name in self.second_details],
        }
        context.update(extra)
        return context
