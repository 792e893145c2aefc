"""Public identifiers: random, not guessable, and safe to show in URLs.

Database primary keys stay internal. Every record a user can address by URL carries a public id of
16 characters from Crockford's base-32 alphabet (80 random bits), so ``/people/1041/`` cannot be
turned into ``/people/1042/``.
"""

import secrets

from django.db import models

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 16


def new_public_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def looks_like_public_id(value: str) -> bool:
    return len(value) == LENGTH and all(char in ALPHABET for char in value)


class PublicIdField(models.CharField):
    """A unique, random, non-editable identifier for URLs and APIs."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", LENGTH)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", new_public_id)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (
            ("max_length", LENGTH),
            ("unique", True),
            ("editable", False),
            ("default", new_public_id),
        ):
            if kwargs.get(key) == value:
                del kwargs[key]
        # Field.deconstruct leaves out unique=False and editable=True (Django's defaults), which
        # __init__ would then turn back into this field's defaults: say them explicitly (history
        # tables copy the field without its uniqueness).
        if not self._unique:
            kwargs["unique"] = False
        if self.editable:
            kwargs["editable"] = True
        return name, path, args, kwargs
