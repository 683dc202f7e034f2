"""Encryption of the few secrets the portal must read back (the TOTP keys and recovery-code seeds of allauth).

Fernet (AES-128-CBC with HMAC-SHA256) with keys derived from SECRET_KEY by HKDF, one per purpose. Keys
derived from SECRET_KEY_FALLBACKS still decrypt, so that the secret key can be rotated (Django's own
procedure); new values are always encrypted with the current key.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _fernet_key(secret: str, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"go-cluster", info=purpose.encode())
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def _fernet(purpose: str) -> MultiFernet:
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_fernet_key(secret, purpose)) for secret in secrets])


def encrypt(text: str, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(text.encode()).decode("ascii")


def decrypt(token: str, *, purpose: str) -> str:
    """The text; `InvalidToken` when the value was not encrypted with one of the keys for this purpose."""
    return _fernet(purpose).decrypt(token.encode("ascii")).decode()
