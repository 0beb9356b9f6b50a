"""`therapist-desk --database-url URL`: a URL that is not right is one line and exit 2,
before any window; a good one goes to the desktop app with its address and password."""

from __future__ import annotations

import pytest

from therapist_desk import cli
from therapist_desk.store.server import ServerAddress


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "mysql://dr_ada@db.practice.example/group",
            "A practice server URL starts with postgresql://, for example "
            "postgresql://USER@HOST:5432/DATABASE.",
        ),
        (
            "postgresql://db.practice.example/group",
            "The practice server URL has no user name; for example "
            "postgresql://USER@HOST:5432/DATABASE.",
        ),
        (
            "postgresql://dr_ada@db.practice.example:fifty/group",
            "The practice server URL is not valid (the port must be a number); for example "
            "postgresql://USER@HOST:5432/DATABASE.",
        ),
        (
            "postgresql://dr_ada@db.practice.example/group?sslmode=sometimes",
            "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full "
            "(it was 'sometimes').",
        ),
    ],
)
def test_a_url_that_is_not_right_is_one_line_and_exit_2(
    url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--database-url", url]) == 2  # before the app (and Qt) is imported
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"therapist-desk: error: {said}\n")


def test_database_url_and_db_cannot_be_given_together(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--db", str(tmp_path / "x.sqlite3"), "--database-url", "postgresql://a@b/c"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_good_url_opens_the_window_on_that_server(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("PySide6", reason="the desktop app needs Qt (not in the headless run)")
    given: dict[str, object] = {}
    monkeypatch.setattr("therapist_desk.app.run_gui", lambda **kwargs: given.update(kwargs) or 0)
    url = "postgresql://dr_ada:S%40fe-1@db.practice.example:6432/group?sslrootcert=/etc/ca.crt"
    assert cli.main(["--database-url", url]) == 0
    assert given == {
        "db_path": None,
        "server": (
            ServerAddress(
                host="db.practice.example",
                user="dr_ada",
                port=6432,
                database="group",
                sslrootcert="/etc/ca.crt",
            ),
            "S@fe-1",
        ),
    }
