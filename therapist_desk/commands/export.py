"""``therapist-desk export INTAKE_ID -o OUT.pdf``: the summary PDF of a stored intake."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "export"
ORDER = 35
HELP = "write the PDF summary (clinician or client version) of a completed intake"
DESCRIPTION = (
    "Write the intake summary of a completed intake in the database as a PDF, the same "
    "document the app saves from its results screen. The client version leaves out "
    "everything disclosed privately. The intake id is printed by `therapist-desk import` "
    "and shown in the app."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``INTAKE_ID``, ``-o``, ``--variant`` and ``--password-file``."""
    parser.add_argument("intake_id", metavar="INTAKE_ID", type=int, help="the intake's number")
    from therapist_desk.commands.report import add_pdf_arguments

    add_pdf_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Render the stored intake's summary and write it atomically; audit the export."""
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.commands.report import read_password
    from therapist_desk.errors import UserError
    from therapist_desk.paths import default_db_path
    from therapist_desk.services import summaries
    from therapist_desk.services.practice import open_practice

    password = read_password(args.password_file) if args.password_file else None
    db_path = args.db or default_db_path()
    if not db_path.exists():
        raise UserError(f"There is no database at {db_path} yet, so no intake to export.")
    practice = open_practice(db_path, key=passphrase_for(db_path), check_integrity=True)
    try:
        variant = args.variant or practice.settings.default_pdf_variant
        output = args.output or Path(
            summaries.summary_filename(practice=practice, intake_id=args.intake_id, variant=variant)
        )
        summaries.save_summary(
            practice=practice,
            intake_id=args.intake_id,
            variant=variant,
            path=output,
            password=password,
            via=" (command line)",
        )
    finally:
        practice.close()
    print(f"Wrote {output}")
    return 0
