"""The SQLite driver: the standard library's for plain files, SQLCipher's for encrypted ones.

An encrypted database is an SQLCipher 4 file (AES-256, a key derived from the passphrase
with PBKDF2-HMAC-SHA512). SQLCipher is imported only when a passphrase is used, so a
plain practice starts as fast as before. Everything in ``store`` that opens a file
directly (inspection, backups, erasing from backups) goes through `connect`, and catches
`Errors` rather than ``sqlite3.Error`` alone.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE_MIN = 8


def sqlcipher() -> Any:
    """The SQLCipher DB-API module, imported on first use."""
    from sqlcipher3 import dbapi2

    return dbapi2


def errors(*also: type[Exception]) -> tuple[type[Exception], ...]:
    """The driver errors to catch (sqlite3's, and SQLCipher's once imported), and ``also``."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    found = (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)
    return (*found, *also)


def quote(passphrase: str) -> str:
    """``passphrase`` as an SQL string literal (quotes doubled) for ``PRAGMA key``."""
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(connection: Any, key: str) -> None:
    """Unlock an SQLCipher connection with ``key``, before anything else reads the file.

    SQLCipher logs to stderr by default (a wrong passphrase prints "hmac check failed");
    that is switched off: the app reports problems in its own words.
    """
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {quote(key)}")


def connect(target: Path | str, key: str | None = None, *, uri: bool = False, **kwargs: Any) -> Any:
    """A DB-API connection to ``target``: SQLCipher unlocked with ``key``, or plain sqlite3."""
    if key is None:
        return sqlite3.connect(target, uri=uri, **kwargs)
    connection = sqlcipher().connect(str(target), uri=uri, **kwargs)
    try:
        apply_key(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` starts with the plain SQLite header (an encrypted file does not)."""
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def could_be_encrypted(path: Path) -> bool:
    """Whether a file without the SQLite header has the shape of an SQLCipher database.

    SQLCipher files are whole pages of random-looking bytes (4096 by default, at least
    512), so a truncated download, a text file or a file of zeros is told apart from an
    encrypted database without asking for a passphrase that cannot help.
    """
    size = path.stat().st_size
    if size < 512 or size % 512:
        return False
    with path.open("rb") as fh:
        head = fh.read(512)
    return len(set(head)) > 64  # random bytes; zeros or text use far fewer values


def check_passphrase(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot be used (a sentence to show), or ``None`` if it can."""
    if len(passphrase) < PASSPHRASE_MIN:
        return f"Use at least {PASSPHRASE_MIN} characters for the passphrase."
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in passphrase):
        return "The passphrase cannot contain control characters (such as tab or newline)."
    if passphrase != passphrase.strip():
        return "The passphrase cannot start or end with a space."
    return None
