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
    from therapist_desk import summaries
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.commands.recommend import load_catalogue_or_exit
    from therapist_desk.commands.report import read_password
    from therapist_desk.errors import UserError
    from therapist_desk.models import AuditAction
    from therapist_desk.paths import default_db_path
    from therapist_desk.reports import render_report, write_pdf_atomic
    from therapist_desk.settings import load_settings
    from therapist_desk.store.audit import record_event
    from therapist_desk.store.database import open_database
    from therapist_desk.store.session import new_session

    password = read_password(args.password_file) if args.password_file else None
    db_path = args.db or default_db_path()
    if not db_path.exists():
        raise UserError(f"There is no database at {db_path} yet, so no intake to export.")
    settings = load_settings()
    variant = args.variant or settings.default_pdf_variant
    catalogue = load_catalogue_or_exit()
    database = open_database(
        db_path, key=passphrase_for(db_path), keep_backups=settings.backup_count
    )
    with new_session(database.engine) as session:
        output = args.output or Path(
            summaries.summary_filename(session=session, intake_id=args.intake_id, variant=variant)
        )
        data, client_id = summaries.report_input(
            session=session, catalogue=catalogue, settings=settings, intake_id=args.intake_id
        )
        write_pdf_atomic(output, render_report(data, variant=variant, password=password))
        record_event(
            session=session,
            client_id=client_id,
            action=AuditAction.EXPORTED,
            intake_id=args.intake_id,
            detail=f"{variant} summary PDF (command line)",
        )
    print(f"Wrote {output}")
    return 0
