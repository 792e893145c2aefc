"""The lawful bases and conditions Harbour started with.

A frozen copy, as they were when this migration was written: a migration must not import live
code, which changes after it (``harbour.people.sharing_data`` holds today's list, loaded again
after a flush by the post-migrate receiver in ``harbour.people.apps``).
"""

from django.db import migrations

GDPR = "uk_gdpr"
PART3 = "dpa_part_3"

_P18_PRECONDITIONS = [
    "Sharing is necessary to protect her (or a child) from neglect or physical, mental or "
    "emotional harm, or to protect her physical, mental or emotional well-being.",
    "She is under 18, or she is 18 or over and at risk: she has needs for care and support, is "
    "experiencing or at risk of neglect or harm, and because of those needs cannot protect "
    "herself.",
    "Her consent is not sought because she cannot give it, because the person sharing cannot "
    "reasonably be expected to obtain it, or because asking would prejudice her protection.",
    "Sharing is necessary for reasons of substantial public interest.",
]

_SCH8_P4_PRECONDITIONS = [
    "Sharing is strictly necessary to protect her (or a child) from neglect or physical, "
    "mental or emotional harm, or to protect her physical, mental or emotional well-being.",
    "She is under 18, or she is 18 or over and at risk (needs for care and support, "
    "experiencing or at risk of neglect or harm, unable to protect herself).",
    "Her consent is not sought because she cannot give it, because it cannot reasonably be "
    "obtained, or because asking would prejudice her protection.",
    "Sharing is necessary for reasons of substantial public interest, and the force's "
    "appropriate policy document covers it.",
]

BASES = [
    # code, regime, title, reference, description, relies on agreement
    (
        "gdpr-6-1-a-consent",
        GDPR,
        "Consent",
        "UK GDPR Article 6(1)(a)",
        "She has agreed to the sharing, freely, specifically and with the information she "
        "needed; she can withdraw at any time.",
        True,
    ),
    (
        "gdpr-6-1-c-legal-obligation",
        GDPR,
        "Legal obligation",
        "UK GDPR Article 6(1)(c)",
        "A law requires the sharing (name it in the purpose).",
        False,
    ),
    (
        "gdpr-6-1-d-vital-interests",
        GDPR,
        "Vital interests",
        "UK GDPR Article 6(1)(d)",
        "Sharing is necessary to protect her life or someone else's.",
        False,
    ),
    (
        "gdpr-6-1-e-public-task",
        GDPR,
        "Public task",
        "UK GDPR Article 6(1)(e)",
        "Sharing is necessary for a task in the public interest or an official function with a "
        "basis in law (for example safeguarding duties, the Domestic Abuse Act 2021).",
        False,
    ),
    (
        "gdpr-6-1-f-legitimate-interests",
        GDPR,
        "Legitimate interests",
        "UK GDPR Article 6(1)(f)",
        "For organisations that are not public authorities acting in their public tasks: a "
        "legitimate interest, necessary, and not overridden by her interests (record the "
        "balancing test).",
        False,
    ),
    (
        "dpa-35-2-a-consent",
        PART3,
        "Consent (law enforcement)",
        "DPA 2018 s.35(2)(a)",
        "She has consented to the processing for the law-enforcement purpose.",
        True,
    ),
    (
        "dpa-35-2-b-law-enforcement-task",
        PART3,
        "Law-enforcement task",
        "DPA 2018 s.35(2)(b)",
        "Necessary for a task carried out for a law-enforcement purpose by a competent "
        "authority (the prevention, investigation, detection or prosecution of offences, or "
        "safeguarding against threats to public security).",
        False,
    ),
]

