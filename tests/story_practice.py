"""A practice with a couple seen six times, made as a practice would make it: by the CLI.

A first consultation and five re-assessments (`therapist_desk.demo.progress.story_files`,
synthetic people), each imported with ``therapist-desk import`` (the later ones with
``--client REF``). Shared by the progress PDF tests and the client-page tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from therapist_desk.cli import main
from therapist_desk.demo.progress import story_files
from therapist_desk.intake import load_catalogue

FIRST_VISIT = dt.date(2026, 1, 12)


def imported_story(folder: Path) -> Path:
    """The database of the story practice, made in ``folder``."""
    db = folder / "practice.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THERAPIST_DESK_HOME", str(folder / "home"))
        files = []
        for n, data in enumerate(story_files(load_catalogue(), FIRST_VISIT)):
            path = folder / f"v{n}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            files.append(path)
        assert main(["--db", str(db), "import", str(files[0])]) == 0
        from therapist_desk.services.practice import open_practice
        from therapist_desk.services.progress import client_references

        practice = open_practice(db)
        ref = client_references(practice=practice)[0]["reference"]
        practice.close()
        for path in files[1:]:
            assert main(["--db", str(db), "import", str(path), "--client", ref]) == 0
    return db
