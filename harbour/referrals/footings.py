"""The footing a referral is offered from the situation: why her information may go to the
receiving agency, in the caseworker's words, and the lawful basis and condition that follow.

The caseworker answers "why can her information be shared?" (her agreement on record; her case
is going to a MARAC; to safeguard her without her agreement; or another basis she names), and
the journey asks only for what that footing needs: her agreement, or the preconditions and
justification of its condition. The footing is then judged by the people app's one sharing
check (``harbour.people.sharing``), on the page and again when the referral is sent.

The regime follows from the sending agency: a police force shares under Part 3 of the Data
Protection Act 2018, everyone else under UK GDPR (see ``docs/referrals.md``, "The sharing basis").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from harbour.accounts.roles import AgencyKind
from harbour.people import sharing
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.referrals.choices import RiskLevel
from harbour.referrals.matrix import CATEGORIES

AGREEMENT = "agreement"
MARAC = "marac"
SAFEGUARDING = "safeguarding"
LAW_ENFORCEMENT = "law_enforcement"
OTHER = "other"


@dataclass(frozen=True)
class Situation:
    code: str
    label: Promise
    hint: Promise
    basis: str  # a LawfulBasis code
    # The condition used when what is shared needs one (a ProcessingCondition code).
    condition: str = ""
    high_risk_only: bool = False


SITUATIONS: dict[str, tuple[Situation, ...]] = {
    Regime.UK_GDPR: (
        Situation(
            AGREEMENT,
            _("She has agreed to this referral"),
            _(
                "She agreed to her information going to this agency for this support. Choose "
                "her agreement on record, or record it on the next page."
            ),
            basis="gdpr-6-1-a-consent",
            condition="dpa-sch1-p29-consent-criminal",
        ),
        Situation(
            MARAC,
            _("Her case is going to a MARAC"),
            _(
                "She is at high risk of serious harm, and agencies share what is needed to "
                "protect her under their statutory duties. You confirm the conditions next."
            ),
            basis="gdpr-6-1-e-public-task",
            condition="dpa-sch1-p6-statutory-purposes",
            high_risk_only=True,
        ),
        Situation(
            SAFEGUARDING,
            _("To safeguard her, without her agreement"),
            _(
                "Only where she cannot agree, cannot be asked, or asking would put her at risk. "
                "You confirm each condition and say why next."
            ),
            basis="gdpr-6-1-e-public-task",
            condition="dpa-sch1-p18-safeguarding",
        ),
    ),
    Regime.DPA_PART_3: (
        Situation(
            LAW_ENFORCEMENT,
            _("To protect her from further offences (a law-enforcement purpose)"),
            _(
                "The force shares what the service needs to protect her, as part of preventing "
                "and detecting offences. She does not need to agree."
            ),
            basis="dpa-35-2-b-law-enforcement-task",
        ),
        Situation(
            AGREEMENT,
            _("She has agreed to this referral"),
            _(
                "She agreed to her information going to this agency for this support. Choose "
                "her agreement on record, or record it on the next page."
            ),
            basis="dpa-35-2-a-consent",
        ),
    ),
}


def regime_for(user) -> str:
    """The regime under which the user's agency shares."""
    agency = getattr(user, "agency", None)
    if agency is not None and agency.kind == AgencyKind.POLICE:
        return Regime.DPA_PART_3
    return Regime.UK_GDPR


def situations_for(*, regime: str, risk_level: str) -> list[Situation]:
    """The situations offered: a MARAC only for a high-risk case."""
    return [s for s in SITUATIONS[regime] if not s.high_risk_only or risk_level == RiskLevel.HIGH]


def situation_get(*, regime: str, code: str) -> Situation | None:
    return next((s for s in SITUATIONS[regime] if s.code == code), None)


@dataclass(frozen=True)
class Footing:
    """A basis and (when what is shared needs one) a condition, chosen from the situation."""

    regime: str
    situation: str
    basis: LawfulBasis | None
    condition: ProcessingCondition | None

    @property
    def relies_on_agreement(self) -> bool:
        return sharing.relies_on_agreement(basis=self.basis, condition=self.condition)

    @property
    def preconditions(self) -> list[str]:
        return list(self.condition.preconditions) if self.condition else []

    @property
    def requires_justification(self) -> bool:
        return bool(self.condition and self.condition.requires_justification)


def footing_for(
    *, regime: str, situation: str, view: str, basis_code: str = "", condition_code: str = ""
) -> Footing:
    """The basis and condition for ``situation`` when sharing what ``view`` shows; for
    ``OTHER``, the basis and condition the caseworker named (codes)."""
    if situation == OTHER:
        basis = LawfulBasis.objects.filter(code=basis_code, is_active=True).first()
        condition = (
            ProcessingCondition.objects.filter(code=condition_code, is_active=True).first()
            if condition_code
            else None
        )
        return Footing(regime, situation, basis, condition)
    spec = situation_get(regime=regime, code=situation)
    if spec is None:
        return Footing(regime, situation, None, None)
    basis = LawfulBasis.objects.filter(code=spec.basis, is_active=True).first()
    condition = None
    if spec.condition and sharing.needs_condition(regime=regime, categories=CATEGORIES[view]):
        condition = ProcessingCondition.objects.filter(code=spec.condition, is_active=True).first()
    return Footing(regime, situation, basis, condition)


def footing_messages(
    *,
    footing: Footing,
    view: str,
    agency_name: str,
    agreement=None,
    person_id: int,
    agency_id: int,
    preconditions_confirmed=(),
    justification: str = "",
) -> dict[str, str]:
    """The one sharing check's verdict on a referral's footing (``harbour.people.sharing``), in
    words a caseworker understands: ``{field: message}``, empty when it holds."""
    errors = sharing.footing_errors(
        regime=footing.regime,
        basis=footing.basis,
        condition=footing.condition,
        categories=CATEGORIES[view],
        preconditions_confirmed=preconditions_confirmed,
        justification=justification,
    )
    errors.update(
        sharing.agreement_errors(
            basis=footing.basis,
            condition=footing.condition,
            agreement=agreement,
            person_id=person_id,
            agency_id=agency_id,
        )
    )
    words = {}
    for name, message in errors.items():
        if name == "condition" and footing.condition is None and footing.basis is not None:
            message = gettext(
                "A referral tells %(agency)s that she is the victim of an alleged offence, so "
                "%(basis)s alone is not enough to share it. Rely on her agreement, or choose a "
                "condition that covers offence information."
            ) % {"agency": agency_name, "basis": footing.basis.title}
        elif name == "basis" and footing.basis is None:
            message = gettext("Choose the lawful basis on which her information is shared.")
        elif name == "preconditions":
            message = gettext("Confirm that each condition holds, or choose another basis.")
        elif name == "justification":
            message = gettext("Explain why sharing without her agreement is needed.")
        elif name == "agreement":
            message = {
                gettext("This basis relies on her agreement: choose it."): gettext(
                    "Choose her agreement to this referral, or record it."
                ),
                gettext("Her agreement must be current and name the agency."): gettext(
                    "Her agreement must be current and name %(agency)s: record a new one."
                )
                % {"agency": agency_name},
                gettext("This condition needs her explicit agreement."): gettext(
                    "Her agreement must be explicit to share that she is the victim of an "
                    "offence: record her explicit agreement."
                ),
            }.get(message, message)
        words[name] = message
    return words
