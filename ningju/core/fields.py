"""Model fields for personal data encrypted at rest."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores SM4-GCM ciphertext; Python code sees plaintext.

    Never filter on it: pair it with a blind-index field (see `crypto.blind_index`).
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return crypto.decrypt(value) if crypto.is_ciphertext(value) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return ""
        if crypto.is_ciphertext(value):
            return value
        return crypto.encrypt(str(value))
