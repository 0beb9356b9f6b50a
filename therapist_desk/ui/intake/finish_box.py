"""The question before an intake is finished: finish, or keep answering, with the gaps."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_finish(parent: QWidget, gaps: list[str], *, hidden: bool = False) -> bool:
    """Ask whether to finish, naming the unanswered questions ``gaps``. ``hidden``: some
    parts are not shown to the audience now; the note about them is the same whether or
    not anything there is open."""
    tr = parent.tr
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    notes = []
    if gaps:
        shown = "\n".join(f"• {line}" for line in gaps[:25])
        if len(gaps) > 25:
            shown += "\n" + tr("…and {0} more").format(len(gaps) - 25)
        box.setWindowTitle(tr("Unanswered questions"))
        box.setText(tr("{0} questions are not answered. Finish anyway?").format(len(gaps)))
        notes.append(tr("They will show as “not answered”, and the suggestion may be provisional."))
        box.setDetailedText(shown)
        finish = box.addButton(tr("Finish with gaps"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setWindowTitle(tr("Finish the intake"))
        box.setText(tr("Finish the intake and prepare the results?"))
        finish = box.addButton(tr("Finish"), QMessageBox.ButtonRole.AcceptRole)
    if hidden:
        notes.append(
            tr("Questions in the parts not shown now are listed with Clinician only (Ctrl+1).")
        )
    notes.append(tr("Answers can still be amended afterwards."))
    box.setInformativeText(" ".join(notes))
    keep = box.addButton(tr("Keep answering"), QMessageBox.ButtonRole.RejectRole)
    # A stray Enter never finishes an intake with gaps; with none, Enter finishes.
    box.setDefaultButton(keep if gaps else finish)
    box.exec()
    return box.clickedButton() is finish
