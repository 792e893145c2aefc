"""Offence types and Home Office outcome codes Harbour starts with.

They are data: loaded after every ``migrate`` (missing entries only, so a region's edits in the
admin are kept), editable at ``/staff/admin/incidents/``. A force adds its own local outcome
codes there, or retires one by marking it not in use.
"""

from __future__ import annotations

# code, name, is a harmful practice (forced marriage, so-called honour-based violence, FGM)
OFFENCE_TYPES = [
    ("physical_assault", "Physical assault", False),
    ("strangulation", "Non-fatal strangulation or suffocation", False),
    ("rape", "Rape", False),
    ("sexual_assault", "Sexual assault", False),
    ("stalking_harassment", "Stalking or harassment", False),
    ("coercive_control", "Controlling or coercive behaviour", False),
    ("forced_marriage", "Forced marriage", True),
    ("honour_based", "So-called honour-based violence", True),
    ("fgm", "Female genital mutilation (FGM)", True),
    ("other", "Other", False),
]

# The Home Office crime outcomes framework (the Home Office Counting Rules), in Harbour's own
# words: code, title, what it says about her support ("supports", "does_not_support" or "").
# Outcome 19 is not used in the framework.
OUTCOME_CODES = [
    ("1", "Charged or summonsed", ""),
    ("2", "Caution: youth", ""),
    ("3", "Caution: adult", ""),
    ("4", "Taken into consideration with another offence", ""),
    ("5", "The offender has died", ""),
    ("6", "Penalty notice for disorder", ""),
    ("7", "Cannabis or khat warning", ""),
    ("8", "Community resolution", ""),
    ("9", "Prosecution not in the public interest (Crown Prosecution Service decision)", ""),
    ("10", "Formal action not in the public interest (police decision)", ""),
    ("11", "Prosecution prevented: the suspect is below the age of criminal responsibility", ""),
    ("12", "Prosecution prevented: the suspect is too ill to prosecute", ""),
    ("13", "Prosecution prevented: the victim or a key witness has died or is too ill", ""),
    (
        "14",
        "Evidential difficulties: no suspect identified; the victim does not support action "
        "to identify the offender",
        "does_not_support",
    ),
    (
        "15",
        "Evidential difficulties: suspect identified; the victim supports action but the "
        "evidence does not allow it",
        "supports",
    ),
    (
        "16",
        "Evidential difficulties: suspect identified; the victim does not support (or has "
        "withdrawn support from) police action",
        "does_not_support",
    ),
    ("17", "Prosecution time limit expired", ""),
    ("18", "Investigation complete: no suspect identified", ""),
    ("20", "Further action taken by another body or agency", ""),
    ("21", "Further investigation not in the public interest (police decision)", ""),
    (
        "22",
        "Diversionary, educational or intervention activity undertaken; further action not "
        "in the public interest",
        "",
    ),
]


def load(OffenceType, OutcomeCode) -> None:
    """Create the entries that are missing; entries already present are left as edited."""
    for order, (code, name, harmful) in enumerate(OFFENCE_TYPES):
        OffenceType.objects.get_or_create(
            code=code, defaults={"name": name, "harmful_practice": harmful, "order": order}
        )
    for order, (code, title, support) in enumerate(OUTCOME_CODES):
        OutcomeCode.objects.get_or_create(
            code=code, defaults={"title": title, "victim_support": support, "order": order}
        )
