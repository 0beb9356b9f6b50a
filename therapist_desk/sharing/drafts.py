"""A message as an ``.eml`` draft, for the clinician's own mail app to open and send."""

from __future__ import annotations

import os
import re
import tempfile
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from therapist_desk.errors import UserError

FILE_MODE = 0o600


def write_eml_draft(message: EmailMessage, *, name: str = "summary") -> Path:
    """Write ``message`` (with ``X-Unsent: 1``) to a new private folder; returns the file.

    The folder is created mode 0700 and the file mode 0600, so no other user of the
    computer can read the attached summary.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "summary"
    try:
        folder = Path(tempfile.mkdtemp(prefix="therapist-desk-draft-"))
        os.chmod(folder, 0o700)
        path = folder / f"{safe}.eml"
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes(policy=SMTP))
    except OSError as err:
        raise UserError(f"Cannot prepare the email draft: {err.strerror or err}.") from None
    return path
