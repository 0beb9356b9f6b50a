"""``therapist-desk info``: where the data lives and what state it is in."""

from __future__ import annotations

import argparse

NAME = "info"
HELP = "show the version, the data folder and the database (read-only)"
DESCRIPTION = (
    "Print the app version, the data folder, the database file and its schema revision. "
    "Reads only; never creates or changes a file."
)
ORDER = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments beyond the global --db."""


def run(args: argparse.Namespace) -> int:
    """Print one ``name: value`` line per fact."""
    from therapist_desk import __version__
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.errors import UserError
    from therapist_desk.paths import data_dir, default_db_path
    from therapist_desk.store.database import inspect_database
    from therapist_desk.store.migrate import head_revision

    if getattr(args, "database_url", None):
        return _server_info(args.database_url)
    db_path = (args.db or default_db_path()).expanduser().absolute()
    if db_path.is_dir():
        raise UserError(
            f"Cannot use {db_path} as the database: it is a folder. "
            "Give the path of a database file."
        )
    if db_path.exists() and db_path.stat().st_size > 0:
        revision = inspect_database(db_path, key=passphrase_for(db_path)) or "none (empty)"
    else:
        revision = "not created yet (it is created when the app first starts)"
    print(f"version: {__version__}")
    print(f"data folder: {data_dir()}")
    print(f"database: {db_path}")
    print(f"schema: {revision}")
    print(f"latest schema: {head_revision()}")
    return 0


def _server_info(url: str) -> int:
    """The same facts for a practice server: which one, as whom, and its schema."""
    from therapist_desk import __version__
    from therapist_desk.commands._practice import writing_on_server
    from therapist_desk.paths import data_dir
    from therapist_desk.store.migrate import head_revision

    with writing_on_server(url) as database, database.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    print(f"version: {__version__}")
    print(f"data folder: {data_dir()}")
    print(f"database: {database.describe()} (practice server)")
    print(f"schema: {revision}")
    print(f"latest schema: {head_revision()}")
    return 0
