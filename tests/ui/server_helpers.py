"""What the practice-server GUI tests share: a keyring in memory, clients on the server."""

from __future__ import annotations

import socket

import keyring
import pytest
from memory_keyring import MemoryKeyring

from therapist_desk.models import ClientCreate
from therapist_desk.services import clients
from therapist_desk.services.practice import open_practice
from therapist_desk.services.server import parse_url


def use_memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Replace the system keyring with one in memory for this test."""
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setattr(keyring, "get_password", backend.get_password)
    monkeypatch.setattr(keyring, "set_password", backend.set_password)
    monkeypatch.setattr(keyring, "delete_password", backend.delete_password)
    return backend


def add_client_as(url: str, name: str) -> None:
    """One client, made by the clinician whose login ``url`` holds, in their own practice."""
    address, password = parse_url(url)
    practice = open_practice(server=address, password=password)
    try:
        clients.create_client(
            practice=practice,
            data=ClientCreate.model_validate(
                {"kind": "individual", "participants": [{"name": name}]}
            ),
        )
    finally:
        practice.close()


def closed_port() -> int:
    """A port on this machine where nothing listens (a server that is not there)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
