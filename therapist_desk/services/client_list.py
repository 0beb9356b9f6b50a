"""The client list: a page of a search and how many clients there are, in plain SQL.

The window shows the list before anything else of the practice is loaded. These two
read the client table through the engine alone (`store.search`), without a session or
the models, so the list does not wait for the ORM classes, the catalogue or the rules;
`services.clients` re-exports them beside the operations that need those.
"""

from __future__ import annotations

from therapist_desk.services.practice import Practice
from therapist_desk.store.search import ClientLine, count_lines, search_lines


def search_clients(
    *, practice: Practice, query: str, include_archived: bool, limit: int, offset: int
) -> list[ClientLine]:
    """A page of clients matching ``query``, most recent activity first (one query)."""
    return search_lines(
        engine=practice.database.engine,
        query=query,
        include_archived=include_archived,
        limit=limit,
        offset=offset,
    )


def count_clients(*, practice: Practice, include_archived: bool = True) -> int:
    """How many clients the practice has (one query)."""
    return count_lines(engine=practice.database.engine, include_archived=include_archived)