CONDITIONS = [
    # code, regime, covers, title, reference, description, relies on agreement,
    # preconditions, requires justification
    (
        "gdpr-9-2-a-explicit-consent",
        GDPR,
        "special_category",
        "Explicit consent",
        "UK GDPR Article 9(2)(a)",
        "She has explicitly agreed to sharing the special-category information.",
        True,
        [],
        False,
    ),
    (
        "gdpr-9-2-c-vital-interests",
        GDPR,
        "special_category",
        "Vital interests, where she cannot consent",
        "UK GDPR Article 9(2)(c)",
        "Necessary to protect her life or someone else's, where she is physically or legally "
        "incapable of giving consent.",
        False,
        [],
        True,
    ),
    (
        "dpa-sch1-p6-statutory-purposes",
        GDPR,
        "both",
        "Statutory and government purposes",
        "UK GDPR Article 9(2)(g) and 10; DPA 2018 Schedule 1 paragraph 6",
        "Necessary for a function conferred by an enactment or rule of law, for reasons of "
        "substantial public interest. Covered by the agency's appropriate policy document.",
        False,
        [
            "Sharing is necessary for a function conferred on the agency by an enactment or "
            "rule of law (name it in the purpose).",
            "Sharing is necessary for reasons of substantial public interest.",
        ],
        False,
    ),
    (
        "dpa-sch1-p10-unlawful-acts",
        GDPR,
        "both",
        "Preventing or detecting unlawful acts",
        "UK GDPR Article 9(2)(g) and 10; DPA 2018 Schedule 1 paragraph 10",
        "Necessary to prevent or detect an unlawful act, where asking her would prejudice that "
        "purpose, for reasons of substantial public interest.",
        False,
        [
            "Sharing is necessary to prevent or detect an unlawful act.",
            "Asking for her consent would prejudice that purpose.",
            "Sharing is necessary for reasons of substantial public interest.",
        ],
        True,
    ),
    (
        "dpa-sch1-p18-safeguarding",
        GDPR,
        "both",
        "Safeguarding of children and of individuals at risk",
        "UK GDPR Article 9(2)(g) and 10; DPA 2018 Schedule 1 paragraph 18",
        "Applies only in its own narrow cases: each precondition must hold and be recorded, "
        "with why her consent was not sought.",
        False,
        _P18_PRECONDITIONS,
        True,
    ),
    (
        "dpa-sch1-p29-consent-criminal",
        GDPR,
        "criminal_offence",
        "Consent to sharing criminal-offence information",
        "UK GDPR Article 10; DPA 2018 Schedule 1 paragraph 29",
        "She has consented to sharing information about offences or allegations.",
        True,
        [],
        False,
    ),
    (
        "dpa-35-4-consent",
        PART3,
        "sensitive_processing",
        "Consent to sensitive processing",
        "DPA 2018 s.35(4)",
        "She has consented to the sensitive processing, and the force has an appropriate "
        "policy document.",
        True,
        [],
        False,
    ),
    (
        "dpa-35-5-sch8-p1-statutory",
        PART3,
        "sensitive_processing",
        "Strictly necessary: statutory purposes",
        "DPA 2018 s.35(5) and Schedule 8 paragraph 1",
        "Strictly necessary for a statutory function, for reasons of substantial public "
        "interest, covered by the force's appropriate policy document.",
        False,
        [
            "Sharing is strictly necessary for the law-enforcement purpose.",
            "Sharing is necessary for a function conferred by an enactment or rule of law, for "
            "reasons of substantial public interest.",
        ],
        False,
    ),
    (
        "dpa-35-5-sch8-p3-vital-interests",
        PART3,
        "sensitive_processing",
        "Strictly necessary: protecting vital interests",
        "DPA 2018 s.35(5) and Schedule 8 paragraph 3",
        "Strictly necessary to protect her vital interests or another person's.",
        False,
        ["Sharing is strictly necessary to protect her life or someone else's."],
        True,
    ),
    (
        "dpa-35-5-sch8-p4-safeguarding",
        PART3,
        "sensitive_processing",
        "Strictly necessary: safeguarding of children and individuals at risk",
        "DPA 2018 s.35(5) and Schedule 8 paragraph 4",
        "Applies only in its own narrow cases: each precondition must hold and be recorded.",
        False,
        _SCH8_P4_PRECONDITIONS,
        True,
    ),
]


def _load(LawfulBasis, ProcessingCondition) -> None:
    for order, (code, regime, title, reference, description, agreement) in enumerate(BASES):
        LawfulBasis.objects.update_or_create(
            code=code,
            defaults={
                "regime": regime,
                "title": title,
                "reference": reference,
                "description": description,
                "relies_on_agreement": agreement,
                "order": order,
            },
        )
    for order, row in enumerate(CONDITIONS):
        code, regime, covers, title, reference, description, agreement, pre, justify = row
        ProcessingCondition.objects.update_or_create(
            code=code,
            defaults={
                "regime": regime,
                "covers": covers,
                "title": title,
                "reference": reference,
                "description": description,
                "relies_on_agreement": agreement,
                "preconditions": pre,
                "requires_justification": justify,
                "order": order,
            },
        )


def load(apps, schema_editor):
    _load(apps.get_model("people", "LawfulBasis"), apps.get_model("people", "ProcessingCondition"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
