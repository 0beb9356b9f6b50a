"""``therapist-desk verify FILE.pdf``: whether a sealed PDF is unchanged since it was sealed.

Exit status: 0 sealed and unchanged; 1 the seal is broken (the file was changed) or
there is no seal; 2 not a PDF (or one that cannot be opened). Reads only; no database.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "verify"
ORDER = 35
HELP = "check the practice's seal on a PDF: sealed and unchanged (exit 0), or not (1, 2)"
DESCRIPTION = (
    "Check the seal of a clinician's PDF made with --seal (or with Settings › Consent › "
    "Seal the clinician's PDF): it says who sealed it and when, and whether the file was "
    "changed since. The seal is self-signed: it proves the file is unchanged, not who the "
    "practice is. Exit 0: sealed and unchanged; 1: changed, or not sealed; 2: not a PDF."
)
MAX_BYTES = 200 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``FILE.pdf`` and ``--password-file``."""
    parser.add_argument("file", metavar="FILE.pdf", type=Path, help="the PDF to check")
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="the password of a protected PDF, in FILE (its first line)",
    )


def run(args: argparse.Namespace) -> int:
    """Print one line saying what the seal shows; the exit status says it too."""
    import sys

    from therapist_desk.commands.report import read_password
    from therapist_desk.errors import UserError
    from therapist_desk.intake.errors import AnswersFileError
    from therapist_desk.intake.json_input import read_limited
    from therapist_desk.sharing.seal import check_seal

    password = read_password(args.password_file) if args.password_file else None
    try:
        data = read_limited(args.file, max_bytes=MAX_BYTES)
    except AnswersFileError as err:
        raise UserError(str(err)) from None
    result = check_seal(data, password)
    print(f"{args.file}: {result.line}", file=sys.stdout if result.code == 0 else sys.stderr)
    return result.code
