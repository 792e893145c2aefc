"""Re-encrypting stored values under the newest field key (key rotation).

To rotate: put a new key first in ``HARBOUR_FIELD_KEYS`` (keep the old ones after it), restart,
run ``manage.py reencrypt_fields``, then remove the old key. Every model with encrypted fields is
covered, history tables included. Values already under the newest key are left alone, so the
command can be stopped and run again. Harbour keeps serving throughout: every value reads under
either key, and a row changed by the application while it is re-encrypted keeps the change
(each row is written only if it still holds what was read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.functions import Cast

from harbour.core.crypto import is_current_token, rotate_token


@dataclass
class ReencryptResult:
    rows: int = 0
    values: int = 0
    models: int = 0


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if encrypted_fields(m)]


def reencrypt_all(*, batch_size: int = 500) -> ReencryptResult:
    """Re-encrypt, in batches of ``batch_size`` rows, every value not under the newest key.

    Reads the stored tokens as text (rows are never decrypted into model objects) and writes
    back only the columns that change, so history and timestamps stay as they were. (The
    background task of ``harbour.keys`` does the same batch by batch, resuming after a stop.)
    """
    result = ReencryptResult()
    for model in models_with_encrypted_fields():
        result.models += 1
        after = None
        while True:
            batch = reencrypt_batch(model, after=after, batch_size=batch_size)
            if batch.last_pk is None:
                break
            after = batch.last_pk
            result.rows += batch.rows
            result.values += batch.values
    return result


@dataclass
class ReencryptBatch:
    last_pk: Any  # the last primary key read; None when no row was left after ``after``
    rows: int = 0  # rows written
    values: int = 0  # values re-encrypted


def reencrypt_batch(model: type[models.Model], *, after: Any, batch_size: int) -> ReencryptBatch:
    """Re-encrypt the values not under the newest key in the next ``batch_size`` rows of
    ``model`` after primary key ``after`` (from the first row when None), in one transaction."""
    fields = encrypted_fields(model)
    columns = [f.column for f in fields]
    raw = {
        f"raw_{i}": Cast(f.column, output_field=models.TextField()) for i, f in enumerate(fields)
    }
    rows = model._base_manager.order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    found = list(rows.annotate(**raw).values_list("pk", *raw)[:batch_size])
    if not found:
        return ReencryptBatch(last_pk=None)
    batch = ReencryptBatch(last_pk=found[-1][0])
    with transaction.atomic():
        for pk, *tokens in found:
            changed = _reencrypt_row(model, columns, raw, pk, tokens)
            if changed:
                batch.rows += 1
                batch.values += changed
    return batch


def _reencrypt_row(model, columns: list[str], raw: dict, pk, tokens: list) -> int:
    """Re-encrypt one row's values not under the newest key; returns how many were written.

    The row is written only if it still holds the tokens that were read (compare and set): a
    change saved by the application in the meantime is never overwritten with the older value.
    Such a row is read again and tried again; it is usually under the newest key by then.
    """
    for _attempt in range(5):
        update = {
            column: (token, rotate_token(token))
            for column, token in zip(columns, tokens, strict=True)
            if token is not None and not is_current_token(token)
        }
        if not update:
            return 0
        if _write(model, pk, update):
            return len(update)
        fresh = list(model._base_manager.filter(pk=pk).annotate(**raw).values_list(*raw)[:1])
        if not fresh:
            return 0  # deleted meanwhile
        tokens = list(fresh[0])
    raise RuntimeError(
        f"{model._meta.label} {pk} kept changing while it was re-encrypted; run the command again."
    )


def _write(model: type[models.Model], pk, values: dict[str, tuple[str, str]]) -> bool:
    """Write the new tokens where the row still holds the old ones. True if it did."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in values)
    unchanged = " AND ".join(f"{quote(column)} = %s" for column in values)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - names only
        f"WHERE {quote(model._meta.pk.column)} = %s AND {unchanged}"
    )
    params = [new for _old, new in values.values()] + [pk] + [old for old, _new in values.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1
