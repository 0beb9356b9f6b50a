"""Intakes (one consultation's structured questionnaire) and the answers given in them."""

import datetime as dt
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import field_validator
from sqlmodel import Field, SQLModel

from therapist_desk.intake import limits
from therapist_desk.models._base import UTCDateTime, blank_to_none, utcnow
from therapist_desk.models.validation import required_text

ASKED_ALONE_MAX = 4000


def asked_alone_text(value: Any) -> str | None:
    """``{section id: bool}`` (a mapping, or its JSON text) as the JSON an intake keeps."""
    if value is None:
        return None
    data = json.loads(value) if isinstance(value, str) else value
    if not isinstance(data, Mapping) or not all(
        isinstance(k, str) and isinstance(v, bool) for k, v in data.items()
    ):
        raise ValueError("which sections are asked alone: a mapping of section ids to true/false")
    return json.dumps(dict(data), separators=(",", ":"))


def asked_alone_of(text: str | None) -> dict[str, bool] | None:
    """The choices kept as ``asked_alone_json`` (None: none were recorded)."""
    if text is None:
        return None
    data = json.loads(text)
    return {str(k): v is True for k, v in data.items()} if isinstance(data, dict) else None


def present_text(value: Any) -> str | None:
    """Who came, as positions (a list, or its JSON text), as the JSON an intake keeps."""
    if value is None:
        return None
    data = json.loads(value) if isinstance(value, str) else list(value)
    if (
        not isinstance(data, list)
        or not data
        or not all(isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in data)
    ):
        raise ValueError("who came: a list of participant positions (1, 2)")
    return json.dumps(sorted(set(data)), separators=(",", ":"))


def present_of(text: str | None) -> tuple[int, ...] | None:
    """The positions kept as ``present_json`` (None: everyone came)."""
    if text is None:
        return None
    data = json.loads(text)
    return tuple(int(p) for p in data) if isinstance(data, list) else None


class IntakeMode(StrEnum):
    """Where the consultation takes place."""

    IN_PERSON = "in_person"
    VIDEO = "video"


class IntakePurpose(StrEnum):
    """A first consultation, or a re-assessment of a client seen before."""

    FIRST = "first"
    REASSESSMENT = "reassessment"


class IntakeStatus(StrEnum):
    """A draft is still being answered; a completed intake is never edited in place."""

    DRAFT = "draft"
    COMPLETED = "completed"


class IntakeBase(SQLModel):
    """What the clinician sets when an intake starts."""

    date: dt.date = Field(default_factory=dt.date.today)
    clinician: str = Field(max_length=limits.CLINICIAN)
    mode: IntakeMode = Field(default=IntakeMode.IN_PERSON, sa_type=sa.String(16))
    catalogue_version: str = Field(max_length=32)
    ruleset_version: str = Field(max_length=32)
    purpose: IntakePurpose = Field(
        default=IntakePurpose.FIRST,
        sa_type=sa.String(16),
        sa_column_kwargs={"server_default": "first"},
    )
    """A re-assessment asks the measures and safety questions again (schema 0008)."""
    notes: str | None = Field(default=None, max_length=limits.INTAKE_NOTES)
    """Session notes written by the clinician (private: only the clinician's PDF shows them)."""
    asked_alone_json: str | None = Field(default=None, max_length=ASKED_ALONE_MAX)
    """Which sections this intake puts to each partner alone, as JSON ``{section id: true
    or false}``: the practice's choices (Settings › The room) recorded when it starts, so
    its documents keep them whatever the settings say later. None: an intake from before
    they were recorded (schema 0007), read as the more private of shipped and today's."""

    present_json: str | None = Field(default=None, max_length=64)
    """The positions of the participants who came, as JSON (``[1]``: a couple's first
    partner only; schema 0010). None: everyone (every intake before it was recorded)."""

    @field_validator("present_json", mode="before")
    @classmethod
    def _present(cls, value: Any) -> str | None:
        return present_text(value)

    @field_validator("asked_alone_json", mode="before")
    @classmethod
    def _asked_alone(cls, value: Any) -> str | None:
        return asked_alone_text(value)

    @field_validator("notes", mode="before")
    @classmethod
    def _optional_notes(cls, value: Any) -> Any:
        return blank_to_none(value)

    @field_validator("clinician", mode="before")
    @classmethod
    def _clinician(cls, value: Any) -> str:
        return required_text(value, "the clinician's name")


class IntakeCreate(IntakeBase):
    """A new intake for an existing client."""

    client_id: int


class Intake(IntakeBase, table=True):
    """One intake of a client; an amendment is a new intake pointing at the one it amends.

    A *re-evaluation* (``reevaluation``) is an amendment with the same answers, completed
    at once under a newer ruleset or catalogue; the original keeps its own result.

    ``current_section`` and ``current_participant`` say where answering stopped, so a
    draft resumes there after a crash.
    """

    __tablename__ = "intake"
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'completed')", name="status"),
        sa.CheckConstraint("mode IN ('in_person', 'video')", name="mode"),
        sa.Index("ix_intake_client_status", "client_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False)
    )
    status: IntakeStatus = Field(default=IntakeStatus.DRAFT, sa_type=sa.String(16))
    amends_intake_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.ForeignKey("intake.id", ondelete="CASCADE"), nullable=True),
    )
    amended_by: str | None = Field(default=None, max_length=120)
    reevaluation: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    current_section: str | None = Field(default=None, max_length=64)
    current_participant: int | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    completed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class Answer(SQLModel, table=True):
    """One answer: to an item, by a participant (or for the relationship when None).

    ``value_json`` holds the value as JSON text (a number, text, yes/no or a list).
    Saving the same item again replaces the value.
    """

    __tablename__ = "answer"
    __table_args__ = (
        sa.Index("ix_answer_intake_id", "intake_id"),  # one intake's answers (0004)
        sa.Index(
            "uq_answer_participant_item",
            "intake_id",
            "participant_id",
            "item_id",
            unique=True,
            sqlite_where=sa.text("participant_id IS NOT NULL"),
            postgresql_where=sa.text("participant_id IS NOT NULL"),
        ),
        sa.Index(
            "uq_answer_relationship_item",
            "intake_id",
            "item_id",
            unique=True,
            sqlite_where=sa.text("participant_id IS NULL"),
            postgresql_where=sa.text("participant_id IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    intake_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("intake.id", ondelete="CASCADE"), nullable=False)
    )
    participant_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.ForeignKey("participant.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    item_id: str = Field(max_length=64)
    value_json: str = Field(max_length=4000)
    answered_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
