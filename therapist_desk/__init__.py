"""Therapist Desk: structured first-consultation intake for therapists."""

from pathlib import Path

__version__ = "0.1.0"
APP_NAME = "Therapist Desk"
LICENCE = "MIT"


def resources_dir() -> Path:
    """The folder of the data shipped with the app: catalogue, fonts, icons.

    An installed wheel carries it inside the package (``therapist_desk/resources``); in a
    source tree or an editable install it sits beside the package.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "resources"
    return packaged if packaged.is_dir() else package.parent / "resources"
