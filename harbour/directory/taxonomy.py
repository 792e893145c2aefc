"""The directory's standard taxonomies: needs, eligibility by gender, and ways in.

These are data that every Harbour holds (loaded after each migration, see ``apps.py``), each with
a stable UUID so that other directories exchanging Open Referral UK data can rely on them. Codes
are short, neutral and used in forms; names and descriptions are what people read.

Administrators may add terms in the admin; the terms here are put back as they are written here
whenever the database is migrated, so edit this file to change them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The namespace from which every standard taxonomy and term UUID is derived (never change it).
NAMESPACE = uuid.UUID("6f1c2f0e-3c55-5d8a-9a57-0b8c1e7d4a21")

NEEDS = "needs"
ELIGIBILITY = "eligibility"
ACCESS = "access"


@dataclass(frozen=True)
class TermSpec:
    code: str
    name: str
    description: str
    parent: str = ""


@dataclass(frozen=True)
class TaxonomySpec:
    code: str
    name: str
    description: str
    link_type: str  # how a service's attribute names what the term says about it
    terms: tuple[TermSpec, ...]


def taxonomy_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy/{code}")


def term_uuid(taxonomy_code: str, term_code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy/{taxonomy_code}/{term_code}")


STANDARD_TAXONOMIES: tuple[TaxonomySpec, ...] = (
    TaxonomySpec(
        code=NEEDS,
        name=_("Harbour support needs"),
        description=_(
            "Kinds of support for people affected by violence against women and girls, "
            "and for the people around them."
        ),
        link_type="need",
        terms=(
            TermSpec(
                "domestic-abuse",
                _("Domestic abuse"),
                _(
                    "Abuse by a partner, ex-partner or family member: physical, sexual, "
                    "emotional or economic abuse and coercive control."
                ),
            ),
            TermSpec(
                "sexual-violence",
                _("Rape and sexual assault"),
                _(
                    "Support after rape, sexual assault or sexual abuse, whether it happened "
                    "recently or a long time ago."
                ),
            ),
            TermSpec(
                "harmful-practices",
                _("Forced marriage, honour-based abuse and FGM"),
                _(
                    "Harmful practices: forced marriage, so-called honour-based violence and "
                    "female genital mutilation."
                ),
            ),
            TermSpec(
                "forced-marriage",
                _("Forced marriage"),
                _("Help for anyone being forced into marriage, or afraid that they will be."),
                parent="harmful-practices",
            ),
            TermSpec(
                "honour-based-abuse",
                _("So-called honour-based violence"),
                _(
                    "Help for anyone controlled, threatened or harmed to protect a family's "
                    "or community's so-called honour."
                ),
                parent="harmful-practices",
            ),
            TermSpec(
                "fgm",
                _("Female genital mutilation (FGM)"),
                _(
                    "Help for women and girls who have had, or are at risk of, female genital "
                    "mutilation."
                ),
                parent="harmful-practices",
            ),
            TermSpec(
                "housing",
                _("Housing and a safe place to live"),
                _(
                    "Help to stay safely at home, with extra security if needed, or to find a "
                    "refuge or somewhere else to live."
                ),
            ),
            TermSpec(
                "money",
                _("Money, debt and benefits"),
                _(
                    "Help with money, debts, benefits and economic abuse, including getting "
                    "back control of accounts and bills."
                ),
            ),
            TermSpec(
                "legal-advice",
                _("Legal advice and the courts"),
                _(
                    "Advice on protective orders, family and immigration law, and support "
                    "through the criminal and family courts."
                ),
            ),
            TermSpec(
                "emotional-support",
                _("Counselling and emotional support"),
                _("Counselling, therapy and peer support for the effects of abuse."),
            ),
            TermSpec(
                "stalking",
                _("Stalking and harassment"),
                _("Help for anyone being followed, watched, contacted or harassed."),
            ),
            TermSpec(
                "sex-worker-support",
                _("Support for sex workers"),
                _("Safety, health and advocacy for people who sell or exchange sex."),
            ),
            TermSpec(
                "children-young-people",
                _("Children and young people"),
                _(
                    "Support for children and young people who have lived with abuse or been "
                    "harmed in their own relationships."
                ),
            ),
            TermSpec(
                "education-prevention",
                _("Education and prevention"),
                _(
                    "Programmes in schools and communities about healthy relationships, consent "
                    "and recognising abuse."
                ),
            ),
            TermSpec(
                "perpetrator-programmes",
                _("Programmes for people who harm"),
                _("Behaviour change programmes for people who have been abusive and want to stop."),
            ),
        ),
    ),
    TaxonomySpec(
        code=ELIGIBILITY,
        name=_("Harbour eligibility"),
        description=_("Who a service is for."),
        link_type="eligibility",
        terms=(
            TermSpec("women", _("Women and girls"), _("The service is for women and girls.")),
            TermSpec("men", _("Men and boys"), _("The service is for men and boys.")),
            TermSpec(
                "all-genders", _("Everyone"), _("The service is open to people of any gender.")
            ),
        ),
    ),
    TaxonomySpec(
        code=ACCESS,
        name=_("Harbour ways in"),
        description=_("How people can start using a service."),
        link_type="access",
        terms=(
            TermSpec(
                "self-referral",
                _("Self-referral"),
                _("People can contact the service themselves."),
            ),
            TermSpec(
                "professional-referral",
                _("Professional referral"),
                _("A professional (police, IDVA, GP, social worker...) can refer people."),
            ),
        ),
    ),
)


def taxonomy_spec(code: str) -> TaxonomySpec:
    for spec in STANDARD_TAXONOMIES:
        if spec.code == code:
            return spec
    raise KeyError(code)
