"""Opening the settings, saving them, and the backup made from there or the File menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from therapist_desk.errors import UserError
from therapist_desk.services import backups
from therapist_desk.settings import save_settings
from therapist_desk.ui.settings.dialog import SettingsDialog
from therapist_desk.ui.widgets.host import Host, failed_with
from therapist_desk.ui.widgets.ops import run_op


class SettingsController(QObject):
    """The settings dialog and where its choices go."""

    saved = Signal()  # the practice has new settings (apply the lock time, text size…)

    def __init__(self, host: Host, security_tab: Callable[[], QWidget | None]) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self._security_tab = host, security_tab

    def open_settings(self) -> None:
        """Edit the settings; they are saved, and take effect, on Save."""
        practice = self.host.practice
        dialog = SettingsDialog(
            practice.settings,
            data_folder=practice.folder,
            security=self._security_tab(),
            parent=self.host.dialogs.parent,
        )
        dialog.backup_requested.connect(lambda: self.back_up_now(dialog.show_backup_result))
        if self.host.dialogs.run_dialog(dialog) and dialog.result_settings is not None:
            practice.settings = dialog.result_settings
            self.save_quietly()
            self.saved.emit()

    def save_quietly(self) -> None:
        """Save the settings; a failure is shown, never raised."""
        practice = self.host.practice
        try:
            save_settings(practice.settings, practice.settings_path)
        except UserError as err:
            self.host.dialogs.inform(
                self.host.dialogs.tr("Settings not saved"), str(err), warning=True
            )

    def back_up_now(self, report: Callable[[str], None] | None = None) -> None:
        """Back up the database on a worker; say where (or why not)."""
        practice = self.host.practice
        run_op(
            lambda: backups.back_up_now(practice=practice),
            report or self.host.show_status,
            report or failed_with(self.host, self.host.dialogs.tr("Therapist Desk")),
        )
