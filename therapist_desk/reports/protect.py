"""Password protection of a finished PDF with AES-256 (PDF 2.0 security handler).

reportlab 5.1's own AES mode writes files that readers refuse even with the right
password, and its 128-bit mode is RC4, which is no protection for health information.
So the renderer writes the plain PDF to memory and this step encrypts it with pypdf
(AES-256, via the ``cryptography`` package); nothing unencrypted reaches the disk.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter

ALGORITHM = "AES-256"


def protect(pdf: bytes, password: str) -> bytes:
    """``pdf`` encrypted so that it opens only with ``password`` (metadata kept)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm=ALGORITHM)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
