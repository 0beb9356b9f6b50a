"""Security: what unlocks the app, and encrypting the practice at rest."""

from __future__ import annotations

import hmac

from therapist_desk.services.practice import Practice
from therapist_desk.settings import pin_matches
from therapist_desk.store import driver
from therapist_desk.store.encryption import change_encryption as rewrite_encrypted

HINTS = {
    (True, True): "Client data is hidden. Type the database passphrase or your PIN.",
    (True, False): "Client data is hidden. Type the database passphrase.",
    (False, True): "Client data is hidden. Type your PIN.",
    (False, False): "Client data is hidden. Type your PIN.",
}


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot encrypt a practice (too short, …), or None if it can."""
    return driver.check_passphrase(passphrase)


def is_passphrase(*, practice: Practice, secret: str) -> bool:
    """Whether ``secret`` is the open database's passphrase (constant-time)."""
    key = practice.database.key
    return key is not None and hmac.compare_digest(secret.encode(), key.encode())


def unlocks(*, practice: Practice, secret: str) -> bool:
    """Whether ``secret`` unlocks the app: the database passphrase, or the lock PIN."""
    pin = practice.settings.lock_pin_hash
    return is_passphrase(practice=practice, secret=secret) or (
        bool(pin) and pin_matches(secret, pin)
    )


def can_lock(*, practice: Practice) -> bool:
    """Whether anything can unlock the app (locking without it would lock you out)."""
    return practice.database.encrypted or bool(practice.settings.lock_pin_hash)


def unlock_hint(*, practice: Practice) -> str:
    """What to type on the lock screen."""
    return HINTS[(practice.database.encrypted, bool(practice.settings.lock_pin_hash))]


def change_encryption(*, practice: Practice, new_key: str | None) -> str:
    """Rewrite the database and its backups with ``new_key`` (None: unencrypted) (slow).

    The practice then uses the rewritten database. Returns a sentence saying what was
    done; raises `UserError` when it was not done.
    """
    changed, skipped = rewrite_encrypted(
        practice.database, new_key, keep_backups=practice.settings.backup_count
    )
    practice.database = changed
    done = (
        "The database and its backups are now encrypted with the new passphrase."
        if new_key
        else "The database and its backups are no longer encrypted."
    )
    for backup, reason in skipped:
        done += f" The backup {backup.name} was left as it was: {reason}"
    return done
