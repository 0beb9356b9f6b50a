"""What the engine produced when an intake was completed, and the clinician's decision.

Snapshots are stored as JSON exactly as produced, with the versions that produced them,
so an old intake reads the same after the catalogue or the rules change.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from therapist_desk.intake import limits
from therapist_desk.models._base import UTCDateTime, blank_to_none, utcnow
from therapist_desk.models.validation import required_text

THERAPY_ORDERS = ("individual_first", "concurrent", "relationship_first")


def _intake_fk(unique: bool) -> Any:
    return Field(
        sa_column=sa.Column(
            sa.ForeignKey("intake.id", ondelete="CASCADE"), nullable=False, unique=unique
        )
    )


class ScoreSnapshot(SQLModel, table=True):
    """The measure scores of a completed intake, as JSON."""

    __tablename__ = "score_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    intake_id: int = _intake_fk(unique=True)
    catalogue_version: str = Field(max_length=32)
    scores_json: str
    taken_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RecommendationSnapshot(SQLModel, table=True):
    """The suggested order with its reasons for a completed intake, as JSON."""

    __tablename__ = "recommendation_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    intake_id: int = _intake_fk(unique=True)
    ruleset_version: str = Field(max_length=32)
    recommendation_json: str
    taken_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DecisionBase(SQLModel):
    """The clinician's final order; a different order from the suggestion needs a reason."""

    suggested_order: str = Field(max_length=32)
    final_order: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=limits.DECISION_REASON)
    decided_by: str = Field(max_length=limits.CLINICIAN)

    @field_validator("suggested_order", "final_order")
    @classmethod
    def _order(cls, value: str) -> str:
        if value not in THERAPY_ORDERS:
            raise PydanticCustomError(
                "therapy_order", "Choose individual first, concurrent or relationship first."
            )
        return value

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, value: Any) -> Any:
        return blank_to_none(value)

    @field_validator("decided_by", mode="before")
    @classmethod
    def _decided_by(cls, value: Any) -> str:
        return required_text(value, "the clinician's name")


class DecisionCreate(DecisionBase):
    """A decision about one completed intake."""

    intake_id: int

    @model_validator(mode="after")
    def _override_needs_reason(self) -> "DecisionCreate":
        if self.final_order != self.suggested_order and not self.reason:
            raise PydanticCustomError(
                "override_reason", "Give a reason for choosing a different order."
            )
        return self


class Decision(DecisionBase, table=True):
    """The clinician's decision on a completed intake: accepted, or overridden with reason."""

    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    intake_id: int = _intake_fk(unique=True)
    accepted: bool
    decided_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
