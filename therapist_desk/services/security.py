"""Security: what unlocks the app, and encrypting the practice at rest.

On a practice server there is no passphrase of a file: the lock takes the PIN, or,
where no PIN is set, the clinician's password for the server, checked by connecting.
"""

from __future__ import annotations

import hmac

from therapist_desk.services.practice import Practice
from therapist_desk.settings import pin_matches
from therapist_desk.store import driver
from therapist_desk.store.encryption import change_encryption as rewrite_encrypted
from therapist_desk.store.server import password_accepted

HINTS = {
    (True, True): "Client data is hidden. Type the database passphrase or your PIN.",
    (True, False): "Client data is hidden. Type the database passphrase.",
    (False, True): "Client data is hidden. Type your PIN.",
    (False, False): "Client data is hidden. Type your PIN.",
}
SERVER_PASSWORD_HINT = "Client data is hidden. Type your password for the practice server."
REFUSALS = {  # what a wrong try is told: no more than the lock asked for
    (True, True): "That is not the passphrase or PIN. Try again.",
    (True, False): "That is not the passphrase. Try again.",
    (False, True): "That is not the PIN. Try again.",
    (False, False): "That is not the PIN. Try again.",
}
SERVER_PASSWORD_REFUSAL = "That is not your password for the practice server. Try again."


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


def takes_server_password(*, practice: Practice) -> bool:
    """Whether the lock takes the practice server's password (on a server, no PIN set)."""
    return practice.on_server and not practice.settings.lock_pin_hash


def server_password_unlocks(*, practice: Practice, secret: str) -> bool:
    """Whether ``secret`` is this clinician's password for the practice server (slow: it
    connects to ask). Where the server cannot be reached just now, the password the app
    connected with is the one compared (constant-time), so the lock still opens."""
    address = practice.database.server
    if address is None or not secret:
        return False
    accepted = password_accepted(address, secret)
    if accepted is not None:
        return accepted
    known = practice.database.engine.url.password
    return known is not None and hmac.compare_digest(secret.encode(), str(known).encode())


def can_lock(*, practice: Practice) -> bool:
    """Whether anything can unlock the app (locking without it would lock you out)."""
    return (
        practice.database.encrypted or bool(practice.settings.lock_pin_hash) or practice.on_server
    )


def unlock_hint(*, practice: Practice) -> str:
    """What to type on the lock screen."""
    if takes_server_password(practice=practice):
        return SERVER_PASSWORD_HINT
    return HINTS[(practice.database.encrypted, bool(practice.settings.lock_pin_hash))]


def refusal(*, practice: Practice) -> str:
    """What the lock screen says to a wrong try, in the words of `unlock_hint`."""
    if takes_server_password(practice=practice):
        return SERVER_PASSWORD_REFUSAL
    return REFUSALS[(practice.database.encrypted, bool(practice.settings.lock_pin_hash))]


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
