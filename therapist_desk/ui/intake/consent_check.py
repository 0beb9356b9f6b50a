"""Before an intake starts: the practice's consent words must have been reviewed.

Nobody can agree to the template of the couples policy until the practice has read it
and kept it (Settings › Consent; `services.consent.NOT_REVIEWED`). Found on the consent
page, with the couple in the room, that was a "Not saved" box, and Settings is for the
clinician alone. So it is checked when Start is pressed, in *Clinician only*: the
clinician is told, and offered to review the words right there; the intake starts once
they are kept, and not before. The rule itself is the services' and stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


class ConsentCheck:
    """The question asked when the consent text is not reviewed (tests replace it)."""

    @classmethod
    def ask_to_review(cls, parent: QWidget) -> bool:
        """Say the consent text has not been reviewed; whether to review it now."""
        tr = parent.tr
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Review the consent text first"),
            tr("Your practice's consent text has not been reviewed yet."),
            parent=parent,
        )
        box.setInformativeText(
            tr(
                "Every intake opens on the couples policy, and nobody can agree to its "
                "template until you have read it, changed what your practice does "
                "differently, and kept it. Review it now, before the clients see it? The "
                "intake starts once it is kept."
            )
        )
        review = box.addButton(tr("Review the consent text…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(review)
        box.exec()
        return box.clickedButton() is review


def ready_to_start(
    parent: QWidget, *, reviewed: Callable[[], bool], review: Callable[[], None]
) -> bool:
    """Whether the intake may start: its consent text is reviewed, or the clinician
    reviewed it now (``review`` opens Settings › Consent and returns when it closes)."""
    if reviewed():
        return True
    if ConsentCheck.ask_to_review(parent):
        review()
    return reviewed()
