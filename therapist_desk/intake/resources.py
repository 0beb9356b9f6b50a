"""Where the data files shipped with the app live (instrument catalogue, icons)."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder.

    An installed wheel carries it inside the package (``therapist_desk/resources``); in a
    source tree or an editable install it sits beside the package.
    """
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "resources"
    if packaged.is_dir():
        return packaged
    return here.parents[2] / "resources"


def catalogue_dir() -> Path:
    """The folder holding the instrument catalogue (``manifest.json`` and one file per part)."""
    return resources_dir() / "catalogue"
