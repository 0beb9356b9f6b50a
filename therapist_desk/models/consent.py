"""The practice's consent texts (one row per version) and what each person agreed to.

A `ConsentVersion` is never changed: editing the text in Settings adds the next
version. A `ConsentRecord` is one participant's agreement in one intake (or, at
position 0, the clinician's signature): the version agreed, the SHA-256 of its words
then, when, a withdrawal if any, and a drawn signature (its strokes as JSON, and a PNG).
"""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from therapist_desk.intake.consent import TEXT_MAX
from therapist_desk.models._base import UTCDateTime, utcnow

SIGNATURE_JSON_MAX = 400_000
SIGNATURE_PNG_MAX = 2_000_000


class ConsentVersion(SQLModel, table=True):
    """One version of the practice's consent text: the couples policy and its words."""

    __tablename__ = "consent_version"
    __table_args__ = (
        sa.CheckConstraint(
            "policy IN ('no_secrets', 'limited_secrets', 'secrets_kept')", name="policy"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(sa_column=sa.Column(sa.Integer, nullable=False, unique=True))
    policy: str = Field(max_length=32)
    text: str = Field(max_length=TEXT_MAX)
    sha256: str = Field(max_length=64)
    created_by: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsentRecord(SQLModel, table=True):
    """A participant's agreement (and signature) in one intake; position 0: the clinician."""

    __tablename__ = "consent_record"
    __table_args__ = (
        sa.UniqueConstraint("intake_id", "position", name="uq_consent_record_intake_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    intake_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("intake.id", ondelete="CASCADE"), nullable=False)
    )
    position: int
    version_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("consent_version.id"), nullable=False)
    )
    text_sha256: str = Field(max_length=64)
    agreed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    signature_json: str | None = Field(default=None, max_length=SIGNATURE_JSON_MAX)
    signature_png: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    signed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
