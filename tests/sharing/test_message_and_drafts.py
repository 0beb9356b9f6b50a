"""Messages from templates, the audit's recipient domain, and .eml drafts for a mail app."""

from __future__ import annotations

import stat
from email import message_from_bytes, policy

import pytest

from therapist_desk.errors import UserError
from therapist_desk.sharing.drafts import write_eml_draft
from therapist_desk.sharing.message import (
    Outgoing,
    bare_address,
    build_message,
    check_address,
    check_addresses,
    fill_template,
    mailbox_key,
    recipient_domain,
    recipient_domains,
)

PDF = b"%PDF-1.4\nbytes\n%%EOF\n"


def test_templates_fill_known_placeholders_and_keep_the_rest() -> None:
    values = {"client_first_names": "Ana and Ben", "practice": "Calm Rooms", "secret": "x"}
    text = fill_template("Dear {client_first_names}, from {practice} {secret} {unknown}", values)
    assert text == "Dear Ana and Ben, from Calm Rooms {secret} {unknown}"
    assert fill_template("a stray { brace", values) == "a stray { brace"


def test_addresses_are_checked_and_only_the_domain_is_kept() -> None:
    assert check_address("  ana@example.org ") == "ana@example.org"
    for bad in ("ana", "ana@", "ana@example", "a b@example.org", "a@example.org, b@example.org"):
        with pytest.raises(UserError, match="is not an email address"):
            check_address(bad)
    assert recipient_domain("Ana.B@Mail.Example.ORG") == "mail.example.org"


def test_several_addresses_are_checked_each_and_kept_once() -> None:
    assert check_addresses(" ana@example.org; Ben@Example.org , ana@EXAMPLE.org,") == (
        "ana@example.org",
        "Ben@Example.org",
    )
    with pytest.raises(UserError, match="“ben@” is not an email address"):
        check_addresses("ana@example.org, ben@")
    with pytest.raises(UserError, match="Add the address"):
        check_addresses(" , ")
    assert recipient_domains("a@b.example.org, c@a.example.org, d@B.example.org") == (
        "a.example.org, b.example.org"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "Zoë Lefèvre <zoe@example.org>",
        '"Lefèvre, Zoë" <zoe@example.org>',
        "<zoe@example.org>",
        '"zoe@example.org"',
        "mailto:zoe@example.org",
        "  zoe@example.org  ",
    ],
)
def test_an_address_is_taken_out_of_a_display_name_quotes_or_brackets(typed: str) -> None:
    assert bare_address(typed) == "zoe@example.org"
    assert check_address(typed) == "zoe@example.org"


def test_a_refused_address_is_shown_as_it_was_typed() -> None:
    with pytest.raises(UserError, match="“Zoë <zoe@example>” is not an email address"):
        check_address(" Zoë <zoe@example> ")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Zoe@Example.ORG", "zoe@example.org"),
        ("Zoë <zoe@example.org>", "zoe@example.org"),
        ("zoe+therapy@example.org", "zoe@example.org"),
        ("z.o.e@gmail.com", "zoe@gmail.com"),
        ("Z.Oe+notes@googlemail.com", "zoe@gmail.com"),
        ("zoe@bücher.example", "zoe@xn--bcher-kva.example"),
        ("zoe@BÜCHER.example", "zoe@bücher.example"),
        ("ｚｏｅ@example.org", "zoe@example.org"),  # full-width letters
        ("zo\u200be@example.org", "zoe@example.org"),  # a zero-width space
        ("zoe@example.org.", "zoe@example.org"),
    ],
)
def test_two_spellings_of_one_mailbox_have_one_key(one: str, other: str) -> None:
    assert mailbox_key(one) == mailbox_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("zoe@example.org", "dan@example.org"),
        ("z.oe@example.org", "zoe@example.org"),  # dots count outside Gmail
        ("zoe@example.org", "zoe@example.net"),
    ],
)
def test_different_mailboxes_keep_different_keys(one: str, other: str) -> None:
    assert mailbox_key(one) != mailbox_key(other)


def test_one_mailbox_written_twice_is_addressed_once() -> None:
    typed = '"Lefèvre, Zoë" <zoe@example.org>; ZOE+x@example.org, dan@example.org'
    assert check_addresses(typed) == ("zoe@example.org", "dan@example.org")


def test_a_message_for_a_couple_is_addressed_to_both() -> None:
    outgoing = Outgoing("me@example.org", "ana@example.org, ben@example.org", "S", "B", PDF, "s")
    assert build_message(outgoing)["To"] == "ana@example.org, ben@example.org"


def test_the_eml_draft_parses_carries_the_attachment_and_is_private(tmp_path) -> None:
    outgoing = Outgoing("me@example.org", "ana@example.org", "Summary", "Hello", PDF, "s.pdf")
    folder = tmp_path / "drafts"
    path = write_eml_draft(
        build_message(outgoing, unsent=True), folder=folder, name="intake-AB-2026-01-02"
    )
    assert path == folder / "intake-AB-2026-01-02.eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["X-Unsent"] == "1"
    assert parsed["To"] == "ana@example.org"
    assert parsed.get_body(("plain",)).get_content().strip() == "Hello"
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF


def test_a_draft_folder_made_too_open_is_closed_again(tmp_path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    write_eml_draft(build_message(Outgoing("", "a@example.org", "S", "B", PDF, "s")), folder=folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_sent_message_is_not_marked_unsent() -> None:
    outgoing = Outgoing("me@example.org", "ana@example.org", "S", "B", PDF, "s.pdf")
    assert build_message(outgoing)["X-Unsent"] is None


def test_drafts_earlier_releases_left_in_the_temp_folder_are_removed(tmp_path, monkeypatch) -> None:
    import os
    import tempfile
    import time

    from therapist_desk.sharing.drafts import TEMP_DRAFT_PREFIX, remove_temp_drafts

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, recent = tmp_path / f"{TEMP_DRAFT_PREFIX}abc123", tmp_path / f"{TEMP_DRAFT_PREFIX}def456"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "intake-AB-2026-01-02.eml").write_bytes(b"Subject: Summary\n\nAttached.")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    other = tmp_path / "someone-elses-folder"
    other.mkdir()
    os.utime(other, (two_hours_ago, two_hours_ago))

    assert remove_temp_drafts() == 1
    assert not old.exists() and recent.is_dir() and other.is_dir()
