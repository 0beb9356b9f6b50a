"""``therapist-desk export INTAKE_ID -o OUT.pdf``: the summary PDF of a stored intake,
or with ``--format fhir`` its FHIR R4 Bundle for an EHR."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "export"
ORDER = 35
HELP = "write the PDF summary or the FHIR R4 Bundle (clinician or client version) of an intake"
DESCRIPTION = (
    "Write the intake summary of a completed intake in the database as a PDF, the same "
    "document the app saves from its results screen, or (--format fhir) as a FHIR R4 "
    "Bundle an EHR can take in (see docs/fhir.md). The client version leaves out "
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
    parser.add_argument(
        "--format",
        choices=("pdf", "fhir"),
        default="pdf",
        help="pdf: the summary (default); fhir: a FHIR R4 Bundle (JSON); its version is "
        "client unless --variant clinician is given",
    )


def run(args: argparse.Namespace) -> int:
    """Render the stored intake's summary; write it and its audit event, or neither."""
    from therapist_desk.commands._practice import db_path_of, on_server, practice_writing
    from therapist_desk.commands.report import (
        check_output,
        note_unusable_logo,
        read_password,
    )
    from therapist_desk.errors import UserError
    from therapist_desk.services import summaries

    db_path = db_path_of(args)
    if not on_server(args) and not db_path.exists():
        raise UserError(f"There is no database at {db_path} yet, so no intake to export.")
    if args.format == "fhir":
        return _fhir(args)
    password = read_password(args.password_file) if args.password_file else None
    with practice_writing(args, holder=HOLDER) as practice:
        variant = args.variant or practice.settings.default_pdf_variant
        output = args.output or Path(
            summaries.summary_filename(practice=practice, intake_id=args.intake_id, variant=variant)
        )
        check_output(output, args, inputs={"the password file": args.password_file})
        note_unusable_logo(summaries.practice_info(practice.settings).logo_path)
        summaries.save_summary(
            practice=practice,
            intake_id=args.intake_id,
            variant=variant,
            path=output,
            password=password,
            via=" (command line)",
            seal=True if args.seal else None,
        )
    print(f"Wrote {output}")
    return 0


def _fhir(args: argparse.Namespace) -> int:
    """Write the intake's FHIR Bundle and its audit event, or neither."""
    from therapist_desk.commands._practice import practice_writing
    from therapist_desk.commands.report import check_output
    from therapist_desk.errors import UserError
    from therapist_desk.services import fhir

    if args.password_file:
        raise UserError(
            "A FHIR Bundle is JSON for another system and cannot carry a password; leave out "
            "--password-file, and keep the file where only you can read it."
        )
    if args.seal:
        raise UserError(
            "A FHIR Bundle is JSON, not a PDF, and cannot carry the practice's seal; leave "
            "out --seal."
        )
    variant = fhir.check_variant(args.variant or fhir.CLIENT)
    with practice_writing(args, holder=HOLDER) as practice:
        output = args.output or Path(
            fhir.fhir_filename(practice=practice, intake_id=args.intake_id, variant=variant)
        )
        check_output(output, args, inputs={})
        fhir.save_fhir(
            practice=practice,
            intake_id=args.intake_id,
            variant=variant,
            path=output,
            via=" (command line)",
        )
    print(f"Wrote {output}")
    return 0
