"""Sharing has safe defaults, decided by the services (so the GUI and any caller get them).

The client version is offered first, to both partners; the clinician version never goes
to a client's address; the PDF's password never goes into the email; drafts for the
mail app stay in the data folder and are shredded.
"""

from __future__ import annotations

import json
import stat
import tempfile
from pathlib import Path

import pytest

from therapist_desk.errors import UserError
from therapist_desk.models import AuditAction, ClientCreate, IntakeMode
from therapist_desk.services import clients, intakes, sharing
from therapist_desk.services.practice import Practice
from therapist_desk.sharing.message import Outgoing
from therapist_desk.sharing.smtp import SmtpServer
from therapist_desk.store.audit import list_events

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ZOE, DANIEL = "zoe.lefevre@clients.example.org", "Daniel.Brooks@Mail.Example.NET"


def couple(practice: Practice, emails: tuple[str | None, str | None]) -> tuple[int, int]:
    """(client id, intake id) of a completed couple intake (concurrent.json) with ``emails``."""
    data = json.loads((EXAMPLES / "concurrent.json").read_text(encoding="utf-8"))
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name"), "email": email}
        for p, email in zip(data["participants"], emails, strict=True)
    ]
    shape = ClientCreate.model_validate({"kind": data["kind"], "participants": people})
    client_id = clients.create_client(practice=practice, data=shape)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    given = {i + 1: p["answers"] for i, p in enumerate(data["participants"])}
    given[None] = data.get("relationship", {})
    for position, answers in given.items():
        for item_id, value in answers.items():
            intakes.save_answer(
                practice=practice,
                intake_id=intake_id,
                position=position,
                item_id=item_id,
                value=value,
            )
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    return client_id, intake_id


def emailed(practice: Practice) -> list[str]:
    with practice.session() as s:
        return [e.detail or "" for e in list_events(session=s) if e.action == AuditAction.EMAILED]


def check(practice: Practice, intake_id: int, document: str, to: str, **more) -> tuple[str, ...]:
    fields = {"subject": "Your summary", "body": "Attached.", "pdf_password": None} | more
    return sharing.check_email(
        practice=practice, intake_id=intake_id, document=document, to=to, **fields
    )


