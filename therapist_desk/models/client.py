"""Clients (an individual or a couple) and the participants who make them up."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Field, Relationship, SQLModel

from therapist_desk.intake import limits
from therapist_desk.intake.answers import PARTICIPANT_COUNT
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.models._base import UTCDateTime, blank_to_none, utcnow
from therapist_desk.models.validation import (
    email_address,
    iso_date,
    phone_number,
    plausible_birth_date,
    required_text,
)


class ParticipantBase(SQLModel):
    """What the clinician records about one person."""

    name: str = Field(max_length=limits.NAME)
    preferred_name: str | None = Field(default=None, max_length=limits.PREFERRED_NAME)
    date_of_birth: dt.date | None = None
    pronouns: str | None = Field(default=None, max_length=limits.PRONOUNS)
    email: str | None = Field(default=None, max_length=limits.EMAIL)
    phone: str | None = Field(default=None, max_length=limits.PHONE)
    notes: str | None = Field(default=None, max_length=limits.PERSON_NOTES)

    @field_validator("preferred_name", "pronouns", "notes", mode="before")
    @classmethod
    def _optional_text(cls, value: Any) -> Any:
        return blank_to_none(value)

    @field_validator("date_of_birth", mode="before")
    @classmethod
    def _birth_text(cls, value: Any) -> Any:
        return iso_date(value)

    @field_validator("date_of_birth")
    @classmethod
    def _birth(cls, value: dt.date | None) -> dt.date | None:
        return plausible_birth_date(value)

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: Any) -> str | None:
        return email_address(value)

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> str | None:
        return phone_number(value)


class ParticipantCreate(ParticipantBase):
    """A new participant, as a form collects it; the name is required."""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return required_text(value, "a name")


class ParticipantUpdate(ParticipantBase):
    """Changes to a participant; fields left out are unchanged, a name may not be blanked."""

    name: str | None = Field(default=None, max_length=limits.NAME)  # type: ignore[assignment]

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str | None:
        return None if value is None else required_text(value, "a name")


class Participant(ParticipantBase, table=True):
    """One person of a client, at position 1 (or 2 in a couple)."""

    __tablename__ = "participant"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "position", name="uq_participant_client_position"),
        sa.CheckConstraint("position IN (1, 2)", name="position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False)
    )
    position: int
    client: "Client" = Relationship(back_populates="participants")


class ClientBase(SQLModel):
    """Whether the client is an individual or a couple."""

    kind: IntakeKind = Field(sa_type=sa.String(16))


class ClientCreate(ClientBase):
    """A new client with its participants: one for an individual, two for a couple."""

    participants: list[ParticipantCreate]

    @field_validator("participants")
    @classmethod
    def _count(cls, value: list[ParticipantCreate], info: ValidationInfo) -> list:
        kind = info.data.get("kind")
        expected = PARTICIPANT_COUNT.get(kind) if kind else None
        if expected is not None and len(value) != expected:
            message = (
                "An individual client has exactly one person."
                if expected == 1
                else "A couple has exactly two people."
            )
            raise PydanticCustomError("participant_count", message)
        return value


class Client(ClientBase, table=True):
    """An individual or a couple; ``reference`` is an opaque id safe for audit rows."""

    __tablename__ = "client"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('individual', 'couple')", name="kind"),
        sa.Index("ix_client_activity_search", "last_activity_at", "search_key", "archived_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=32, unique=True)
    display_name: str = Field(max_length=300)
    search_key: str = Field(max_length=600)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_activity_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    archived_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    assigned_to: str | None = Field(default=None, max_length=63)
    """The login role of the clinician whose client it is on a practice server (filled
    by the server: the one who created it, until the practice admin reassigns it);
    ``None`` in the embedded file, which has one user."""
    participants: list[Participant] = Relationship(
        back_populates="client",
        sa_relationship_kwargs={
            "order_by": "Participant.position",
            "cascade": "all, delete-orphan",
            "passive_deletes": True,
        },
    )


class ClientSummary(SQLModel):
    """One line of the client list: enough to show, sort and open a client."""

    id: int
    reference: str
    kind: IntakeKind
    display_name: str
    last_activity_at: dt.datetime
    archived: bool
