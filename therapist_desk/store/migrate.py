"""Alembic, driven from code: the app upgrades its database on start.

The revisions this version knows are listed here as constants, so a start on a database
that is already up to date never imports Alembic (about a third of a second). A test
checks that the list matches the migration scripts, so a new migration cannot be
forgotten here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
)
"""Every schema revision, oldest first; the last one is the head."""


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    return REVISIONS[-1]


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app can read or upgrade from."""
    return frozenset(REVISIONS)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def scripts() -> ScriptDirectory:
    """Alembic's view of the migration scripts (imports Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database up to ``revision``."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
