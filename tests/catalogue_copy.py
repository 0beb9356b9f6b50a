"""A copy of the shipped catalogue with a newer version and changed thresholds, for tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from therapist_desk.intake import catalogue_dir, load_catalogue


def bumped_catalogue(tmp_path: Path, item9_at_least: int = 2):
    """A copy of the catalogue, version 9.9.9, with new PHQ-9 thresholds and citation.

    The item-9 flag needs ``item9_at_least``; the cut-off is 12, the minimal important
    difference 6, and the citation is reworded.
    """
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest["catalogue_version"] = "9.9.9"
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    phq9 = json.loads((target / "phq9.json").read_text(encoding="utf-8"))
    phq9["flags"][0]["when"][0]["at_least"] = item9_at_least
    phq9["flags"][0]["label"] = "Risk: item 9 at 2 or more"
    phq9["cutoff"]["at_least"] = 12
    phq9["citation"] += " Reprinted."
    phq9["change"]["minimal_important_difference"]["value"] = 6
    (target / "phq9.json").write_text(json.dumps(phq9), encoding="utf-8")
    return load_catalogue(target)
