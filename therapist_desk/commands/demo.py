"""``therapist-desk demo --clients N [--seed S] [--add]``: a synthetic practice to try the app."""

from __future__ import annotations

import argparse

NAME = "demo"
HELP = "fill the database with a synthetic practice of invented clients (for trying the app)"
DESCRIPTION = (
    "Create N invented clients (individuals and couples) in the database of the data folder "
    "(THERAPIST_DESK_HOME) or --db, each with a few intakes over the past years: completed "
    "ones with their scores and suggested order, and some drafts. The same --seed gives the "
    "same clients. A database that already has clients is refused unless --add is given, "
    "which adds the demo clients beside them. Never use it on a real practice's database."
)
ORDER = 90
MAX_CLIENTS = 1_000_000


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_CLIENTS:
        raise argparse.ArgumentTypeError(f"choose from 1 to {MAX_CLIENTS:,} clients")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--clients N`` (required), ``--seed S``, ``--add``."""
    parser.add_argument(
        "--clients", metavar="N", type=_count, required=True, help="how many clients to create"
    )
    parser.add_argument(
        "--seed", metavar="S", type=int, default=1, help="the same seed gives the same practice"
    )
    parser.add_argument(
        "--add",
        action="store_true",
        help="add to a database that already has clients (otherwise it is refused)",
    )


def run(args: argparse.Namespace) -> int:
    """Create the practice and print what was made."""
    import time

    from therapist_desk.commands._practice import writing
    from therapist_desk.demo import build_practice
    from therapist_desk.errors import UserError
    from therapist_desk.intake import load_catalogue
    from therapist_desk.store.clients import count_clients
    from therapist_desk.store.session import new_session

    started = time.perf_counter()
    with writing(args, holder="`therapist-desk demo`") as database:
        with new_session(database.engine) as session:
            existing = count_clients(session=session, include_archived=True)
        if existing and not args.add:
            raise UserError(
                f"The database {database.path} already has {existing:,} clients; "
                "use --add to add demo clients beside them, or choose another --db."
            )
        made = build_practice(
            engine=database.engine, catalogue=load_catalogue(), clients=args.clients, seed=args.seed
        )
    took = time.perf_counter() - started
    print(f"Created {made:,} demo clients in {database.path} ({took:.1f} s).")
    return 0
