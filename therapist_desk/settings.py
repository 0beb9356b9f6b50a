"""Typed user settings, declared once, stored as JSON in the data folder.

No Qt here. A missing file gives the defaults; a damaged or unreadable file is reported
and the defaults are used without overwriting it until the user saves new settings.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic
from therapist_desk.paths import settings_path

SCHEMA_VERSION = 6
"""2: email (SMTP server, sender, message templates); 3: auto-lock; 4: appearance, and the
room (the practice's crisis text, which sections are asked alone, a handover under way);
5: sealing the clinician's PDF; 6: the practice server (where it is, who connects, and
whether the app opens it; its password is in the system keyring, never here)."""

DEFAULT_SUBJECT = "Your consultation summary — {practice}"
DEFAULT_BODY = (
    "Dear {client_first_names},\n\n"
    "Please find attached the summary of our first consultation.\n\n"
    "Kind regards,\n{clinician}\n{practice}\n"
)


class Settings(BaseModel):
    """Everything the user can set, with its default."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    practice_name: str = Field(default="", max_length=200)
    clinician_name: str = Field(default="", max_length=200)
    clinician_credentials: str = Field(default="", max_length=200)
    logo_path: str = Field(default="", max_length=1000)
    default_pdf_variant: Literal["client", "clinician"] = "client"
    text_scale: float = Field(default=1.0, ge=0.8, le=2.0)
    # "system" follows the desktop; "light" and "dark" are the app's own, whatever it says.
    appearance: Literal["system", "light", "dark"] = "system"
    backup_count: int = Field(default=10, ge=1, le=365)
    # Email. The SMTP password is never here: it lives in the system keyring, or is asked.
    smtp_host: str = Field(default="", max_length=255)
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str = Field(default="", max_length=255)
    sender_address: str = Field(default="", max_length=255)
    email_subject_template: str = Field(default=DEFAULT_SUBJECT, max_length=300)
    email_body_template: str = Field(default=DEFAULT_BODY, max_length=5000)
    # Auto-lock: after this many idle minutes (0: never) client data is hidden until the
    # database passphrase or the PIN is typed. Only a salted scrypt hash of the PIN is kept.
    autolock_minutes: int = Field(default=10, ge=0, le=240)
    lock_pin_hash: str = Field(default="", max_length=300)
    # The room. The crisis text is the practice's own (numbers, who to call), shown to
    # the clinician with a safety answer; empty until the practice writes it.
    crisis_text: str = Field(default="", max_length=2000)
    asked_alone: dict[str, bool] = Field(default_factory=dict)
    """The practice's choice of which sections are put to one partner alone (by id)."""
    review_after_reassessments: int = Field(default=3, ge=1, le=20)
    """Re-assessments with no reliable improvement before the clinician is asked to review."""
    handover_active: bool = False
    """The device was handed to a partner and not yet handed back: the next start locks."""
    seal_clinician_pdf: bool = False
    """Seal every clinician version with the practice's key (PAdES), so a change shows."""
    # The practice server: a group practice's PostgreSQL database, reached as this
    # clinician's own login. The password is never here: it lives in the system keyring
    # (under the server's address), or is asked at each start.
    use_server: bool = False
    """Open the practice server at start, rather than the file on this computer."""
    server_host: str = Field(default="", max_length=255)
    server_port: int = Field(default=5432, ge=1, le=65535)
    server_database: str = Field(default="therapist_desk", min_length=1, max_length=63)
    server_user: str = Field(default="", max_length=63)
    server_sslmode: Literal[
        "", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"
    ] = ""
    """The TLS mode ("" is the default: the certificate verified for any host but this one)."""
    server_sslrootcert: str = Field(default="", max_length=1000)
    """The practice's CA certificate file, if its server's is not signed by a public one."""

    @field_validator("schema_version")
    @classmethod
    def _upgraded(cls, value: int) -> int:
        """An older file is read with the new fields' defaults and saved as the current one."""
        return max(value, SCHEMA_VERSION)


PIN_LENGTH = (4, 12)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def check_pin(pin: str) -> str | None:
    """Why ``pin`` cannot be a lock PIN (a sentence), or ``None`` if it can."""
    low, high = PIN_LENGTH
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return f"A PIN is {low} to {high} digits (0-9)."
    return None


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of ``pin``, to keep in the settings instead of the PIN."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN whose hash is ``stored`` (constant-time comparison)."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt" or not pin:
        return False
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return hmac.compare_digest(digest, expected)


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: the data folder), or the defaults if none."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as err:
        raise UserError(
            f"The settings file {path} cannot be read ({type(err).__name__}). "
            "Fix or delete it to return to the defaults."
        ) from None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically (temp file, fsync, rename), mode 0600."""
    path = path or settings_path()
    payload = settings.model_dump_json(indent=2).encode("utf-8")
    write_private_atomic(path, payload, what="the settings")