def test_the_client_version_comes_first_addressed_to_both_partners(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    first, zoe, dan, last = sharing.share_documents(practice=practice, intake_id=intake_id)
    assert (first.key, first.variant, first.for_clients) == ("client", "client", True)
    assert first.recipients == (ZOE, DANIEL)
    assert first.for_whom == "Zoë and Dan" and first.without_address == ()
    assert (zoe.variant, zoe.for_whom, zoe.recipients) == ("personal-p1", "Zoë", (ZOE,))
    assert (dan.variant, dan.for_whom, dan.recipients) == ("personal-p2", "Dan", (DANIEL,))
    assert (last.key, last.variant, last.for_clients) == ("clinician", "clinician", False)
    assert last.recipients == ()


def test_a_personal_summary_goes_to_that_partner_only(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    with pytest.raises(UserError):
        check(practice, intake_id, "personal-p1", DANIEL)
    assert check(practice, intake_id, "personal-p1", ZOE) == (ZOE,)


def test_a_partner_without_an_address_is_named(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, None))
    first, *_ = sharing.share_documents(practice=practice, intake_id=intake_id)
    assert first.recipients == (ZOE,) and first.without_address == ("Dan",)


@pytest.mark.parametrize(
    "typed",
    [
        ZOE,
        "  ZOE.Lefevre@Clients.Example.ORG ",
        "daniel.brooks@mail.example.net",
        f"colleague@example.org, {DANIEL.upper()}",
    ],
)
def test_the_clinician_version_is_refused_for_a_clients_address(
    practice: Practice, typed: str
) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    with pytest.raises(UserError) as refused:
        check(practice, intake_id, "clinician", typed)
    said = str(refused.value)
    assert "is a client's address" in said
    assert "never emailed to a client" in said and "Attach the client version" in said


def test_a_client_of_another_couple_is_refused_too(practice: Practice) -> None:
    couple(practice, ("quillon.ash@clients.example.org", None))
    _, intake_id = couple(practice, (ZOE, DANIEL))
    with pytest.raises(UserError, match="is a client's address"):
        check(practice, intake_id, "clinician", "Quillon.Ash@clients.example.org")


def test_the_client_version_goes_to_its_own_clients_not_to_another_client(
    practice: Practice,
) -> None:
    couple(practice, ("quillon.ash@clients.example.org", None))
    _, intake_id = couple(practice, (ZOE, DANIEL))
    with pytest.raises(UserError, match="a client this summary is not for"):
        check(practice, intake_id, "client", f"{ZOE}, quillon.ash@CLIENTS.example.org")
    assert check(practice, intake_id, "client", f"{ZOE}, referrer@gp.example.org") == (
        ZOE,
        "referrer@gp.example.org",
    )


def test_a_colleague_may_get_the_clinician_version_and_clients_the_client_one(
    practice: Practice,
) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    assert check(practice, intake_id, "clinician", "colleague@example.org") == (
        "colleague@example.org",
    )
    assert check(practice, intake_id, "client", f"{ZOE}, {DANIEL}") == (ZOE, DANIEL)


def test_the_password_may_not_be_written_in_the_email(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    secret = "maple-otter-cocoa-tulip-pebble"
    for subject, body in (
        (f"Summary {secret}", "Attached."),
        ("Summary", "The password is Maple Otter Cocoa Tulip Pebble."),
    ):
        with pytest.raises(UserError, match="contains the PDF's password"):
            check(
                practice, intake_id, "client", ZOE, subject=subject, body=body, pdf_password=secret
            )
    with pytest.raises(UserError, match="at least 6 characters"):
        check(practice, intake_id, "client", ZOE, pdf_password="abc")
    assert check(practice, intake_id, "client", ZOE, pdf_password=secret) == (ZOE,)


def test_sending_the_clinician_version_to_a_client_is_refused_before_anything_goes(
    practice: Practice,
) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    outgoing = Outgoing("me@example.org", ZOE, "Summary", "Attached.", b"", "s.pdf")
    with pytest.raises(UserError, match="is a client's address"):
        sharing.email_summary(
            practice=practice,
            intake_id=intake_id,
            document="clinician",
            outgoing=outgoing,
            pdf_password=None,
            server=SmtpServer("127.0.0.1", 9, "none"),  # nothing listens: it would fail later
            smtp_password=None,
        )
    with pytest.raises(UserError, match="is a client's address"):
        sharing.email_draft(
            practice=practice,
            intake_id=intake_id,
            document="clinician",
            outgoing=outgoing,
            pdf_password=None,
        )
    assert emailed(practice) == []
    assert not (practice.folder / "drafts").exists()


def test_passphrases_are_five_words_of_fifty_bits(practice: Practice) -> None:
    first, second = sharing.new_passphrase(), sharing.new_passphrase()
    assert len(first.split("-")) == 5 and first != second
    assert sharing.passphrase_bits() == 50.0


def test_drafts_stay_in_the_data_folder_and_are_shredded(
    practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # no earlier release's drafts
    client_id, intake_id = couple(practice, (ZOE, DANIEL))
    outgoing = Outgoing("me@example.org", f"{ZOE}, {DANIEL}", "Summary", "Attached.", b"", "s.pdf")
    path = sharing.email_draft(
        practice=practice,
        intake_id=intake_id,
        document="client",
        outgoing=outgoing,
        pdf_password="maple-otter-cocoa-tulip-pebble",
    )
    folder = practice.folder / "drafts"
    assert path.parent == folder and path.name == "therapist-desk-s.eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert b"maple-otter" not in path.read_bytes()
    assert emailed(practice) == [
        "client summary PDF (password-protected) drafted in mail app for "
        "clients.example.org, mail.example.net"
    ]
    assert sharing.remove_drafts(practice=practice) == 1
    assert not path.exists() and not folder.exists()

    again = sharing.email_draft(
        practice=practice,
        intake_id=intake_id,
        document="client",
        outgoing=outgoing,
        pdf_password=None,
    )
    clients.erase_client(practice=practice, client_id=client_id)
    assert not again.exists()  # an erased client's summary does not wait in a draft
