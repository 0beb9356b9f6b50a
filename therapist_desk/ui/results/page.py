"""Results: the suggested order, why, what would change it, and the clinician's decision.

Shown from the recommendation as it was stored at completion, so an old intake reads
the same after the rules change. Private material (safety actions, private reasons) is
marked as such; the privacy screen hides the whole page when the screen is shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake import explain
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.reports.data import Decision
from therapist_desk.ui.results.sections import (
    comparison_html,
    discrepancies_html,
    focus_html,
    reasons_html,
    scores_html,
)

ORDERS = [TherapyOrder.INDIVIDUAL_FIRST, TherapyOrder.CONCURRENT, TherapyOrder.RELATIONSHIP_FIRST]


def _label(html: str, name: str = "") -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(label.textFormat().RichText)
    if name:
        label.setObjectName(name)
    return label


class ResultsPage(QScrollArea):
    """The recommendation of one completed intake, and the decision controls."""

    decision_made = Signal(str, str, object)  # suggested, final, reason or None
    pdf_requested = Signal(str)  # "client" | "clinician"
    share_requested = Signal()  # preview, print, email
    amend_requested = Signal()
    reevaluate_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.rec: Mapping[str, Any] = {}
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(18, 12, 24, 18)
        self.setWidget(self.body)
        self.accept_radio = QRadioButton(self.tr("Accept the suggestion"))
        self.override_radio = QRadioButton(self.tr("Override to:"))
        self.override_order = QComboBox()
        for order in ORDERS:
            self.override_order.addItem(explain.order_label(order), order.value)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the override (required)"))
        self.reason.setFixedHeight(70)
        self.reason.setTabChangesFocus(True)
        self.decision_error = _label("", "fieldError")
        self.decision_error.hide()
        self.decision_status = _label("")
        self.decide_button = QPushButton(self.tr("Record decision"))
        self.decide_button.setObjectName("primary")
        self.client_pdf = QPushButton(self.tr("Client PDF…"))
        self.clinician_pdf = QPushButton(self.tr("Clinician PDF…"))
        self.share_button = QPushButton(self.tr("Preview / share…"))
        self.share_button.setObjectName("primary")
        self.amend_button = QPushButton(self.tr("Amend answers…"))
        self.reevaluate_button = QPushButton()
        self.reevaluate_button.hide()
        self.comparison: QFrame | None = None
        self.back_button = QPushButton(self.tr("← Client"))
        group = QButtonGroup(self)
        group.addButton(self.accept_radio)
        group.addButton(self.override_radio)
        self.accept_radio.setChecked(True)
        for widget, name in (
            (self.accept_radio, self.tr("Accept the suggested order")),
            (self.override_radio, self.tr("Override the suggested order")),
            (self.override_order, self.tr("Order chosen instead")),
            (self.reason, self.tr("Reason for the override")),
            (self.decide_button, self.tr("Record decision")),
            (self.client_pdf, self.tr("Create the client PDF")),
            (self.clinician_pdf, self.tr("Create the clinician PDF")),
            (self.share_button, self.tr("Preview, print or email the summary")),
            (self.amend_button, self.tr("Amend the answers of this intake")),
            (self.reevaluate_button, self.tr("Re-evaluate these answers with today's rules")),
            (self.back_button, self.tr("Back to the client")),
        ):
            widget.setAccessibleName(name)
        self.decide_button.clicked.connect(self.submit_decision)
        self.client_pdf.clicked.connect(lambda: self.pdf_requested.emit("client"))
        self.clinician_pdf.clicked.connect(lambda: self.pdf_requested.emit("clinician"))
        self.share_button.clicked.connect(self.share_requested)
        self.amend_button.clicked.connect(self.amend_requested)
        self.reevaluate_button.clicked.connect(self.reevaluate_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.override_radio.toggled.connect(self._override_toggled)
        self._override_toggled(False)

    def set_default_variant(self, variant: str) -> None:
        """Make the PDF button of the settings' default version the default one."""
        for button, name in ((self.client_pdf, "client"), (self.clinician_pdf, "clinician")):
            button.setDefault(name == variant)

    def show_results(self, rec: Mapping[str, Any], decision: Decision | None) -> None:
        """Fill the page from a stored recommendation and the decision, if one was made."""
        self.rec = rec
        kept = self._kept()
        for widget in kept:  # out of the old rows and card first: deleting those deletes them
            widget.setParent(self.body)
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget() is not None and item.widget() not in kept:
                item.widget().setParent(None)
        names = {p["id"]: p["name"] for p in rec["participants"]}
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.reevaluate_button.hide()
        self.comparison = None
        buttons = (self.reevaluate_button, self.amend_button, self.client_pdf, self.clinician_pdf)
        for button in (*buttons, self.share_button):
            top.addWidget(button)
        holder = QWidget()
        holder.setLayout(top)
        self.layout_.addWidget(holder)
        self.headline = _label(escape(rec["order_label"]), "orderHeadline")
        self.layout_.addWidget(self.headline)
        self.who = _label(f"<b>{escape(rec['headline'])}</b>")
        self.layout_.addWidget(self.who)
        shown = rec.get("strength_label", rec["strength"])  # records of 1.0.0 have no label
        strength = self.tr("Strength of the suggestion: <b>{0}</b>").format(escape(shown))
        if rec["provisional"]:
            strength += self.tr(" · <b>Provisional</b>: some answers the rules read are missing")
        self.strength = _label(strength)
        self.layout_.addWidget(self.strength)
        if rec["safety"]:
            self.layout_.addWidget(self._safety_box(rec["safety"], names))
        self.layout_.addWidget(_label(escape(rec["explanation"])))
        if len(rec["parts"]) > 1:
            steps = "".join(f"<li>{escape(p['text'])}</li>" for p in rec["parts"])
            self.layout_.addWidget(_label(self.tr("<b>The plan</b>") + f"<ol>{steps}</ol>"))
        self.reasons = _label(reasons_html(rec))
        self.layout_.addWidget(self.reasons)
        if rec["counterfactuals"]:
            items = "".join(f"<li>{escape(c['text'])}</li>" for c in rec["counterfactuals"])
            self.layout_.addWidget(
                _label(self.tr("<b>What would change it</b>") + f"<ul>{items}</ul>")
            )
        if rec["discrepancies"]:
            self.layout_.addWidget(_label(discrepancies_html(rec)))
        self.layout_.addWidget(_label(focus_html(rec)))
        self.layout_.addWidget(_label(scores_html(rec, names)))
        self.layout_.addWidget(self._decision_box(rec, decision))
        self.layout_.addStretch(1)

    def _kept(self) -> tuple[QWidget, ...]:
        return (
            self.accept_radio,
            self.override_radio,
            self.override_order,
            self.reason,
            self.decision_error,
            self.decision_status,
            self.decide_button,
            self.client_pdf,
            self.clinician_pdf,
            self.share_button,
            self.amend_button,
            self.reevaluate_button,
            self.back_button,
        )

    def show_reevaluation(self, offer: str | None, comparison: Any | None) -> None:
        """Offer to re-evaluate with today's rules; for a re-evaluation, show both results.

        ``comparison`` has ``rows`` (what, original, re-evaluated) and the original's id.
        """
        self.reevaluate_button.setText(offer or "")
        self.reevaluate_button.setVisible(bool(offer))
        if comparison is None:
            return
        box = QFrame()
        box.setObjectName("card")
        QVBoxLayout(box).addWidget(
            _label(comparison_html(comparison.rows, comparison.original_intake_id))
        )
        self.layout_.insertWidget(self.layout_.indexOf(self.strength) + 1, box)
        self.comparison = box

    def _safety_box(self, safety: list[dict[str, Any]], names: dict[str, str]) -> QFrame:
        box = QFrame()
        box.setObjectName("safetyBox")
        layout = QVBoxLayout(box)
        layout.addWidget(_label(self.tr("<b>Safety — act before any joint session</b>")))
        for action in safety:
            who = ", ".join(names[p] for p in action["participant_ids"] if p in names)
            private = self.tr(" (private — not in the client PDF)") if action["private"] else ""
            layout.addWidget(_label(f"• <b>{escape(who)}</b>{private}: {escape(action['text'])}"))
        self.safety_box = box
        return box

    def _decision_box(self, rec: Mapping[str, Any], decision: Decision | None) -> QFrame:
        box = QFrame()
        box.setObjectName("card")
        layout = QVBoxLayout(box)
        layout.addWidget(_label(self.tr("<b>Your decision</b> — the app suggests; you decide.")))
        override_row = QHBoxLayout()
        override_row.addWidget(self.override_radio)
        override_row.addWidget(self.override_order, 1)
        for widget in (self.accept_radio,):
            layout.addWidget(widget)
        layout.addLayout(override_row)
        layout.addWidget(self.reason)
        layout.addWidget(self.decision_error)
        layout.addWidget(self.decide_button)
        layout.addWidget(self.decision_status)
        self.show_decision(decision)
        return box

    def show_decision(self, decision: Decision | None) -> None:
        """Say what was decided, or that nothing has been yet."""
        if decision is None:
            self.decision_status.setText(self.tr("No decision recorded yet."))
            return
        when = (
            decision.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if isinstance(decision.decided_at, datetime)
            else str(decision.decided_at or "")
        )
        text = self.tr("Decided {0} by {1}: <b>{2}</b>").format(
            when, escape(decision.decided_by), escape(decision.final_order_label)
        )
        if decision.overridden:
            text += self.tr(" (override; reason: {0})").format(escape(decision.reason or ""))
        self.decision_status.setText(text)

    def _override_toggled(self, on: bool) -> None:
        self.override_order.setEnabled(on)
        self.reason.setEnabled(on)

    def submit_decision(self) -> None:
        """Emit the decision; an override without a reason is refused with a message."""
        suggested = self.rec["order"]
        if self.accept_radio.isChecked():
            self.decision_error.hide()
            self.decision_made.emit(suggested, suggested, None)
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.decision_error.setText(self.tr("Give a reason for the override; it is recorded."))
            self.decision_error.show()
            self.reason.setFocus()
            return
        self.decision_error.hide()
        self.decision_made.emit(suggested, self.override_order.currentData(), reason)
