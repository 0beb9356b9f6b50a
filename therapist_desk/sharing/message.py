"""Email messages carrying a summary PDF, built from the settings' templates.

Templates know only a few harmless placeholders ({client_first_names}, {practice},
{clinician}); clinical content never goes into the message body.
"""

from __future__ import annotations

import re
import string
import unicodedata
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


_ANGLE = re.compile(r"<([^<>]*)>\s*$")
_WRAPPING = " \t\r\n\"'<>`"
GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
"""Google's two domains: one mailbox, and dots in its local part are ignored."""


def bare_address(text: str) -> str:
    """The address in ``text``, unwrapped: "Sam <sam@x.org>", "<sam@x.org>", a quoted
    address or ``mailto:sam@x.org`` give ``sam@x.org``; anything else is only trimmed."""
    text = text.strip()
    angle = _ANGLE.search(text)
    if angle is not None:
        text = angle.group(1)
    text = text.strip(_WRAPPING)
    if text[:7].casefold() == "mailto:":
        text = text[7:].strip(_WRAPPING)
    return text


def mailbox_key(address: str) -> str:
    """The mailbox ``address`` reaches, to tell whether two addresses are the same person's.

    Trimmed and unwrapped (`bare_address`), compatibility-normalised (full-width letters
    are letters) and case-folded; a ``+tag`` of the local part (``sam+notes@``) is
    dropped, and for gmail.com and googlemail.com, which are one domain, so are the dots
    of the local part. It errs on the side of calling two addresses the same: refusing a
    colleague by mistake is better than sending a client what is not theirs.
    """
    text = unicodedata.normalize("NFKC", bare_address(address)).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    local = local.strip(_WRAPPING).split("+", 1)[0]
    domain = _ascii_domain(domain.strip(_WRAPPING).rstrip("."))
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _ascii_domain(domain: str) -> str:
    """``bücher.example`` as ``xn--bcher-kva.example``, so both spellings compare equal."""
    try:
        return domain.encode("idna").decode("ascii").casefold()
    except UnicodeError:
        return domain


def check_address(address: str) -> str:
    """``address`` unwrapped (a display name, quotes or angle brackets around it are
    dropped: `bare_address`), or a ``UserError`` saying it is not an email address."""
    shown = address.strip()
    address = bare_address(address)
    if not _ADDRESS.match(address):
        raise UserError(f"“{shown}” is not an email address (name@example.org).")
    return address


def _split(text: str) -> list[str]:
    """``text`` cut at each comma or semicolon outside double quotes ("Moreau, Sam" <…>)."""
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char in ",;" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def check_addresses(text: str) -> tuple[str, ...]:
    """The addresses in ``text`` (separated by commas or semicolons), each checked, once
    each (the same mailbox twice, however written, once: `mailbox_key`).

    A ``UserError`` names the first that is not an address, or says that none was given.
    """
    found: dict[str, str] = {}
    for part in _split(text):
        if part.strip():
            address = check_address(part)
            found.setdefault(mailbox_key(address), address)
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
