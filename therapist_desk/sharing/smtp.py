"""Sending a message over SMTP, with a clear sentence for every way it can fail."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

from therapist_desk.errors import UserError

TIMEOUT = 20.0


class SendError(UserError):
    """The message was not sent; ``str()`` says why in words a clinician can act on."""


@dataclass(frozen=True)
class SmtpServer:
    """Where to send from: host, port, how the connection is protected, and the login."""

    host: str
    port: int
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str = ""

    @property
    def where(self) -> str:
        """``host:port``, for messages."""
        return f"{self.host}:{self.port}"


def send_message(
    server: SmtpServer,
    message: EmailMessage,
    *,
    password: str | None,
    timeout: float = TIMEOUT,
    context: ssl.SSLContext | None = None,
) -> None:
    """Send ``message``; raises :class:`SendError` with a clear reason when it is not sent."""
    if not server.host:
        raise SendError("No mail server is set. Add it in Settings > Email.")
    context = context or ssl.create_default_context()
    try:
        if server.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with client:
            client.ehlo()
            if server.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if server.user:
                client.login(server.user, password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            f"The mail server {server.where} refused the user name or password. "
            "Check them and try again."
        ) from None
    except smtplib.SMTPRecipientsRefused as err:
        refused = ", ".join(err.recipients) or "the recipient"
        raise SendError(
            f"The mail server refused the recipient address {refused}. Check the address."
        ) from None
    except smtplib.SMTPNotSupportedError as err:
        raise SendError(
            f"The mail server {server.where} does not support what the settings ask "
            f"({err}). Check the security setting (STARTTLS, SSL or none)."
        ) from None
    except ssl.SSLError as err:
        raise SendError(
            f"The secure (TLS) connection to {server.where} failed ({err.reason or err}). "
            "Check the port and the security setting."
        ) from None
    except (ConnectionError, socket.gaierror, TimeoutError, smtplib.SMTPServerDisconnected):
        raise SendError(
            f"Cannot reach the mail server {server.where}. Check the host, the port and "
            "the internet connection."
        ) from None
    except smtplib.SMTPException as err:
        raise SendError(
            f"The mail server {server.where} did not accept the message: {err}"
        ) from None
    except OSError as err:
        raise SendError(
            f"Cannot reach the mail server {server.where} ({err.strerror or err})."
        ) from None
