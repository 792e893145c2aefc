from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterVarietyValidator:
    """Asks for at least three of: lower-case letters, capitals, digits, symbols."""

    def validate(self, password: str, user=None) -> None:
        kinds = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(kinds) < 3:
            raise ValidationError(
                _(
                    "Your password must contain at least three of these: lower-case letters, "
                    "capital letters, numbers and symbols."
                ),
                code="password_too_plain",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must contain at least three of these: lower-case letters, capital "
            "letters, numbers and symbols."
        )
