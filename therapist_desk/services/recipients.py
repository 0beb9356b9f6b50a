"""Who a summary may be emailed to: which clients each address reaches, however written.

Two addresses are the same mailbox when `sharing.message.mailbox_key` says so (case,
spaces, a display name or angle brackets, a ``+tag``, Gmail's dots and its two domains,
a domain in Unicode or in its ASCII form). An address that reaches anyone a document is
not for is refused for it, and never filled in for it: the clinician version goes to no
client, a client's summary to no other client, and one partner's personal summary
neither to the other partner's address nor to one the partners share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from therapist_desk.services.views import ShareDocument
from therapist_desk.sharing.message import mailbox_key
from therapist_desk.store import clients as store_clients


@dataclass(frozen=True)
class Owner:
    """A participant who gave an address: of which client, at which position, and the
    first name they go by (only ever shown for the document's own client)."""

    client_id: int
    position: int
    name: str


@dataclass(frozen=True)
class Owners:
    """Every participant of every client who gave an address, by the mailbox it reaches."""

    by_mailbox: dict[str, tuple[Owner, ...]]

    def of(self, address: str) -> tuple[Owner, ...]:
        """Everyone ``address`` reaches."""
        return self.by_mailbox.get(mailbox_key(address), ())

    def others(self, address: str, client_id: int, positions: Iterable[int]) -> list[Owner]:
        """Everyone ``address`` reaches who is not one of ``positions`` of ``client_id``."""
        allowed = {(client_id, p) for p in positions}
        return [o for o in self.of(address) if (o.client_id, o.position) not in allowed]


def owners(*, session: Session) -> Owners:
    """Who each address on file reaches (see `Owners`)."""
    found: dict[str, tuple[Owner, ...]] = {}
    for client_id, position, name, email in store_clients.participants_with_email(session=session):
        owner = Owner(client_id, position, name.split()[0])
        key = mailbox_key(email)
        found[key] = (*found.get(key, ()), owner)
    return Owners(found)


def prefilled(
    known: Owners, client_id: int, people: Sequence[Any]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The addresses a document for ``people`` (participants of ``client_id``) starts
    addressed to, once per mailbox, and the first names of those whose address is left
    out because it also reaches someone the document is not for."""
    positions = [p.position for p in people]
    addresses: dict[str, str] = {}
    withheld: list[str] = []
    for person in people:
        if not person.email:
            continue
        if known.others(person.email, client_id, positions):
            withheld.append(str((person.preferred_name or person.name).split()[0]))
        else:
            addresses.setdefault(mailbox_key(person.email), person.email.strip())
    return tuple(addresses.values()), tuple(withheld)


def refusal(known: Owners, address: str, client_id: int, document: ShareDocument) -> str | None:
    """Why ``document`` (of a ``client_id`` intake) may not go to ``address``, in words
    that say what to do instead; None when it may."""
    others = known.others(address, client_id, document.for_positions)
    if not others:
        return None
    if not document.for_clients:
        return (
            f"{address} is a client's address. The clinician version holds everything, "
            "including what each partner said in private, so it is never emailed to a "
            "client. Attach the client version, or save or print the clinician version "
            "instead."
        )
    partner = next((o for o in others if o.client_id == client_id), None)
    if partner is None:
        return (
            f"{address} is the address of a client this summary is not for. Only the "
            "people it is for may receive it: check the address."
        )
    whom = document.for_whom
    if len(known.of(address)) > len(others):  # it reaches the document's own person too
        return (
            f"{address} is shared by {whom} and {partner.name}. {whom}'s personal summary "
            f"holds {whom}'s own answers and scores, so it goes only to an address no one "
            f"else reads. Ask {whom} for an address of their own, or save or print the "
            f"summary and give it to {whom} in the session."
        )
    return (
        f"{address} is {partner.name}'s address, and this is {whom}'s personal summary: "
        f"it goes to {whom} alone. Send it to {whom}'s own address, or choose "
        f"{partner.name}'s personal summary to send {partner.name} theirs."
    )
