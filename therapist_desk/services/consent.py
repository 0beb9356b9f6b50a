"""Consent: the practice's text (Settings › Consent) and each intake's agreements.

The text is the practice's own: until it is saved once (reviewed), the template for the
chosen policy is shown and nobody can agree to it. Saving different words or another
policy keeps a new version; an intake keeps the version its participants agreed to.
Each agreement records the time, the version and the SHA-256 of its words; a drawn
signature keeps its strokes and an image. A withdrawal stops the intake: no answer is
saved after it, and what was answered stays, marked in the documents.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.intake.consent import CLINICIAN_POSITION, Policy, Stroke, template, waiting_for
from therapist_desk.models import ConsentRecord, ConsentVersion
from therapist_desk.models.intake import present_of
from therapist_desk.services.practice import Practice
from therapist_desk.store import clients as store_clients
from therapist_desk.store import consent as store
from therapist_desk.store import intakes as store_intakes

NOT_REVIEWED = (
    "The practice's consent text has not been reviewed yet: read it in Settings › "
    "Consent, change what your practice does differently, and save it before the first "
    "agreement."
)


@dataclass(frozen=True)
class ConsentText:
    """A version of the practice's consent text (``number`` None: the unreviewed template)."""

    policy: Policy
    text: str
    sha256: str = ""
    number: int | None = None
    created_at: datetime | None = None

    @property
    def reviewed(self) -> bool:
        """Whether the practice saved these words (only then can anyone agree to them)."""
        return self.number is not None


@dataclass(frozen=True)
class PersonConsent:
    """One person's agreement and signature in an intake (position 0: the clinician)."""

    position: int
    name: str
    agreed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    version: int | None = None
    text_sha256: str = ""
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()
    signature_png: bytes | None = None
    signed_at: datetime | None = None

    @property
    def agreed(self) -> bool:
        """Agreed and not withdrawn."""
        return self.agreed_at is not None and self.withdrawn_at is None


@dataclass(frozen=True)
class IntakeConsent:
    """An intake's consent: the text it is asked with, and each person's part."""

    text: ConsentText
    people: tuple[PersonConsent, ...]
    clinician: PersonConsent
    couple: bool
    asked: bool = True
    """Whether the intake began once the practice asked for consent (or has a record):
    an older intake's documents have no consent section, and read as they did."""

    def person(self, position: int) -> PersonConsent:
        """The consent of the participant at ``position``."""
        return next(p for p in self.people if p.position == position)

    @property
    def waiting_for(self) -> list[int]:
        """The partners the part asked alone waits for (a couple: both must agree)."""
        agreed = [p.position for p in self.people if p.agreed]
        return waiting_for([p.position for p in self.people], agreed, couple=self.couple)

    @property
    def withdrawn(self) -> PersonConsent | None:
        """The first person who withdrew consent, if anyone did."""
        return next((p for p in self.people if p.withdrawn_at is not None), None)


def _text_of(version: ConsentVersion | None, practice_name: str) -> ConsentText:
    if version is None:
        return ConsentText(Policy.LIMITED_SECRETS, template(Policy.LIMITED_SECRETS, practice_name))
    return ConsentText(
        Policy(version.policy), version.text, version.sha256, version.number, version.created_at
    )


def consent_text(*, practice: Practice) -> ConsentText:
    """The practice's current consent text, or the template if it was never reviewed."""
    with practice.session() as s:
        return _text_of(store.current_version(session=s), practice.settings.practice_name)


def save_consent_text(*, practice: Practice, policy: Policy, text: str) -> ConsentText:
    """Keep ``policy`` and ``text`` as the practice's consent (a new version if changed).

    Intakes that agreed to an earlier version keep it.
    """
    with practice.writing("the consent text"), practice.session() as s:
        try:
            version = store.save_version(
                session=s, policy=policy, text=text, actor=practice.clinician
            )
        except store.ConsentError as err:
            raise UserError(str(err)) from None
        return _text_of(version, practice.settings.practice_name)


def _strokes(text: str | None) -> tuple[tuple[tuple[float, float], ...], ...]:
    if not text:
        return ()
    return tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in json.loads(text))


def _person(
    record: ConsentRecord | None, position: int, name: str, number: int | None
) -> PersonConsent:
    if record is None:
        return PersonConsent(position, name)
    return PersonConsent(
        position,
        name,
        record.agreed_at,
        record.withdrawn_at,
        number if record.agreed_at else None,
        record.text_sha256 if record.agreed_at else "",
        _strokes(record.signature_json),
        record.signature_png,
        record.signed_at,
    )


