"""The command line: the GUI by default, plus scriptable sub-commands.

Each sub-command is one small module in ``therapist_desk.commands`` (see its
``__init__``); adding one means adding a module and its name to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from therapist_desk import __version__
from therapist_desk.commands import load_commands
from therapist_desk.errors import UserError

PROG = "therapist-desk"


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser, with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Therapist Desk: a structured first-consultation intake that scores validated\n"
            "measures and suggests in which order therapy could start.\n\n"
            "Without a command, the desktop app opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help="use this database file instead of the one in the data folder",
    )
    where.add_argument(
        "--database-url",
        metavar="URL",
        help="use the practice server instead (the app and the commands): "
        "postgresql://USER@HOST:5432/DATABASE; the password from the URL, the system "
        "keyring, or asked",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check this installation end to end in a temporary home (the data folder is "
        "not opened), then exit: 0 when it works, else one line naming what failed",
    )
    # The app's own print job (`ui.sharing.print_job`): started by the window, not by people.
    parser.add_argument("--print-job", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in load_commands():
        sub = subparsers.add_parser(
            command.NAME, help=command.HELP, description=command.DESCRIPTION
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the GUI or a sub-command; return the exit status.

    Files this process creates are private (umask 077); the passphrase given in the
    environment is taken out of it at once, so no process started later inherits it;
    everything printed is filtered of terminal escape sequences.
    """
    from therapist_desk.commands import _server_login
    from therapist_desk.commands._passphrase import take_from_environment
    from therapist_desk.commands._terminal import safe_output
    from therapist_desk.paths import private_umask

    private_umask()
    take_from_environment()
    _server_login.take_from_environment()
    with safe_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.smoke_test:
            from therapist_desk.smoke import run_smoke_test

            return run_smoke_test()
        if args.print_job:
            from therapist_desk.ui.sharing.print_job import run_print_job

            return run_print_job(sys.stdin.buffer, sys.stdout)
        if args.command is None:
            return _run_gui(args)
        return int(args.run(args))
    except UserError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as err:  # never a traceback (it can quote data) on the terminal
        return report_unexpected(err)


def _run_gui(args: argparse.Namespace) -> int:
    """The desktop app, on the file or on the server of ``--database-url`` (checked first:
    a URL that is not right is one line and exit 2, before any window)."""
    server = None
    if args.database_url is not None:
        from therapist_desk.services.server import parse_url

        server = parse_url(args.database_url)
    from therapist_desk.app import run_gui

    return run_gui(db_path=args.db, server=server)


def report_unexpected(err: BaseException) -> int:
    """One line for an error nobody planned for; a full disk is said as such (exit 2).

    The exception's own message is not printed: it can quote a database row. Set
    ``THERAPIST_DESK_DEBUG=1`` to see the whole traceback when investigating.
    """
    import os

    from therapist_desk.store.disk_full import disk_full_error

    full = disk_full_error(err, None)
    if full is not None:
        print(f"{PROG}: error: {full}", file=sys.stderr)
        return full.exit_code
    if os.environ.get("THERAPIST_DESK_DEBUG"):
        raise err
    print(
        f"{PROG}: error: something went wrong ({type(err).__name__}); nothing more was "
        "changed. Run again with THERAPIST_DESK_DEBUG=1 for the details to report.",
        file=sys.stderr,
    )
    return 1
