"""The new-client form refuses what the store and answers files refuse, with the same limits."""

from __future__ import annotations

from therapist_desk.intake import limits
from therapist_desk.ui.clients.client_dialog import ClientDialog


def test_the_form_refuses_a_preferred_name_over_the_shared_limit(qtbot) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    form = dialog.forms[0]
    form.inputs["name"].setText("Synthetic Person")  # type: ignore[union-attr]
    form.inputs["preferred_name"].setText("P" * (limits.PREFERRED_NAME + 1))  # type: ignore[union-attr]
    dialog.try_accept()
    assert dialog.result_shape is None
    assert form.errors["preferred_name"].text() == "Use at most 120 characters."
