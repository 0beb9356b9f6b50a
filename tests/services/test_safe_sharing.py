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
from service_data import answer_all

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
    answer_all(practice, intake_id, data)
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


@pytest.mark.parametrize(
    "typed",
    [
        DANIEL,
        "Dan Brooks <daniel.brooks@mail.example.net>",
        '"Brooks, Dan" <DANIEL.BROOKS@MAIL.EXAMPLE.NET>',
        "daniel.brooks+summary@mail.example.net",
        f"{ZOE}; mailto:{DANIEL}",
    ],
)
def test_a_personal_summary_is_refused_for_the_other_partners_address_however_written(
    practice: Practice, typed: str
) -> None:
    _, intake_id = couple(practice, (ZOE, DANIEL))
    with pytest.raises(UserError) as refused:
        check(practice, intake_id, "personal-p1", typed)
    said = str(refused.value)
    assert "is Dan's address, and this is Zoë's personal summary: it goes to Zoë alone" in said
    assert "Send it to Zoë's own address" in said
    assert "choose Dan's personal summary" in said


def test_gmail_dots_and_its_second_domain_reach_the_same_client(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, "dan.brooks@gmail.com"))
    for typed in ("danbrooks@googlemail.com", "D.A.N.Brooks+x@Gmail.com"):
        with pytest.raises(UserError, match="is Dan's address"):
            check(practice, intake_id, "personal-p1", typed)
        with pytest.raises(UserError, match="is a client's address"):
            check(practice, intake_id, "clinician", typed)
    assert check(practice, intake_id, "personal-p2", "danbrooks@googlemail.com") == (
        "danbrooks@googlemail.com",
    )


def test_a_domain_in_unicode_and_in_ascii_is_one_client(practice: Practice) -> None:
    _, intake_id = couple(practice, (ZOE, "dan@brücke.example"))
    with pytest.raises(UserError, match="is a client's address"):
        check(practice, intake_id, "clinician", "Dan@XN--BRCKE-LVA.example")


SHARED = "home@lefevre-brooks.example.org"


def test_an_address_the_partners_share_is_not_filled_in_for_a_personal_summary(
    practice: Practice,
) -> None:
    _, intake_id = couple(practice, (SHARED, "Home+Dan@Lefevre-Brooks.example.org"))
    both, zoe, dan, clinician = sharing.share_documents(practice=practice, intake_id=intake_id)
    assert both.recipients == (SHARED,) and both.withheld == ()  # the same mailbox, once
    assert (zoe.recipients, zoe.withheld, zoe.without_address) == ((), ("Zoë",), ())
    assert (dan.recipients, dan.withheld) == ((), ("Dan",))
    assert clinician.recipients == ()
    assert check(practice, intake_id, "client", SHARED) == (SHARED,)


def test_a_personal_summary_to_an_address_the_partners_share_says_what_to_do(
    practice: Practice,
) -> None:
    _, intake_id = couple(practice, (SHARED, SHARED))
    with pytest.raises(UserError) as refused:
        check(practice, intake_id, "personal-p1", f"Zoë <{SHARED.upper()}>")
    said = str(refused.value)
    assert f"{SHARED.upper()} is shared by Zoë and Dan." in said
    assert "goes only to an address no one else reads" in said
    assert "Ask Zoë for an address of their own, or save or print the summary" in said


def test_an_address_another_client_also_uses_is_not_filled_in_nor_named(
    practice: Practice,
) -> None:
    couple(practice, ("quillon.ash@clients.example.org", None))
    _, intake_id = couple(practice, ("Quillon.Ash+zoe@clients.example.org", DANIEL))
    both, zoe, *_ = sharing.share_documents(practice=practice, intake_id=intake_id)
    assert both.recipients == (DANIEL,) and both.withheld == ("Zoë",)
    assert zoe.recipients == () and zoe.withheld == ("Zoë",)
    with pytest.raises(UserError) as refused:
        check(practice, intake_id, "personal-p1", "quillon.ash@clients.example.org")
    said = str(refused.value)
    assert "the address of a client this summary is not for" in said
    assert "Quillon" not in said.replace("quillon.ash@clients.example.org", "")
