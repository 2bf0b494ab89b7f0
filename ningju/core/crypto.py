"""The one crypto interface: SM3 hashing, SM4-GCM field encryption, HMAC-SM3 blind indexes.

Everything that encrypts or hashes personal data goes through this module so that the
software implementation (OpenSSL through `cryptography`) can later be swapped for a
certified device (SDF interface) without touching models or views.

Ciphertext format: ``sm4g1:<key id>:<base64(nonce | ciphertext | tag)>``. The key id lets
``ningju rotate_field_key`` re-encrypt rows under a new key while old rows stay readable.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "sm4g1"


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


@dataclass(frozen=True)
class FieldKey:
    key_id: str
    secret: bytes


@lru_cache(maxsize=4)
def _keys(configured: tuple[str, ...], secret_key: str) -> tuple[FieldKey, ...]:
    raw: list[bytes] = []
    for value in configured:
        try:
            key = bytes.fromhex(value.strip())
        except ValueError as exc:
            raise ImproperlyConfigured("NINGJU_FIELD_KEYS must be 32 hex characters") from exc
        if len(key) != 16:
            raise ImproperlyConfigured("NINGJU_FIELD_KEYS must be 32 hex characters")
        raw.append(key)
    if not raw:
        if not secret_key:
            raise ImproperlyConfigured("DJANGO_SECRET_KEY is required to derive the field key")
        # Derived deterministically so production needs no extra variable; a dedicated key
        # (ideally held in a crypto device) is configured through NINGJU_FIELD_KEYS.
        raw.append(bytes.fromhex(sm3_hex(b"ningju-field-key:" + secret_key.encode()))[:16])
    return tuple(FieldKey(key_id=sm3_hex(k)[:8], secret=k) for k in raw)


def field_keys() -> tuple[FieldKey, ...]:
    """Active key first; older keys follow and are used only for decryption."""
    return _keys(tuple(settings.NINGJU_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(plaintext: str) -> str:
    key = field_keys()[0]
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(key.secret), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    blob = base64.b64encode(nonce + body + encryptor.tag).decode()
    return f"{PREFIX}:{key.key_id}:{blob}"


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def decrypt(token: str) -> str:
    prefix, key_id, blob = token.split(":", 2)
    if prefix != PREFIX:
        raise ValueError("not a Ningju ciphertext")
    for key in field_keys():
        if key.key_id == key_id:
            raw = base64.b64decode(blob)
            nonce, body, tag = raw[:12], raw[12:-16], raw[-16:]
            decryptor = Cipher(algorithms.SM4(key.secret), modes.GCM(nonce, tag)).decryptor()
            return (decryptor.update(body) + decryptor.finalize()).decode()
    raise ValueError(f"no field key with id {key_id}")


def current_key_id() -> str:
    return field_keys()[0].key_id


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed, deterministic digest for equality lookup on encrypted values."""
    if not value:
        return ""
    mac = hmac.HMAC(field_keys()[0].secret, hashes.SM3())
    mac.update(purpose.encode() + b"\x00" + value.strip().upper().encode())
    return mac.finalize().hex()[:32]


def file_digest(data: bytes) -> str:
    """Content digest for uploaded files (not security-critical, used for dedupe)."""
    return hashlib.sha256(data).hexdigest()
