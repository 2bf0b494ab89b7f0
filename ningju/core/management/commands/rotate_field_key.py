"""Re-encrypt personal data under the newest field key.

Procedure: put the new key first in NINGJU_FIELD_KEYS (keep the old ones after it), restart
the app servers, run this command, then remove the old keys once it reports nothing left.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from ningju.core import audit, crypto
from ningju.core.fields import EncryptedTextField


def _encrypted_models() -> list[tuple[Any, list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def _stale(model: Any, names: list[str]) -> list[int]:
    """Rows with a value under an older key, read from the raw column."""
    table = connection.ops.quote_name(model._meta.db_table)
    prefix = f"{crypto.PREFIX}:{crypto.current_key_id()}:"
    ids: set[int] = set()
    with connection.cursor() as cursor:
        for name in names:
            column = connection.ops.quote_name(model._meta.get_field(name).column)
            cursor.execute(
                f"SELECT id FROM {table} WHERE {column} <> '' AND {column} NOT LIKE %s",  # noqa: S608
                [prefix + "%"],
            )
            ids.update(row[0] for row in cursor.fetchall())
    return sorted(ids)


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the current (first) NINGJU_FIELD_KEYS key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, names in _encrypted_models():
            indexes: dict[str, tuple[str, str]] = getattr(model, "BLIND_INDEXES", {})
            ids = _stale(model, names)
            for start in range(0, len(ids), options["batch"]):
                with transaction.atomic():
                    for obj in model.objects.select_for_update().filter(
                        pk__in=ids[start : start + options["batch"]]
                    ):
                        for index, (source, purpose) in indexes.items():
                            setattr(
                                obj,
                                index,
                                crypto.blind_index(getattr(obj, source), purpose=purpose),
                            )
                        # Plaintext in memory; saving encrypts it under the current key.
                        obj.save(update_fields=[*names, *indexes])
            total += len(ids)
            self.stdout.write(f"{model._meta.label}: {len(ids)} row(s) re-encrypted")
        audit.record(
            action="security.field_key_rotated",
            object_type="core.fieldkey",
            object_id=crypto.current_key_id(),
            after={"rows": total},
        )
        self.stdout.write(f"done: {total} row(s) now under key {crypto.current_key_id()}")
