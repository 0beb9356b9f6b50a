"""Unexpected errors are reported calmly, and never quote what a client said. No Qt.

(The desktop app's reports are in tests/ui/test_gui_error_reports.py.)
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from therapist_desk.cli import report_unexpected
from therapist_desk.store.database import open_database

NAME = "Wilhelmina Quorndon-Azikiwe"


def test_the_cli_reports_an_unexpected_error_in_one_line(capsys, monkeypatch) -> None:
    monkeypatch.delenv("THERAPIST_DESK_DEBUG", raising=False)
    assert report_unexpected(RuntimeError(f"row for {NAME}")) == 1
    err_text = capsys.readouterr().err
    assert err_text.count("\n") == 1 and NAME not in err_text
    assert "something went wrong (RuntimeError)" in err_text
    assert report_unexpected(OSError(errno.ENOSPC, "No space left on device")) == 2


def test_database_errors_do_not_quote_their_parameters(tmp_path: Path) -> None:
    database = open_database(tmp_path / "data" / "practice.sqlite3")
    with pytest.raises(OperationalError) as caught, database.engine.connect() as connection:
        connection.execute(sa.text("SELECT * FROM no_such_table WHERE name = :n"), {"n": NAME})
    assert "no such table" in str(caught.value) and NAME not in str(caught.value)
    database.engine.dispose()
