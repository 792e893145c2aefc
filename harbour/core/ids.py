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
        # Say only what differs from this field's own defaults (not CharField's), so that a
        # copy made non-unique, as in a history table, stays non-unique in migrations.
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == LENGTH:
            del kwargs["max_length"]
        if kwargs.get("default") is new_public_id:
            del kwargs["default"]
        kwargs.pop("unique", None)
        kwargs.pop("editable", None)
        if not self.unique:
            kwargs["unique"] = False
        if self.editable:
            kwargs["editable"] = True
        return name, path, args, kwargs
