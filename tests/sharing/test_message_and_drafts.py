"""Messages from templates, the audit's recipient domain, and .eml drafts for a mail app."""

from __future__ import annotations

import stat
from email import message_from_bytes, policy

import pytest

from therapist_desk.errors import UserError
from therapist_desk.sharing.drafts import write_eml_draft
from therapist_desk.sharing.message import (
    Outgoing,
    build_message,
    check_address,
    check_addresses,
    fill_template,
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
