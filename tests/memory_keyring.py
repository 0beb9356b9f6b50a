"""A system keyring in memory, for tests and screenshots (no Qt)."""

from __future__ import annotations

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A system keyring that lives only as long as the test (the real one is never used)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):  # type: ignore[no-untyped-def]
        return self.store.get((service, username))

    def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
        self.store[(service, username)] = password

    def delete_password(self, service, username):  # type: ignore[no-untyped-def]
        self.store.pop((service, username), None)
