"""Coded values of the person record. Codes are stored (encrypted); labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    TEXT_MESSAGE = "text_message", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    THROUGH_PROFESSIONAL = "through_professional", _("Only through a named professional")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


class YesNoDeclined(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = "declined", _("Prefer not to say")


class Ethnicity(models.TextChoices):
    """The 2021 Census categories for England and Wales."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian or Asian British: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian or Asian British: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian or Asian British: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian or Asian British: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian or Asian British: any other Asian background")
    BLACK_AFRICAN = "black_african", _("Black, Black British, Caribbean or African: African")
    BLACK_CARIBBEAN = "black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")
    BLACK_OTHER = "black_other", _("Black, Black British, Caribbean or African: any other")
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed or multiple: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        _("Mixed or multiple: White and Black African"),
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        _("Mixed or multiple: White and Black Caribbean"),
    )
    MIXED_OTHER = "mixed_other", _("Mixed or multiple: any other")
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: any other White background")
    OTHER_ARAB = "other_arab", _("Other ethnic group: Arab")
    OTHER = "other", _("Any other ethnic group")
    DECLINED = "declined", _("Prefer not to say")


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("In another way")
    DECLINED = "declined", _("Prefer not to say")


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Another sexual orientation")
    DECLINED = "declined", _("Prefer not to say")


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    BUDDHIST = "buddhist", _("Buddhist")
    CHRISTIAN = "christian", _("Christian")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    DECLINED = "declined", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_16 = "0-15", _("Under 16")
    FROM_16 = "16-17", _("16 to 17")
    FROM_18 = "18-24", _("18 to 24")
    FROM_25 = "25-34", _("25 to 34")
    FROM_35 = "35-44", _("35 to 44")
    FROM_45 = "45-54", _("45 to 54")
    FROM_55 = "55-64", _("55 to 64")
    FROM_65 = "65-74", _("65 to 74")
    FROM_75 = "75+", _("75 or over")
    DECLINED = "declined", _("Prefer not to say")


AGE_BAND_LIMITS: list[tuple[int, str]] = [
    (16, AgeBand.UNDER_16),
    (18, AgeBand.FROM_16),
    (25, AgeBand.FROM_18),
    (35, AgeBand.FROM_25),
    (45, AgeBand.FROM_35),
    (55, AgeBand.FROM_45),
    (65, AgeBand.FROM_55),
    (75, AgeBand.FROM_65),
]


class ImmigrationStatus(models.TextChoices):
    BRITISH_IRISH = "british_irish", _("British or Irish citizen")
    SETTLED = "settled", _("Settled status or indefinite leave to remain")
    PRE_SETTLED = "pre_settled", _("Pre-settled status")
    SPOUSE_VISA = "spouse_visa", _("Spouse or partner visa")
    OTHER_VISA = "other_visa", _("Another visa")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    REFUGEE = "refugee", _("Refugee or humanitarian protection")
    NO_STATUS = "no_status", _("No current immigration status")
    NOT_KNOWN = "not_known", _("Not known")
    DECLINED = "declined", _("Prefer not to say")
