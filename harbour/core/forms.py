"""Small helpers shared by every app's forms and views."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError, *, top_level: Collection[str] = ()) -> None:
    """Put a service's ``ValidationError`` on a form: field errors where the form has the field
    (unless named in ``top_level``), the rest at the top of the error summary."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields and name not in top_level else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)
