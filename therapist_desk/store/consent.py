"""The practice's consent versions and each intake's agreements and signatures.

A version is never changed: saving different words or another policy adds the next
version. An agreement, a withdrawal and a signature are written to a draft only (a
completed intake is frozen); a withdrawal is final for that intake.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlmodel import Session, col, select

from therapist_desk.intake.consent import Policy, Stroke, check_text, signature_problem, text_digest
from therapist_desk.models import ConsentRecord, ConsentVersion, Intake
from therapist_desk.models._base import utcnow
from therapist_desk.store.errors import NotFoundError
from therapist_desk.store.intakes import _draft

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ConsentError(ValueError):
    """A consent change that cannot be made, with a sentence saying why."""


def current_version(*, session: Session) -> ConsentVersion | None:
    """The practice's latest consent version (None: the template was never reviewed)."""
    statement = select(ConsentVersion).order_by(col(ConsentVersion.number).desc())
    return session.exec(statement).first()


def first_version(*, session: Session) -> ConsentVersion | None:
    """The practice's first consent version: since then it asks for consent."""
    return session.exec(select(ConsentVersion).order_by(col(ConsentVersion.number))).first()


def get_version(*, session: Session, version_id: int) -> ConsentVersion:
    """The consent version with ``version_id``."""
    version = session.get(ConsentVersion, version_id)
    if version is None:
        raise NotFoundError(f"Consent version {version_id} does not exist.")
    return version


def save_version(*, session: Session, policy: Policy, text: str, actor: str) -> ConsentVersion:
    """Keep ``policy`` and ``text`` as the next version (the current one if unchanged); commit."""
    problem = check_text(text)
    if problem:
        raise ConsentError(problem)
    current = current_version(session=session)
    digest = text_digest(policy, text)
    if current is not None and current.sha256 == digest:
        return current
    version = ConsentVersion(
        number=(current.number + 1) if current else 1,
        policy=policy.value,
        text=text,
        sha256=digest,
        created_by=actor[:200],
    )
    session.add(version)
    session.commit()
    return version


def records(*, session: Session, intake_id: int) -> list[ConsentRecord]:
    """The intake's consent records, by position (0, the clinician, first)."""
    statement = (
        select(ConsentRecord)
        .where(ConsentRecord.intake_id == intake_id)
        .order_by(col(ConsentRecord.position))
    )
    return list(session.exec(statement).all())


def _record(
    session: Session, intake: Intake, position: int, version: ConsentVersion
) -> ConsentRecord:
    found = session.exec(
        select(ConsentRecord).where(
            ConsentRecord.intake_id == intake.id, ConsentRecord.position == position
        )
    ).first()
    if found is not None:
        return found
    assert intake.id is not None and version.id is not None
    return ConsentRecord(
        intake_id=intake.id, position=position, version_id=version.id, text_sha256=version.sha256
    )


def agree(
    *, session: Session, intake_id: int, position: int, version: ConsentVersion
) -> ConsentRecord:
    """Record that the participant at ``position`` agreed to ``version``, now; commit."""
    intake = _draft(session, intake_id)
    record = _record(session, intake, position, version)
    if record.withdrawn_at is not None:
        raise ConsentError(
            "Consent was withdrawn in this intake; it asks nothing more. Start a new "
            "intake if the clients want to go on."
        )
    if record.agreed_at is None:
        assert version.id is not None
        record.version_id, record.text_sha256, record.agreed_at = (
            version.id,
            version.sha256,
            utcnow(),
        )
    session.add(record)
    session.commit()
    return record


def withdraw(*, session: Session, intake_id: int, position: int) -> ConsentRecord:
    """Record that the participant at ``position`` withdrew their consent, now; commit."""
    _draft(session, intake_id)
    record = session.exec(
        select(ConsentRecord).where(
            ConsentRecord.intake_id == intake_id, ConsentRecord.position == position
        )
    ).first()
    if record is None or record.agreed_at is None:
        raise ConsentError("There is no agreement to withdraw.")
    if record.withdrawn_at is None:
        record.withdrawn_at = utcnow()
        session.add(record)
        session.commit()
    return record


def sign(
    *,
    session: Session,
    intake_id: int,
    position: int,
    version: ConsentVersion,
    strokes: Sequence[Stroke],
    png: bytes,
) -> ConsentRecord:
    """Keep a drawn signature (its strokes and image) for ``position``; commit.

    An empty pad, or an image that is not a PNG, is refused (`ConsentError`).
    """
    problem = signature_problem(strokes)
    if problem:
        raise ConsentError(problem)
    if not png.startswith(PNG_MAGIC):
        raise ConsentError("The signature's image is not a PNG.")
    intake = _draft(session, intake_id)
    record = _record(session, intake, position, version)
    record.signature_json = json.dumps(
        [[[round(float(x), 1), round(float(y), 1)] for x, y in stroke] for stroke in strokes],
        separators=(",", ":"),
    )
    record.signature_png, record.signed_at = png, utcnow()
    session.add(record)
    session.commit()
    return record


def copy_records(*, session: Session, from_intake: int, to_intake: int) -> None:
    """Copy an intake's consent records to its amendment (no commit): the consent given
    stays with the answers it was given for."""
    for r in records(session=session, intake_id=from_intake):
        session.add(ConsentRecord(**r.model_dump(exclude={"id", "intake_id"}), intake_id=to_intake))
