"""Typed user settings, declared once, stored as JSON in the data folder.

No Qt here. A missing file gives the defaults; a damaged or unreadable file is reported
and the defaults are used without overwriting it until the user saves new settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic
from therapist_desk.paths import settings_path

SCHEMA_VERSION = 2  # 2: email (SMTP server, sender, message templates)

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
    backup_count: int = Field(default=10, ge=1, le=365)
    # Email. The SMTP password is never here: it lives in the system keyring, or is asked.
    smtp_host: str = Field(default="", max_length=255)
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str = Field(default="", max_length=255)
    sender_address: str = Field(default="", max_length=255)
    email_subject_template: str = Field(default=DEFAULT_SUBJECT, max_length=300)
    email_body_template: str = Field(default=DEFAULT_BODY, max_length=5000)

    @field_validator("schema_version")
    @classmethod
    def _upgraded(cls, value: int) -> int:
        """An older file is read with the new fields' defaults and saved as the current one."""
        return max(value, SCHEMA_VERSION)


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
