"""The practice's database, opened by a command that writes: under the lock, tidied first.

Every command that changes the database or the files beside it (import, demo, backup,
export's audit event, restore) holds the practice lock the window holds, so a command
and the window never write at the same time: a command waits a few seconds for another
command to finish, then refuses, naming who holds it. Once it holds the lock it runs
the clean-up the window runs when it opens (`encryption.finish_interrupted_change`):
what a killed backup, restore or encryption left behind (partial copies, the plain
``.before-`` copy, backups still plain beside an encrypted database) does not survive
until the window is next opened. Errors met inside are told by the store's classifier
(locked, busy, full, read-only, damaged), naming the file.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def on_server(args: argparse.Namespace) -> bool:
    """Whether the command works on a practice server (``--database-url``)."""
    return bool(getattr(args, "database_url", None))


def file_only(args: argparse.Namespace, what: str) -> None:
    """Refuse ``what`` (a command about the database file) on a practice server."""
    from therapist_desk.errors import UserError

    if on_server(args):
        raise UserError(
            f"{what} works on a database file. A practice server's backups are made on the "
            "server by its IT person (pg_dump; see docs/practice-server.md)."
        )


def db_path_of(args: argparse.Namespace) -> Path:
    """The database the command works on: ``--db``, else the one in the data folder."""
    from therapist_desk.paths import default_db_path

    return (args.db or default_db_path()).expanduser().absolute()


@contextmanager
def writing(args: argparse.Namespace, *, holder: str, **open_options: Any) -> Iterator[Any]:
    """The open `Database` of ``args``, held under the practice lock for ``holder``.

    With ``--database-url`` it is the practice server's, as the URL's login (no lock: the
    server orders concurrent writes itself, and row security decides what is seen).
    """
    if getattr(args, "database_url", None):
        with writing_on_server(args.database_url) as database:
            yield database
        return
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.store.database import open_database
    from therapist_desk.store.encryption import finish_interrupted_change
    from therapist_desk.store.lock import COMMAND_WAIT_SECONDS, take_lock

    db_path = db_path_of(args)
    key = passphrase_for(db_path)  # asked before the lock is taken: typing takes time
    with take_lock(db_path, holder=holder, wait=COMMAND_WAIT_SECONDS), told(db_path):
        database = open_database(db_path, key=key, **open_options)
        try:
            finish_interrupted_change(database)
            yield database
        finally:
            database.engine.dispose()


@contextmanager
def writing_on_server(url: str) -> Iterator[Any]:
    """The practice server's `Database`, as the URL's login (its password asked for)."""
    from therapist_desk.commands._server_login import password_for
    from therapist_desk.store.database import open_server_database
    from therapist_desk.store.server import parse_url

    address, in_url = parse_url(url)
    database = open_server_database(address, password_for(address, in_url))
    try:
        yield database
    finally:
        database.engine.dispose()


@contextmanager
def told(db_path: Path) -> Iterator[None]:
    """Errors about ``db_path`` inside the block, in the classifier's words."""
    from therapist_desk.store.problems import classify

    try:
        yield
    except Exception as err:
        problem = classify(err, db_path)
        if problem is None or problem is err:
            raise
        raise problem from None


@contextmanager
def practice_writing(args: argparse.Namespace, *, holder: str) -> Iterator[Any]:
    """`writing`, as the services' `Practice`: the settings, and the catalogue as the
    practice asks it (its choices of what is asked alone), as the window has them."""
    from therapist_desk.paths import settings_path
    from therapist_desk.services.practice import (
        Practice,
        catalogue_as_asked,
        load_shipped_catalogue,
    )
    from therapist_desk.settings import load_settings

    settings = load_settings()
    shipped = load_shipped_catalogue()
    with writing(args, holder=holder, keep_backups=settings.backup_count) as database:
        yield Practice(
            database=database,
            settings=settings,
            settings_path=settings_path(),
            catalogue=catalogue_as_asked(settings, shipped),
            shipped_catalogue=shipped,
        )
