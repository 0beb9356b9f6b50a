"""Sending over SMTP to a real local server, and a clear sentence for each failure."""

from __future__ import annotations

import pytest
from smtp_server import PASSWORD, REFUSED, USER, free_port, smtp_server

from therapist_desk.sharing.message import Outgoing, build_message
from therapist_desk.sharing.smtp import SendError, SmtpServer, send_message

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
PDF = b"%PDF-1.4\n% not a real pdf, just bytes\n%%EOF\n"


def message(to: str = "client@example.org"):
    return build_message(Outgoing(USER, to, "Your summary", "Attached.", PDF, "s.pdf"))


def test_the_server_receives_the_message_and_the_attachment_bytes() -> None:
    with smtp_server() as (port, inbox):
        server = SmtpServer("127.0.0.1", port, "none", USER)
        send_message(server, message(), password=PASSWORD, timeout=5)
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["To"] == "client@example.org"
    assert received["Subject"] == "Your summary"
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "s.pdf"
    assert attachment.get_content() == PDF


def test_a_wrong_password_says_so() -> None:
    with smtp_server() as (port, inbox):
        server = SmtpServer("127.0.0.1", port, "none", USER)
        with pytest.raises(SendError, match="refused the user name or password"):
            send_message(server, message(), password="wrong", timeout=5)
    assert inbox.messages == []


def test_an_unreachable_server_says_which_one() -> None:
    port = free_port()  # nothing listens there
    server = SmtpServer("127.0.0.1", port, "none", USER)
    with pytest.raises(SendError, match=rf"Cannot reach the mail server 127\.0\.0\.1:{port}"):
        send_message(server, message(), password=PASSWORD, timeout=5)


def test_an_unknown_host_is_unreachable() -> None:
    server = SmtpServer("no-such-host.invalid", 587, "starttls", USER)
    with pytest.raises(SendError, match=r"Cannot reach the mail server no-such-host\.invalid"):
        send_message(server, message(), password=PASSWORD, timeout=5)


def test_a_refused_recipient_is_named() -> None:
    with smtp_server() as (port, inbox):
        server = SmtpServer("127.0.0.1", port, "none", USER)
        with pytest.raises(SendError, match=f"refused the recipient address {REFUSED}"):
            send_message(server, message(REFUSED), password=PASSWORD, timeout=5)
    assert inbox.messages == []


def test_tls_to_a_plain_server_is_a_tls_failure() -> None:
    with smtp_server() as (port, _):
        server = SmtpServer("127.0.0.1", port, "ssl", USER)
        with pytest.raises(SendError, match="secure \\(TLS\\) connection"):
            send_message(server, message(), password=PASSWORD, timeout=5)


def test_starttls_on_a_server_without_it_points_at_the_security_setting() -> None:
    with smtp_server() as (port, _):
        server = SmtpServer("127.0.0.1", port, "starttls", USER)
        with pytest.raises(SendError, match="security setting"):
            send_message(server, message(), password=PASSWORD, timeout=5)


def test_no_host_set() -> None:
    with pytest.raises(SendError, match="No mail server is set"):
        send_message(SmtpServer("", 587), message(), password=None)
