"""Plain data the client page and wizard show, built by the backend."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.models import ClientKind
from therapist_desk.ui.intake_table_model import IntakeRow
from therapist_desk.ui.measure_chart import Series


@dataclass(frozen=True)
class PersonView:
    """One participant as the client page shows them."""

    position: int
    values: dict[str, Any]

    def summary_html(self) -> str:
        """Name, preferred name, pronouns and contact details on one line, escaped."""
        v = self.values
        parts = [f"<b>{escape(v['name'])}</b>"]
        for key in ("preferred_name", "pronouns", "date_of_birth", "email", "phone"):
            if v.get(key):
                parts.append(escape(str(v[key])))
        return " · ".join(parts)


@dataclass(frozen=True)
class ClientView:
    """Everything the client page shows about one client."""

    client_id: int
    kind: ClientKind
    display_name: str
    archived: bool
    people: list[PersonView]
    intakes: list[IntakeRow]
    draft_id: int | None
    series: list[Series]


@dataclass(frozen=True)
class IntakeSession:
    """What the wizard needs to show (or resume) a draft."""

    intake_id: int
    kind: IntakeKind
    people: dict[int, str]
    answers: dict[int | None, dict[str, Any]]
    resume: tuple[str | None, int | None]
    title: str


def person_values(person: Any) -> dict[str, Any]:
    return {
        "name": person.name,
        "preferred_name": person.preferred_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "pronouns": person.pronouns,
        "email": person.email,
        "phone": person.phone,
        "notes": person.notes,
    }


def decision_text(decision: Any) -> str:
    if decision is None:
        return "—"
    label = explain.order_label(TherapyOrder(decision.final_order))
    return label if decision.accepted else f"{label} (override)"
