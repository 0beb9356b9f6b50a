"""Consent: the practice's text and its versions, each intake's agreements, withdrawal,
signatures, and the consent section of both PDFs. No Qt."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from pypdf import PdfReader
from service_data import add_people, answer_all, example
from sqlmodel import select

from therapist_desk.errors import UserError
from therapist_desk.intake.consent import Policy, template, text_digest
from therapist_desk.models import ConsentRecord, ConsentVersion, IntakeMode
from therapist_desk.services import clients, consent, intakes, summaries
from therapist_desk.services.practice import Practice


def tiny_png(width: int = 2) -> bytes:
    """A ``width``×1 PNG of ink (the pad's own images are drawn in the UI tests)."""
    raw = b"\x00" + bytes([20 * width, 30, 120, 255]) * width
    ihdr = struct.pack(">IIBBBBB", width, 1, 8, 6, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


STROKE = [[[10, 10], [40, 30], [80, 12]]]


def new_intake(practice: Practice) -> int:
    client_id = add_people(practice, example("concurrent.json"))
    return intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)


def test_nobody_agrees_to_the_template_before_the_practice_reviewed_it(practice) -> None:
    shown = consent.consent_text(practice=practice)
    assert not shown.reviewed and shown.text == template(Policy.LIMITED_SECRETS)
    intake_id = new_intake(practice)
    with pytest.raises(UserError, match="not been reviewed"):
        consent.agree(practice=practice, intake_id=intake_id, position=1)


def test_each_change_is_a_new_version_and_an_intake_keeps_the_one_agreed(practice) -> None:
    first = consent.save_consent_text(
        practice=practice, policy=Policy.NO_SECRETS, text=template(Policy.NO_SECRETS)
    )
    again = consent.save_consent_text(
        practice=practice, policy=Policy.NO_SECRETS, text=template(Policy.NO_SECRETS)
    )
    assert first.number == again.number == 1  # unchanged words: no new version
    intake_id = new_intake(practice)
    agreed = consent.agree(practice=practice, intake_id=intake_id, position=1)
    one = agreed.person(1)
    assert one.agreed_at is not None and one.version == 1
    assert one.text_sha256 == text_digest(Policy.NO_SECRETS, template(Policy.NO_SECRETS))
    edited = consent.save_consent_text(
        practice=practice, policy=Policy.SECRETS_KEPT, text="Our own words, edited."
    )
    assert edited.number == 2
    # The partner who agrees later agrees to the version this intake is asked with.
    later = consent.agree(practice=practice, intake_id=intake_id, position=2)
    assert later.text.number == 1 and later.person(2).version == 1
    assert later.text.policy is Policy.NO_SECRETS
    assert later.waiting_for == []
    fresh = consent.intake_consent(practice=practice, intake_id=new_intake(practice))
    assert fresh.text.number == 2 and fresh.waiting_for == [1, 2]
    with pytest.raises(UserError, match="changed since this page was shown"):
        consent.agree(  # the page still showed version 1's words
            practice=practice,
            intake_id=new_intake(practice),
            position=1,
            shown_sha256=one.text_sha256,
        )
    with pytest.raises(UserError, match="empty"):
        consent.save_consent_text(practice=practice, policy=Policy.NO_SECRETS, text="  ")


def test_an_empty_signature_is_refused(practice) -> None:
    consent.save_consent_text(practice=practice, policy=Policy.NO_SECRETS, text="Words.")
    intake_id = new_intake(practice)
    for strokes in ([], [[[5, 5]]], [[[5, 5], [5, 5]]]):
        with pytest.raises(UserError, match="signature pad is empty"):
            consent.sign(
                practice=practice, intake_id=intake_id, position=1, strokes=strokes, png=tiny_png()
            )
    with pytest.raises(UserError, match="not a PNG"):
        consent.sign(practice=practice, intake_id=intake_id, position=1, strokes=STROKE, png=b"x")
    kept = consent.sign(
        practice=practice, intake_id=intake_id, position=0, strokes=STROKE, png=tiny_png()
    )
    assert kept.clinician.signed_at is not None and kept.clinician.strokes[0][1] == (40.0, 30.0)


def test_a_withdrawal_stops_the_intake_and_keeps_what_was_answered(practice) -> None:
    consent.save_consent_text(practice=practice, policy=Policy.LIMITED_SECRETS, text="Words.")
    intake_id = new_intake(practice)
    for position in (1, 2):
        consent.agree(practice=practice, intake_id=intake_id, position=position)
    intakes.save_answer(
        practice=practice, intake_id=intake_id, position=1, item_id="phq9.1", value=1
    )
    after = consent.withdraw(practice=practice, intake_id=intake_id, position=2)
    assert after.withdrawn is not None and after.withdrawn.position == 2
    with pytest.raises(UserError, match="withdrawn"):
        intakes.save_answer(
            practice=practice, intake_id=intake_id, position=1, item_id="phq9.2", value=1
        )
    with pytest.raises(UserError, match="withdrawn"):
        consent.agree(practice=practice, intake_id=intake_id, position=2)
    kept = intakes.intake_answers(practice=practice, intake_id=intake_id)
    assert kept is not None
    session = intakes.intake_session(practice=practice, intake_id=intake_id)
    assert session.answers[1] == {"phq9.1": 1}
    intakes.complete_intake(practice=practice, intake_id=intake_id)  # what was answered is kept
    pdf = summaries.render_summary(practice=practice, intake_id=intake_id, variant="client")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    assert f"{after.withdrawn.name} withdrew consent on" in text
    assert "The answers in this summary were all given before then" in text


def test_both_pdfs_carry_the_consent_section(practice) -> None:
    practice.settings.practice_name = "Harbour Couples Practice"
    words = template(Policy.NO_SECRETS, "Harbour Couples Practice")
    consent.save_consent_text(practice=practice, policy=Policy.NO_SECRETS, text=words)
    data = example("concurrent.json")
    intake_id = new_intake(practice)
    for position in (1, 2):
        consent.agree(practice=practice, intake_id=intake_id, position=position)
        consent.sign(
            practice=practice,
            intake_id=intake_id,
            position=position,
            strokes=STROKE,
            png=tiny_png(position + 1),  # two different images
        )
    answer_all(practice, intake_id, data)
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    agreed = consent.intake_consent(practice=practice, intake_id=intake_id)
    for variant in ("clinician", "client"):
        pdf = summaries.render_summary(practice=practice, intake_id=intake_id, variant=variant)
        reader = PdfReader(BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Couples policy: No secrets" in text
        assert "how Harbour Couples Practice works with couples" in text
        for person in agreed.people:
            assert person.name in text
        assert text.count("Agreed 20") >= 2
        images = sum(len(page.images) for page in reader.pages)
        assert images >= 2


def test_erasing_a_client_erases_their_agreements_and_signatures(practice) -> None:
    consent.save_consent_text(practice=practice, policy=Policy.NO_SECRETS, text="Words.")
    intake_id = new_intake(practice)
    consent.agree(practice=practice, intake_id=intake_id, position=1)
    consent.sign(practice=practice, intake_id=intake_id, position=1, strokes=STROKE, png=tiny_png())
    with practice.session() as s:
        client_id = intakes.store_intakes.get_intake(session=s, intake_id=intake_id).client_id
    clients.erase_client(practice=practice, client_id=client_id)
    with practice.session() as s:
        assert s.exec(select(ConsentRecord)).all() == []
        assert len(s.exec(select(ConsentVersion)).all()) == 1  # the practice's own text stays


def test_the_window_seals_the_clinician_version_when_the_practice_chose_it(
    practice, completed, monkeypatch
) -> None:
    from therapist_desk.sharing import secrets as keyring_secrets
    from therapist_desk.sharing.seal import check_seal

    monkeypatch.setattr(keyring_secrets, "_backend", lambda: None)  # not this computer's
    _, intake_id = completed
    practice.settings.practice_name = "Harbour Couples Practice"
    practice.settings.seal_clinician_pdf = True
    sealed = summaries.render_summary(practice=practice, intake_id=intake_id, variant="clinician")
    assert check_seal(sealed).line.startswith("Sealed by Harbour Couples Practice on ")
    client = summaries.render_summary(practice=practice, intake_id=intake_id, variant="client")
    assert check_seal(client).code == 1  # the clients' version is never sealed


def test_an_intake_from_before_consent_reads_as_it_did_and_a_later_one_says_none_was_given(
    practice,
) -> None:
    data = example("concurrent.json")
    before = new_intake(practice)
    answer_all(practice, before, data)
    intakes.complete_intake(practice=practice, intake_id=before)
    consent.save_consent_text(practice=practice, policy=Policy.NO_SECRETS, text="Words.")
    after = new_intake(practice)
    answer_all(practice, after, data)
    intakes.complete_intake(practice=practice, intake_id=after)
    texts = {}
    for intake_id in (before, after):
        pdf = summaries.render_summary(practice=practice, intake_id=intake_id, variant="client")
        texts[intake_id] = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Couples policy" not in texts[before] and "No consent was recorded" not in texts[before]
    assert "No consent was recorded in the app for this intake" in texts[after]
