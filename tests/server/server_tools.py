"""Plain connections to the test server, as a client with its own tools would make."""

from __future__ import annotations

from typing import Any


def raw(url: str) -> Any:
    """A plain psycopg connection (autocommit) as the URL's login: what a client with
    its own tools could do with the same password."""
    import psycopg

    return psycopg.connect(url, autocommit=True)
