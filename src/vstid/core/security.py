"""Password hashing (argon2id), the password policy, and opaque tokens stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from vstid.core.i18n import N_
from vstid.core.text import fold

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "constant_time_equals",
    "hash_password",
    "hash_token",
    "needs_rehash",
    "new_token",
    "password_weakness",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200  # NIST SP 800-63B: allow at least 64; pass phrases are welcome
# zxcvbn's work grows with the length; what it can say about a password is in its first part.
_ZXCVBN_PREFIX = 64

# argon2id with the library's defaults (RFC 9106's second recommended option: 64 MiB, 3
# passes), about 0.1 s a check here. VSTID_PASSWORD_HASHING=fast, set by the test suite only,
# keeps argon2id but with the cheapest parameters, so two thousand tests that sign people in do
# not spend minutes hashing; a stored hash carries its own parameters, so a hash made either
# way verifies either way, and a sign-in upgrades a cheap hash (`needs_rehash`).
_FAST = os.environ.get("VSTID_PASSWORD_HASHING") == "fast"
_hasher = (
    PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) if _FAST else PasswordHasher()
)
# Verifying against a dummy hash when the user does not exist keeps timing uniform.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """API tokens are high-entropy, so a plain SHA-256 is enough and lets us look them up."""
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _context_words(email: str, name: str) -> list[str]:
    local = email.split("@", 1)[0]
    words = [local, *local.replace(".", " ").replace("_", " ").replace("-", " ").split()]
    words += name.split()
    return [fold(w) for w in words if len(w) >= 3]


def password_weakness(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a new password is refused (an N_ message id), or None. After NIST SP 800-63B: a
    length range, no composition rules, but no blank, common, breached or guessable password
    (zxcvbn's lists of leaked passwords, words, names, keyboard walks, sequences and repeats)
    and nothing built on the account's own e-mail address or name."""
    if not password.strip():
        return N_("a password cannot be only spaces")
    folded = fold(password)
    local = fold(email.split("@", 1)[0]).replace(" ", "")
    if len(local) >= 3 and local in folded.replace(" ", ""):
        return N_("the password must not contain your e-mail address")
    # whole words only: a name part "Văn" must not refuse "vanilla"
    if any(fold(part) in folded.split() for part in name.split() if len(part) >= 3):
        return N_("the password must not contain your name")
    verdict = zxcvbn(password[:_ZXCVBN_PREFIX], user_inputs=_context_words(email, name))
    if verdict["score"] < 2:
        return N_(
            "this password is too common or too easy to guess; a few unrelated words make a "
            "strong one"
        )
    return None
