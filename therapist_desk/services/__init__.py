"""The application layer: what the clinician does, as keyword-only operations. No Qt.

A :class:`~therapist_desk.services.practice.Practice` is the open database with the
settings and the intake catalogue. The operations are grouped by what the clinician
does — :mod:`clients`, :mod:`intakes`, :mod:`results`, :mod:`summaries`, :mod:`sharing`,
:mod:`security`, :mod:`backups` — and return the typed shapes of :mod:`views`. The
desktop app and the command line both call them; nothing is written twice.
"""
