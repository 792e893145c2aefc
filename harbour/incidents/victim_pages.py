"""Step 1 of recording an incident as question pages: who she is, then a task list.

The first page asks who she is, with the details that find her record again (date of birth,
phone, email), and runs the people app's check-before-create step on them
(``harbour.people.steps.DuplicateCheckStep``, with ``create=False``): a record her force already
works with, or one another agency holds, is used or linked at once and the officer goes on to
what happened. When none is her, what the officer typed is kept in an encrypted draft
(:class:`~harbour.incidents.models.VictimDraft`, never the session), with the fingerprint of the
details the check cleared, and a task list offers the other pages: safe contact, address, needs
and household, equality monitoring. Each page keeps what was said if the officer goes back.
Her record is created from the draft, which is then deleted, only while the details checked are
unchanged; changing them on "Who she is" runs the check again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from harbour.audit.services import Action, access_log
from harbour.core.drafts import draft_get, draft_save
from harbour.incidents import forms
from harbour.incidents.models import VictimDraft
from harbour.people.activity import refusal_record
from harbour.people.services import EDITABLE_FIELDS, person_create
from harbour.people.steps import check_fingerprint, check_fingerprint_matches, person_values

DRAFT = "incidents.victimdraft"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type[django_forms.Form]
    required: bool = True
    hint: str = ""


SECTIONS = (
    Section(
        "who",
        _("Who she is"),
        forms.VictimWhoForm,
        hint=_("Her name, and a date of birth, phone number or email address to find her record"),
    ),
    Section(
        "safe-contact",
        _("Safe contact"),
        forms.VictimSafeContactForm,
        hint=_("How and when it is safe to contact her: everyone sees this first"),
    ),
    Section("address", _("Address"), forms.VictimAddressForm, required=False),
    Section("needs", _("Needs and household"), forms.VictimNeedsForm, required=False),
    Section(
        "equality",
        _("Equality monitoring"),
        forms.VictimEqualityForm,
        required=False,
        hint=_("Only if she is willing to answer"),
    ),
)
BY_SLUG = {section.slug: section for section in SECTIONS}


def answers_of(form: django_forms.Form, data) -> dict:
    """What was typed into ``form``'s own fields, as posted (kept as typed, so the page shows
    it again exactly)."""
    declared = type(form)().fields  # the section's fields, not those a step adds
    return {
        name: form.fields[name].widget.value_from_datadict(data, None, form.add_prefix(name))
        for name in declared
    }


def section_form(section: Section, draft: VictimDraft | None, data=None) -> django_forms.Form:
    """The page's form: bound to what was posted, else to what the draft keeps for it."""
    if data is not None:
        return section.form(data)
    kept = (draft.data.get("sections", {}) if draft else {}).get(section.slug)
    return section.form(kept) if kept is not None else section.form()


def done(draft: VictimDraft | None) -> set[str]:
    return set((draft.data.get("sections", {}) if draft else {}).keys())


def may_create(draft: VictimDraft) -> bool:
    return all(s.slug in done(draft) for s in SECTIONS if s.required)


# Reads and writes of drafts (the owner alone; every read and write logged, never its values) ---


class DraftNotFound(Exception):
    """No live draft of this user's has this identifier (another's, expired, or none)."""


def victim_draft_get_for_user(*, user, draft_id: str) -> VictimDraft:
    draft = draft_get(VictimDraft, owner=user, draft_id=draft_id)
    if draft is None:
        refusal_record(
            user=user,
            record_type=DRAFT,
            record_id=str(draft_id)[:64],
            why="no such draft of hers",
            what="refused_draft_reads",
        )
        raise DraftNotFound
    access_log(user=user, action=Action.VIEW, record=draft, reason="recording an incident")
    return draft


def victim_drafts_for_user(*, user) -> list[VictimDraft]:
    """The user's live drafts, newest first (their times only are shown: nothing decrypted)."""
    return list(
        VictimDraft.objects.live().filter(owner=user).defer("data").order_by("-updated_at")[:10]
    )


def victim_draft_save(
    *, by, section: Section, answers: dict, draft: VictimDraft | None = None, cleared: str = ""
) -> VictimDraft:
    """Keep a page's answers (and, from "Who she is", the fingerprint of the details the
    duplicate check cleared) in the officer's draft: a new one when ``draft`` is None."""
    data = dict(draft.data) if draft else {"sections": {}}
    data["sections"] = {**data.get("sections", {}), section.slug: answers}
    if cleared:
        data["cleared"] = cleared
    draft = draft_save(VictimDraft, owner=by, data=data, draft=draft)
    access_log(
        user=by,
        action=Action.UPDATE,
        record=draft,
        reason="recording an incident",
        detail={"section": section.slug},
    )
    return draft


def victim_draft_discard(*, draft: VictimDraft, by) -> None:
    access_log(
        user=by,
        action=Action.UPDATE,
        record=draft,
        reason="recording an incident",
        detail={"draft": "deleted"},
    )
    draft.delete()


class StaleCheck(Exception):
    """The details checked for an existing record have changed since: check again."""


def victim_draft_record(*, draft: VictimDraft, by):
    """Create her record from the draft (the recording force becomes involved), then delete
    the draft, in one transaction. Raises :class:`StaleCheck` when the details the duplicate
    check cleared are not those kept, and ``ValidationError`` (by section) on bad answers."""
    values: dict = {}
    errors: dict[str, django_forms.Form] = {}
    identity = None
    for section in SECTIONS:
        form = section_form(section, draft)
        if not form.is_bound:
            continue
        if not form.is_valid():
            errors[section.slug] = form
            continue
        values.update(form.cleaned_data)
        if section.slug == "who":
            identity = form.cleaned_data
    if errors:
        raise ValidationError({slug: _("Check this page's answers") for slug in errors})
    if identity is None or not check_fingerprint_matches(
        by, identity, draft.data.get("cleared", "")
    ):
        raise StaleCheck
    with transaction.atomic():
        person = person_create(by=by, **person_values(values, fields=EDITABLE_FIELDS))
        victim_draft_discard(draft=draft, by=by)
    return person


def sections_of(error: ValidationError) -> list[Section]:
    """The pages an error concerns: by page, or by the field of her record it names."""
    names = set(getattr(error, "message_dict", {}) or {})
    found = [
        section
        for section in SECTIONS
        if section.slug in names or names & set(section.form.base_fields)
    ]
    return found or [SECTIONS[0]]


def cleared_fingerprint(user, form: django_forms.Form) -> str:
    return check_fingerprint(user, form.cleaned_data)
