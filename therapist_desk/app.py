"""Composition root: builds settings, database and main window. The only place that wires.

Start-up problems the user can fix (a bad ``--db``, an unwritable data folder, a damaged
database) are shown in a dialog and on stderr, and the app exits with status 2. On a
practice server (``--database-url``, or Settings › Practice server) the connection is
made on a worker and its problems are asked about by `ui.shell.server_start`.

The window paints first: `launch` shows the light frame of the main window, and opens
the database (passphrase, checks, migrations) and fills the window after its first
paint. So the modules imported here are Qt and small ones; the store is imported when
the database is opened. The client list comes next; the intake catalogue, the
integrity check of a large practice and the other rooms wait until it is on screen
(`once_shown`, `ui.shell.rooms`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from therapist_desk import APP_NAME, __version__
from therapist_desk.errors import UserError
from therapist_desk.paths import default_db_path, private_umask
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.first_paint import after_first_paint
from therapist_desk.ui.widgets.qt_workarounds import keep_none_alive

if TYPE_CHECKING:  # imported when the database is opened, after the first paint
    from therapist_desk.services.practice import Practice
    from therapist_desk.store.errors import DatabaseProblem
    from therapist_desk.store.lock import PracticeLock
    from therapist_desk.store.server import ServerAddress

    ServerChoice = tuple[ServerAddress, str | None]
    """A practice server to open, and its password if the URL held one."""

GIL_SWITCH_SECONDS = 0.001
WAIT_FOR_JOBS_AT_EXIT_MS = 30_000
COLLECT_AGAIN_AFTER_MS = 30_000  # at the latest, whatever start-up went through
PRELOADED = ("clients", "intakes", "results", "summaries", "sharing")
"""The operations a first click needs (`therapist_desk.services.*`), loaded on a worker
once the list is shown, so that click does not wait for the models and the rules."""


def ensure_application() -> QApplication:
    """The QApplication, created once with our name and icon."""
    keep_none_alive()
    private_umask()  # window.ini, Qt's own files: readable by the owner only
    # A PDF or a check on a worker thread runs Python code that the UI thread must
    # interrupt to draw: it gets the interpreter within the switch interval. The default
    # 5 ms let a PDF stall the window 25-80 ms; at 1 ms the stalls measured 3-13 ms.
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("therapist-desk")
    app.setDesktopFileName("therapist-desk")
    return app


def dress_application(app: QApplication) -> None:
    """The app's icon and bundled fonts: after the window's first paint when `launch`
    calls it (the icon's SVG engine and the fonts take a few ms each)."""
    from therapist_desk.ui.widgets.fonts import register_bundled_fonts
    from therapist_desk.ui.widgets.icons import app_icon

    if app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    register_bundled_fonts(app)  # names in every script from here on


def ask_what_to_do(problem: DatabaseProblem) -> tuple[str, Path | None]:
    """The user's choice for a database that cannot be opened (restore, choose, quit)."""
    from therapist_desk.ui.shell.startup_problem import ask_what_to_do as ask

    return ask(problem)


def ask_start_passphrase(problem: DatabaseProblem) -> str | None:
    """The passphrase of an encrypted database, asked in a dialog (None: the user quit)."""
    from therapist_desk.ui.security.passphrase_dialog import ask_start_passphrase as ask

    return ask(problem)


def show_startup_error(message: str) -> None:
    """Tell the user why the app cannot start (dialog + one line on stderr)."""
    from PySide6.QtWidgets import QMessageBox

    print(f"therapist-desk: error: {message}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message, QMessageBox.StandardButton.Ok)
    box.setWindowTitle(f"{APP_NAME} cannot start")
    box.exec()


def ask_who_is_using(window: MainWindow) -> None:
    """The very first start (no settings yet): practice, clinician and lock PIN, asked."""
    window.rooms.settings.welcome()


def open_the_practice(db_path: Path | None) -> tuple[Practice, PracticeLock] | None:
    """The practice and its lock, after the user resolved any database problem.

    ``None`` if they quit. The lock is taken before the database is opened (its checks,
    backup and upgrade write beside it), and given up while the user decides. An
    encrypted database asks for its passphrase until it is right or the user quits.
    """
    from therapist_desk.services.backups import restore_backup
    from therapist_desk.services.practice import open_practice
    from therapist_desk.store.errors import DatabaseProblem

    key: str | None = None
    while True:
        lock: PracticeLock | None = None
        try:
            where = (db_path or default_db_path()).expanduser().absolute()
            if not where.is_dir():  # a folder is refused by open_practice, with its reason
                lock = single_instance_lock(where)
                if lock is None:
                    return None
            practice = open_practice(db_path, key=key)
            assert lock is not None
            return practice, lock
        except DatabaseProblem as problem:
            if lock is not None:
                lock.unlock()
            if problem.kind in ("encrypted", "wrong_passphrase"):
                key = ask_start_passphrase(problem)
                if key is None:
                    return None
                continue
            print(f"therapist-desk: error: {problem}", file=sys.stderr)
            choice, path = ask_what_to_do(problem)
            if choice == "quit" or path is None:
                return None
            if choice == "choose":
                db_path = path
                continue
            try:
                restore_backup(
                    backup=path,
                    db_path=problem.path,
                    key=key or _backup_key(path),
                    practice_key=key,
                )
            except UserError as err:
                show_startup_error(str(err))
                return None
            db_path = problem.path
        except UserError as err:
            if lock is not None:
                lock.unlock()
            show_startup_error(str(err))
            return None


def _backup_key(backup: Path) -> str | None:
    """The passphrase of an encrypted backup about to be restored (asked), else None."""
    from therapist_desk.store.driver import is_plain_sqlite
    from therapist_desk.store.errors import DatabaseProblem

    if not backup.is_file() or is_plain_sqlite(backup):
        return None
    problem = DatabaseProblem(
        f"The backup {backup} is encrypted.", path=backup, kind="encrypted", latest_backup=None
    )
    return ask_start_passphrase(problem)


def start(db_path: Path | None) -> MainWindow | None:
    """Build and show the main window, or explain why not and return None (synchronous)."""
    ensure_application()
    window = MainWindow()
    window.show()
    if not open_into(window, db_path):
        window.close()
        window.deleteLater()
        return None
    return window


def launch(
    db_path: Path | None, on_failure: Callable[[], None], *, server: ServerChoice | None = None
) -> MainWindow:
    """Show the main window now; open the database into it after its first paint.

    ``server`` (or, without it and without ``db_path``, the server the settings name)
    opens the practice on a server instead of the file. ``on_failure`` is called (after
    the reason was shown) when it cannot be opened.
    """
    ensure_application()
    # Start-up makes objects that live as long as the app (modules, classes, widgets):
    # the collector's passes over them are pure cost, 50 ms of the start on the
    # 10,000-client practice. It runs again, with them frozen, once the list is shown.
    gc.disable()
    QTimer.singleShot(COLLECT_AGAIN_AFTER_MS, resume_collector)
    window = MainWindow()

    def failed() -> None:
        resume_collector()
        window.close()
        on_failure()

    def open_now() -> None:
        from therapist_desk.services.server import server_at_start

        target = server or server_at_start(db_path)
        if target is not None:
            open_on_server(window, target, db_path=db_path, on_failure=failed)
        elif not open_into(window, db_path):
            failed()

    def say_opening() -> None:
        line = window.show_opening()  # "Opening your practice…", on screen while it opens
        if line is not None:
            after_first_paint(line, open_now)

    after_first_paint(window, say_opening)
    window.show()
    return window


def open_into(window: MainWindow, db_path: Path | None) -> bool:
    """Open the practice (asking what the user needs to decide) and fill ``window``."""
    dress_application(ensure_application())  # after the first paint when `launch` calls it
    opened = open_the_practice(db_path)
    if opened is None:
        return False
    fill(window, *opened)
    return True


def fill(
    window: MainWindow,
    practice: Practice,
    lock: PracticeLock,
    *,
    server_lost: Callable[[str], None] | None = None,
) -> None:
    """Fill ``window`` with the open ``practice`` (holding ``lock``), then what waits.

    A page the quick open did not read that turns out damaged is offered a restore; on a
    practice server, a connection lost meanwhile is said by ``server_lost(message)``.
    """
    app = ensure_application()
    first_start = not practice.settings_path.exists()
    from therapist_desk.ui.widgets.theme import apply_theme

    apply_theme(app, practice.settings.text_scale, practice.settings.appearance)
    window.instance_lock = lock
    from sqlalchemy.exc import DBAPIError

    try:
        window.attach(practice)
    except DBAPIError as err:
        address = practice.database.server
        if address is not None:
            from therapist_desk.services.server import problem_while_opening

            practice.close()
            (server_lost or show_startup_error)(str(problem_while_opening(err, address)))
            return
        # A damaged page that the quick open did not read.
        problem = _damaged(practice.database.file, str(err.orig))
        QTimer.singleShot(0, lambda: recover(window, problem))
        return
    from therapist_desk.store.encryption import finish_interrupted_change

    try:
        finish_interrupted_change(practice.database)  # an encryption change cut short
    except UserError as err:
        window.statusBar().showMessage(str(err), 15_000)
    after_first_paint(window, lambda: once_shown(window, first_start=first_start))


def open_on_server(
    window: MainWindow,
    server: ServerChoice,
    *,
    db_path: Path | None,
    on_failure: Callable[[], None],
) -> None:
    """Open the practice on its server into ``window`` (`ui.shell.server_start`), holding
    this computer's lock for it; "the file on this computer for now" opens ``db_path``."""
    from therapist_desk.services.practice import server_files_anchor
    from therapist_desk.ui.shell.server_start import ServerStart

    dress_application(ensure_application())
    address, password = server
    name = f"the practice server ({address.describe()})"
    lock = single_instance_lock(server_files_anchor(), name=name)
    if lock is None:
        on_failure()
        return
    ServerStart(
        window,
        address,
        password,
        lock=lock,
        fill=lambda practice, lost: fill(window, practice, lock, server_lost=lost),
        open_file=lambda: open_into(window, db_path),
        failed=on_failure,
    ).begin()


def resume_collector() -> None:
    """Let the garbage collector run again after start-up (`launch` paused it), on the
    UI thread only (`ui.widgets.collector`: a collection on a worker can delete a widget
    there, and crash).

    What start-up made is frozen first (`gc.freeze`): it stays for the app's lifetime,
    and no collection walks it again (the few hundred cyclic leftovers of imports stay
    too). Safe to call more than once.
    """
    from therapist_desk.ui.widgets.collector import collect_on_ui_thread, collecting_on_ui_thread

    if not collecting_on_ui_thread():
        gc.freeze()
        collect_on_ui_thread()


def once_shown(window: MainWindow, *, first_start: bool = False) -> None:
    """What waits until the filled window is on screen, so the list does not wait for it.

    The windows' input watch (Enter on buttons, the auto-lock's activity) starts here.
    On the very first start the welcome asks who is using the app, over the list (its
    settings pages and their models are loaded then, not before the list). The
    collector runs again (`resume_collector`). On workers: the intake catalogue is
    read and the operations a first click needs are loaded (the list needs neither; a
    damaged catalogue is reported as before, and the app closes), a large practice's
    integrity check runs (then the day's backup: the check reads the whole file, and on
    a busy machine it took CPU and disk from the start of the window), and old
    mail-app drafts go.
    """
    from therapist_desk.ui.widgets import input_watch
    from therapist_desk.ui.widgets.ops import run_op

    input_watch.install(ensure_application(), window)
    if first_start:
        ask_who_is_using(window)
    resume_collector()
    practice = window.practice

    def remove_old_drafts() -> int:
        from therapist_desk.services.sharing import remove_drafts  # loaded on the worker

        return remove_drafts(practice=practice)

    def unusable(message: str) -> None:
        show_startup_error(message)
        window.close()

    def prepare() -> None:
        _ = practice.catalogue  # read now: a damaged one raises here
        for name in PRELOADED:
            import_module(f"therapist_desk.services.{name}")

    run_op(prepare, lambda _none: None, unusable, housekeeping=True)
    if not practice.integrity_checked:
        check_later(window)
    run_op(
        remove_old_drafts,
        lambda _removed: None,
        lambda _message: None,
        housekeeping=True,
    )


def _damaged(path: Path, detail: str) -> DatabaseProblem:
    from therapist_desk.store.backup import latest_backup
    from therapist_desk.store.errors import DatabaseProblem

    return DatabaseProblem(
        f"The database {path} is damaged ({detail}), perhaps by a disk error.",
        path=path,
        kind="damaged",
        latest_backup=latest_backup(path),
    )


def check_later(window: MainWindow) -> None:
    """Run the quick integrity check of a large practice on a worker thread.

    The day's backup is taken after it passed (not before: a damaged file must not push
    a good backup out of the rotation).
    """
    from therapist_desk.store.backup import backup_if_stale
    from therapist_desk.store.inspect import integrity_problem
    from therapist_desk.ui.widgets.ops import run_op

    database = window.practice.database
    keep = window.practice.settings.backup_count
    path = database.file  # a practice server is checked by its own (never "integrity_checked")

    def check() -> DatabaseProblem | None:
        problem = integrity_problem(path, key=database.key)
        if problem is None:
            backup_if_stale(path, key=database.key, keep=keep)
        return problem

    def done(problem: DatabaseProblem | None) -> None:
        if problem is not None and window.isVisible():
            recover(window, problem)

    def failed(message: str) -> None:
        if window.isVisible():
            recover(window, _damaged(path, message))

    run_op(check, done, failed)


_REOPENED: list[MainWindow] = []


def recover(window: MainWindow, problem: DatabaseProblem) -> None:
    """The open database turned out damaged: offer restore / another file / quit.

    The window is closed (its engine and lock released) and, unless the user quits, a
    new one opens on the restored or chosen file.
    """
    print(f"therapist-desk: error: {problem}", file=sys.stderr)
    choice, path = ask_what_to_do(problem)
    key = window.practice.database.key if hasattr(window, "practice") else None
    replacement = None
    if choice != "quit" and path is not None:
        replacement = MainWindow()
        replacement.show()  # first, so that closing the old window does not quit the app
        _REOPENED.append(replacement)
    window.close()
    if hasattr(window, "practice"):
        window.practice.close()
    window.deleteLater()  # with its idle watch and lock, which would otherwise live on
    if replacement is None or path is None:
        return
    target = path
    if choice == "restore":
        from therapist_desk.services.backups import restore_backup

        try:
            restore_backup(
                backup=path, db_path=problem.path, key=key or _backup_key(path), practice_key=key
            )
        except UserError as err:
            show_startup_error(str(err))
            replacement.close()
            return
        target = problem.path
    if not open_into(replacement, target):
        replacement.close()


def single_instance_lock(db_path: Path, *, name: str | None = None) -> PracticeLock | None:
    """Hold the practice lock while the window is open; None (and a message) if taken.

    It is the lock every command that writes takes too (`store.lock`). A lock left by a
    crashed app (its process is gone) is taken over, so a power cut never keeps the
    practice from opening.
    """
    from therapist_desk.store.errors import PracticeInUse
    from therapist_desk.store.lock import WINDOW, take_lock

    where = name or db_path
    try:
        return take_lock(db_path, holder=WINDOW, wait=0.2)
    except PracticeInUse as busy:
        if busy.holder == WINDOW:
            message = (
                f"Therapist Desk is already open on {where} (process {busy.pid}). Use that "
                "window: two windows on the same records could overwrite each other's answers."
            )
        else:
            message = (
                f"Therapist Desk cannot open {where} now: {busy.holder or 'another program'} "
                f"(process {busy.pid}) is changing it. Wait for it to finish, then open "
                "Therapist Desk again."
            )
        show_startup_error(message)
        return None


def report_unexpected_error(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """The app's ``sys.excepthook``: a calm message, never a traceback or client data.

    A full disk is said as such, and so is a practice server that went away or turned
    the login away. The exception's own text is not shown or printed, as
    it can quote a database row; ``THERAPIST_DESK_DEBUG=1`` prints the traceback.
    """
    import os
    import traceback

    from PySide6.QtWidgets import QMessageBox

    from therapist_desk.services.errors import server_unavailable
    from therapist_desk.store.disk_full import disk_full_error

    known = disk_full_error(value, None) or server_unavailable(value)  # said as such
    message = (
        str(known)
        if known is not None
        else f"Something went wrong ({kind.__name__}). Everything saved before is safe. "
        "If it happens again, note what you were doing and report it."
    )
    print(f"therapist-desk: error: {message}", file=sys.stderr)
    if os.environ.get("THERAPIST_DESK_DEBUG"):
        traceback.print_exception(kind, value, tb)
    app = QApplication.instance()
    parent = app.activeWindow() if isinstance(app, QApplication) else None
    QMessageBox.warning(parent, APP_NAME, message)


def run_gui(*, db_path: Path | None, server: ServerChoice | None = None) -> int:
    """Run the desktop app until its window closes; return the exit status.

    ``server``: the practice server of ``--database-url`` (its address and password).
    """
    sys.excepthook = report_unexpected_error
    app = ensure_application()
    failed: list[bool] = []

    def quit_with_error() -> None:
        failed.append(True)
        app.exit(2)

    window = launch(db_path, quit_with_error, server=server)
    status = app.exec()
    # Let a job still running (a PDF being saved, an integrity check) end before Python
    # tears down the objects it reports to.
    QThreadPool.globalInstance().waitForDone(WAIT_FOR_JOBS_AT_EXIT_MS)
    from therapist_desk.ui.widgets.ops import housekeeping_pool

    housekeeping_pool().waitForDone(WAIT_FOR_JOBS_AT_EXIT_MS)
    del window
    return 2 if failed else status
