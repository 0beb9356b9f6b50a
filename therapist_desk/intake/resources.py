"""Where the instrument catalogue shipped with the app lives."""

from __future__ import annotations

from pathlib import Path

from therapist_desk import resources_dir

__all__ = ["catalogue_dir", "resources_dir"]


def catalogue_dir() -> Path:
    """The folder holding the instrument catalogue (``manifest.json`` and one file per part)."""
    return resources_dir() / "catalogue"
