"""The practice's logo: a PNG or JPEG file, checked where it is set and again before a PDF.

A logo that is missing, is another kind of file, or does not decode is left out of the
PDF (the header shows the practice name alone); the settings refuse it when it is chosen.
"""

from __future__ import annotations

from pathlib import Path

SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


def logo_problem(path: Path) -> str | None:
    """Why ``path`` cannot be the logo (a sentence to show), or ``None`` if it can."""
    if not path.is_file():
        return f"The logo file {path} does not exist (or is not a file)."
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        return f"The logo file {path} cannot be read ({err.strerror or err})."
    if not head.startswith(SIGNATURES):
        return f"The logo file {path} is not a PNG or JPEG image; choose a .png or .jpg file."
    try:
        from reportlab.lib.utils import ImageReader

        ImageReader(str(path)).getRGBData()
    except Exception:  # Pillow's errors differ by format and version
        return f"The logo file {path} is damaged: it cannot be read as an image."
    return None
