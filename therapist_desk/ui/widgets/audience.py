"""The audience of the moment, held once for the whole window.

Every room reads `AudienceState.audience` before it shows anything of a client, and
redraws when `changed` fires. The audience changes only by an explicit action of the
clinician (a button or shortcut of the audience bar, the handover, the lock).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from therapist_desk.intake.audience import Audience, AudienceKind
from therapist_desk.ui.widgets.bidi import isolated


class AudienceState(QObject):
    """Who is looking now, and who could be, for the client whose session is open."""

    changed = Signal(object)  # the new Audience
    people_changed = Signal()  # another session's people: other choices

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audience = Audience.clinician()
        self.names: dict[str, str] = {}
        self.couple = False
        self.can_hand_over = False
        """Whether an intake is open, so the device can be handed to one partner."""

    @property
    def audience(self) -> Audience:
        """The audience now."""
        return self._audience

    @property
    def is_clinician(self) -> bool:
        """Whether only the clinician is looking."""
        return self._audience.is_clinician

    def set_people(
        self, names: Mapping[str, str], *, couple: bool, can_hand_over: bool = False
    ) -> None:
        """The participants of the session now open ("p1" → "Alex"), or none."""
        # The names go into sentences ("Jo alone", "Hand to Jo"), each in its own direction.
        self.names = {pid: isolated(name) for pid, name in names.items()}
        self.couple, self.can_hand_over = couple, can_hand_over
        if self._audience.participant and self._audience.participant not in self.names:
            self.set(Audience.clinician())
        self.people_changed.emit()

    def choices(self) -> list[Audience]:
        """The audiences the clinician can switch to now, in the bar's order."""
        if not self.names:
            return [Audience.clinician()]
        found = [Audience.clinician(), Audience.clients()]
        if self.couple:
            found += [Audience.alone(pid) for pid in sorted(self.names)]
        return found

    def label(self, audience: Audience | None = None) -> str:
        """The name of ``audience`` (the current one by default) as the bar shows it."""
        return (audience or self._audience).label(self.names, couple=self.couple)

    def set(self, audience: Audience) -> None:
        """Switch to ``audience`` (one of `choices`); ``changed`` fires if it is new."""
        if audience == self._audience:
            return
        if audience.kind is AudienceKind.ALONE and audience.participant not in self.names:
            raise ValueError(f"no participant {audience.participant!r} in this session")
        self._audience = audience
        self.changed.emit(audience)
