"""Passwords in the system keyring (service ``therapist-desk``), one per account name.

The account is the SMTP user for the mail server's password, and the server's
``ServerAddress.keyring_name()`` (``postgresql://user@host:port/database``) for a
practice server's. Where the system has no usable keyring, every function here says so
quietly (``None`` / ``False``) and the app asks for the password each time.
"""

from __future__ import annotations

SERVICE = "therapist-desk"


def _backend():  # type: ignore[no-untyped-def]
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop an email
        return None
    if isinstance(backend, fail.Keyring):
        return None
    return keyring


def keyring_available() -> bool:
    """Whether passwords can be kept in the system keyring on this computer."""
    return _backend() is not None


def get_password(user: str) -> str | None:
    """The stored password for the account ``user``, or ``None`` (none stored, or no
    keyring)."""
    keyring = _backend()
    if keyring is None or not user:
        return None
    try:
        return keyring.get_password(SERVICE, user)
    except Exception:
        return None


def store_password(user: str, password: str) -> bool:
    """Keep ``password`` for ``user`` in the keyring; whether it was kept."""
    keyring = _backend()
    if keyring is None or not user:
        return False
    try:
        keyring.set_password(SERVICE, user, password)
    except Exception:
        return False
    return True


def forget_password(user: str) -> None:
    """Remove a stored password (the server refused it, or the user asked not to keep
    it); quiet if there is none."""
    keyring = _backend()
    if keyring is None or not user:
        return
    try:
        keyring.delete_password(SERVICE, user)
    except Exception:
        return
