"""The documents name tests that exist: every ``folder/test_x.py::test_name`` in the
README and docs/ is a test function in that file under tests/ (a promise in
docs/security.md is only as good as the test it names)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"\b([a-z_]+/test_[a-z0-9_]+\.py)(?:::([a-z0-9_]+))?")


def test_every_test_the_documents_name_exists() -> None:
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for path, name in NAMED.findall(doc.read_text(encoding="utf-8")):
            test_file = ROOT / "tests" / path
            if not test_file.is_file():
                missing.append(f"{doc.name}: {path}")
            elif name and not re.search(rf"^def {name}\(", test_file.read_text(), re.M):
                missing.append(f"{doc.name}: {path}::{name}")
    assert missing == []