def read_consent(*, session: Session, intake_id: int, practice_name: str) -> IntakeConsent:
    """An intake's consent, read in ``session`` (the documents and the wizard use it)."""
    intake = store_intakes.get_intake(session=session, intake_id=intake_id)
    client = store_clients.get_client(session=session, client_id=intake.client_id)
    found = {r.position: r for r in store.records(session=session, intake_id=intake_id)}
    agreed = [r for r in found.values() if r.agreed_at is not None]
    if agreed:
        first = min(agreed, key=lambda r: r.agreed_at)  # type: ignore[arg-type, return-value]
        version: ConsentVersion | None = store.get_version(
            session=session, version_id=first.version_id
        )
    elif found:
        version = store.get_version(
            session=session, version_id=next(iter(found.values())).version_id
        )
    else:
        version = store.current_version(session=session)
    text = _text_of(version, practice_name)
    came = present_of(intake.present_json)  # a partner who did not come agrees to nothing
    people = tuple(
        _person(found.get(p.position), p.position, p.preferred_name or p.name, text.number)
        for p in sorted(client.participants, key=lambda p: p.position)
        if came is None or p.position in came
    )
    clinician = _person(
        found.get(CLINICIAN_POSITION), CLINICIAN_POSITION, intake.clinician, text.number
    )
    first = store.first_version(session=session)
    asked = bool(found) or (first is not None and first.created_at <= intake.created_at)
    couple = IntakeKind(client.kind) is IntakeKind.COUPLE
    return IntakeConsent(text, people, clinician, couple, asked)


def intake_consent(*, practice: Practice, intake_id: int) -> IntakeConsent:
    """The consent of an intake: its text, who agreed when, the signatures."""
    with practice.session() as s:
        return read_consent(
            session=s, intake_id=intake_id, practice_name=practice.settings.practice_name
        )


def _version_for(s: Session, intake_id: int) -> ConsentVersion:
    """The version an intake is agreed with: the one already agreed to, else the current."""
    for record in store.records(session=s, intake_id=intake_id):
        return store.get_version(session=s, version_id=record.version_id)
    version = store.current_version(session=s)
    if version is None:
        raise UserError(NOT_REVIEWED)
    return version


CHANGED_SINCE_SHOWN = (
    "The practice's consent text changed since this page was shown; it is shown again "
    "now. Read it with the clients, then agree."
)


def agree(
    *, practice: Practice, intake_id: int, position: int, shown_sha256: str | None = None
) -> IntakeConsent:
    """Record the participant's agreement, now, to the intake's consent version.

    ``shown_sha256``: the digest of the text the page showed; an agreement to words
    other than those shown is refused.
    """
    with practice.writing("the agreement"), practice.session() as s:
        version = _version_for(s, intake_id)
        if shown_sha256 is not None and shown_sha256 != version.sha256:
            raise UserError(CHANGED_SINCE_SHOWN)
        try:
            store.agree(session=s, intake_id=intake_id, position=position, version=version)
        except store.ConsentError as err:
            raise UserError(str(err)) from None
    return intake_consent(practice=practice, intake_id=intake_id)


def withdraw(*, practice: Practice, intake_id: int, position: int) -> IntakeConsent:
    """Record that the participant withdrew consent: the intake asks nothing more."""
    with practice.writing("the withdrawal"), practice.session() as s:
        try:
            store.withdraw(session=s, intake_id=intake_id, position=position)
        except store.ConsentError as err:
            raise UserError(str(err)) from None
    return intake_consent(practice=practice, intake_id=intake_id)


def sign(
    *, practice: Practice, intake_id: int, position: int, strokes: Sequence[Stroke], png: bytes
) -> IntakeConsent:
    """Keep a drawn signature of the participant (position 0: the clinician).

    An empty pad is refused with a sentence saying so.
    """
    with practice.writing("the signature"), practice.session() as s:
        try:
            store.sign(
                session=s,
                intake_id=intake_id,
                position=position,
                version=_version_for(s, intake_id),
                strokes=strokes,
                png=png,
            )
        except store.ConsentError as err:
            raise UserError(str(err)) from None
    return intake_consent(practice=practice, intake_id=intake_id)


def check_still_asking(*, session: Session, intake_id: int) -> None:
    """Refuse an answer after a withdrawal of consent (the intake asks nothing more)."""
    for record in store.records(session=session, intake_id=intake_id):
        if record.withdrawn_at is not None:
            raise UserError(
                "Consent was withdrawn in this intake, so it asks nothing more; the answers "
                "given before are kept and marked. Finish the intake to keep them."
            )


def report_consent(consent: IntakeConsent) -> Any:
    """``consent`` as the PDFs' consent section (`reports.data.Consent`); None for an
    intake from before the practice asked for consent (its documents read as they did)."""
    from therapist_desk.reports.data import Consent, ConsentPerson

    if not consent.asked:
        return None

    def person(p: PersonConsent, key: str) -> ConsentPerson:
        return ConsentPerson(p.name, key, p.agreed_at, p.withdrawn_at, p.signature_png, p.signed_at)

    recorded = any(p.agreed_at or p.signed_at for p in (*consent.people, consent.clinician))
    text = consent.text
    return Consent(
        text.policy.label,
        text.text,
        text.number if recorded else None,
        text.sha256,
        tuple(person(p, f"p{p.position}") for p in consent.people),
        person(consent.clinician, "") if consent.clinician.signed_at else None,
    )
