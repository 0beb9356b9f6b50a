"""Email messages carrying a summary PDF, built from the settings' templates.

Templates know only a few harmless placeholders ({client_first_names}, {practice},
{clinician}); clinical content never goes into the message body.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from therapist_desk.errors import UserError

PLACEHOLDERS = ("client_first_names", "practice", "clinician")
_ADDRESS = re.compile(r"^[^@\s<>,;]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")


@dataclass(frozen=True)
class Outgoing:
    """What to send: addresses, the words, and the PDF to attach."""

    sender: str
    to: str  # one address, or several separated by commas
    subject: str
    body: str
    pdf: bytes
    filename: str


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_template(template: str, values: dict[str, str]) -> str:
    """``template`` with the known placeholders filled; anything else is left as typed."""
    known = _Keep({k: v for k, v in values.items() if k in PLACEHOLDERS})
    try:
        return string.Formatter().vformat(template, (), known)
    except (ValueError, IndexError, KeyError, AttributeError):
        return template  # a stray brace: send the template as typed rather than fail


def check_address(address: str) -> str:
    """``address`` trimmed, or a ``UserError`` saying it is not an email address."""
    address = address.strip()
    if not _ADDRESS.match(address):
        raise UserError(f"“{address}” is not an email address (name@example.org).")
    return address


def check_addresses(text: str) -> tuple[str, ...]:
    """The addresses in ``text`` (separated by commas or semicolons), each checked, once each.

    A ``UserError`` names the first that is not an address, or says that none was given.
    """
    found: dict[str, str] = {}
    for part in re.split(r"[,;]", text):
        if part.strip():
            address = check_address(part)
            found.setdefault(address.casefold(), address)
    if not found:
        raise UserError("Add the address to send to (name@example.org).")
    return tuple(found.values())


def recipient_domain(address: str) -> str:
    """The part after the @, lower case: all the audit trail keeps of a recipient."""
    return address.rsplit("@", 1)[-1].strip().lower()


def recipient_domains(text: str) -> str:
    """The domains of every address in ``text``, sorted, once each (for the audit trail)."""
    return ", ".join(sorted({recipient_domain(a) for a in check_addresses(text)}))


def build_message(outgoing: Outgoing, *, unsent: bool = False) -> EmailMessage:
    """The email with the PDF attached; ``unsent`` marks it as a draft for a mail app."""
    message = EmailMessage()
    if outgoing.sender:
        message["From"] = check_address(outgoing.sender)
    message["To"] = ", ".join(check_addresses(outgoing.to))
    message["Subject"] = outgoing.subject
    message["Date"] = formatdate(localtime=True)
    domain = recipient_domain(outgoing.sender) if outgoing.sender else None
    message["Message-ID"] = make_msgid(domain=domain)
    if unsent:
        message["X-Unsent"] = "1"
    message.set_content(outgoing.body)
    message.add_attachment(
        outgoing.pdf, maintype="application", subtype="pdf", filename=outgoing.filename
    )
    return message
