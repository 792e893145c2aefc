"""Model fields whose values are encrypted at rest (see ``harbour.core.crypto``).

The database column holds a Fernet token and nothing else; Python code sees the plain value.
Every value is encrypted, the empty string included, so a reader of the database cannot even
tell which fields were filled in. ``None`` is stored as NULL on fields declared ``null=True``.

Encrypted columns cannot be searched or ordered by the database: the fields refuse every lookup
except ``isnull``, so a filter on plaintext fails loudly instead of silently matching nothing.
Find records again through keyed hashes (``harbour.core.crypto.keyed_hash``) kept beside them.

::

    class Person(models.Model):
        family_name = EncryptedTextField(_("family name"))
        date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
        other_names = EncryptedJSONField(_("other names"), default=list, blank=True)
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from harbour.core import doors
from harbour.core.crypto import decrypt_text, encrypt_text

__all__ = [
    "EncryptedBooleanField",
    "EncryptedDateField",
    "EncryptedJSONField",
    "EncryptedTextField",
]

_ALLOWED_LOOKUPS = {"isnull"}


class _EncryptedField(models.TextField):
    """Base: subclasses say how a Python value becomes text and back."""

    encrypted = True

    def encode_value(self, value: Any) -> str:
        return str(value)

    def decode_value(self, text: str) -> Any:
        return text

    # Database round trip -------------------------------------------------------------------

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        value = self.to_python(value)
        if value is None:
            return None
        return encrypt_text(self.encode_value(value))

    def from_db_value(self, value: str | None, expression, connection) -> Any:
        if value is None:
            return None
        doors.on_decrypt(self)  # her record is read only through its door (harbour.core.doors)
        return self.decode_value(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value

    # No searching on ciphertext -------------------------------------------------------------

    def get_lookup(self, lookup_name: str):
        if lookup_name not in _ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, name: str):
        return None


class EncryptedTextField(_EncryptedField):
    """Text (one line or many); use ``choices`` for coded values."""

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def formfield(self, **kwargs):
        if not self.choices:
            kwargs.setdefault("widget", forms.Textarea)
        return super().formfield(**kwargs)


class EncryptedDateField(_EncryptedField):
    """A calendar date, stored as encrypted ISO text."""

    def encode_value(self, value: datetime.date) -> str:
        return value.isoformat()

    def decode_value(self, text: str) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_date(str(value))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(_("Enter a real date."), code="invalid")
        return parsed

    def formfield(self, **kwargs):
        return forms.DateField(
            required=not self.blank, label=self.verbose_name, help_text=self.help_text, **kwargs
        )


class EncryptedBooleanField(_EncryptedField):
    """Yes, no, or (with ``null=True``) not known."""

    def encode_value(self, value: bool) -> str:
        return "1" if value else "0"

    def decode_value(self, text: str) -> bool:
        return text == "1"

    def to_python(self, value: Any) -> bool | None:
        if value is None or value == "":
            return None
        if value in (True, "1", "true", "True", 1):
            return True
        if value in (False, "0", "false", "False", 0):
            return False
        raise ValidationError(_("Choose yes or no."), code="invalid")

    def formfield(self, **kwargs):
        return forms.NullBooleanField(
            required=False, label=self.verbose_name, help_text=self.help_text, **kwargs
        )


class EncryptedJSONField(_EncryptedField):
    """A list or mapping (for example other names, or chosen contact channels)."""

    def encode_value(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def decode_value(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValidationError(_("Enter valid JSON."), code="invalid") from exc
        return value

    def value_to_string(self, obj) -> str:
        return self.encode_value(self.value_from_object(obj))


def user_fk(verbose_name, **kwargs) -> models.ForeignKey:
    """A "who did it" link to a user: optional, protected (users are deactivated, never
    deleted, so the record keeps who acted), and without a reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


def encrypted_fields(model) -> list[models.Field]:
    """The encrypted fields of a model (or an instance's model)."""
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def encrypted_values_erase(instance) -> list[str]:
    """Set every encrypted field of ``instance`` to its empty value (None where the field is
    nullable, else its default or the empty string), without reading a value; returns the
    names set, for ``save(update_fields=...)``. Erasure (``harbour.records``) uses it."""
    names = []
    for field in encrypted_fields(instance):
        if field.null:
            empty = None
        elif field.has_default():
            empty = field.get_default()
        else:
            empty = ""
        setattr(instance, field.attname, empty)
        names.append(field.name)
    return names
