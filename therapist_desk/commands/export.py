"""``therapist-desk export INTAKE_ID -o OUT.pdf``: the summary PDF of a stored intake."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "export"
ORDER = 35
HELP = "write the PDF summary (clinician or client version) of a completed intake"
DESCRIPTION = (
    "Write the intake summary of a completed intake in the database as a PDF, the same "
    "document the app saves from its results screen. The client version leaves out "
    "everything disclosed privately. The intake id is printed by `therapist-desk import` "
    "and shown in the app."
)


HOLDER = "`therapist-desk export`"
ID_MAX = 2**63 - 1  # SQLite's largest row id


def intake_number(text: str) -> int:
    """A whole number that can be an intake's id (argparse says so if it cannot)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an intake number: {text[:40]!r}") from None
    if not 1 <= value <= ID_MAX:
        raise argparse.ArgumentTypeError(
            f"no intake has the number {text[:40]}: intake numbers are 1 or more, as printed "
            "by `therapist-desk import` and shown in the app"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``INTAKE_ID``, ``-o``, ``--variant`` and ``--password-file``."""
    parser.add_argument(
        "intake_id", metavar="INTAKE_ID", type=intake_number, help="the intake's number"
    )
    from therapist_desk.commands.report import add_pdf_arguments

    add_pdf_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Render the stored intake's summary; write it and its audit event, or neither."""
    from therapist_desk import summaries
    from therapist_desk.commands._practice import db_path_of, writing
    from therapist_desk.commands.recommend import load_catalogue_or_exit
    from therapist_desk.commands.report import check_output, read_password
    from therapist_desk.errors import UserError
    from therapist_desk.settings import load_settings
    from therapist_desk.store.session import new_session

    password = read_password(args.password_file) if args.password_file else None
    db_path = db_path_of(args)
    if not db_path.exists():
        raise UserError(f"There is no database at {db_path} yet, so no intake to export.")
    settings = load_settings()
    variant = args.variant or settings.default_pdf_variant
    catalogue = load_catalogue_or_exit()
    with (
        writing(args, holder=HOLDER, keep_backups=settings.backup_count) as database,
        new_session(database.engine) as session,
    ):
        output = args.output or Path(
            summaries.summary_filename(session=session, intake_id=args.intake_id, variant=variant)
        )
        check_output(output, args, inputs={"the password file": args.password_file})
        data, client_id = summaries.report_input(
            session=session, catalogue=catalogue, settings=settings, intake_id=args.intake_id
        )
        _write_audited(session, output, data, variant, password, args.intake_id, client_id)
    print(f"Wrote {output}")
    return 0


def _write_audited(
    session: Any, output: Path, data: Any, variant: str, password: str | None, intake_id: int,
    client_id: int,
) -> None:  # fmt: skip
    """Write the PDF while its audit event is held; drop the PDF if the event is not kept."""
    from therapist_desk.commands.report import note_unusable_logo
    from therapist_desk.models import AuditAction
    from therapist_desk.reports import render_report, write_pdf_atomic
    from therapist_desk.store.audit import recording_event

    note_unusable_logo(data.logo_path)
    pdf = render_report(data, variant=variant, password=password)
    written = False
    try:
        with recording_event(
            session=session,
            client_id=client_id,
            action=AuditAction.EXPORTED,
            intake_id=intake_id,
            detail=f"{variant} summary PDF (command line)",
        ):
            write_pdf_atomic(output, pdf)
            written = True
    except BaseException:
        if written:
            output.unlink(missing_ok=True)
        raise
