"""A synthetic practice for trying the app, screenshots and benchmarks: invented people only.

``build_practice(engine=..., catalogue=..., clients=N, seed=S)`` stores N clients
(individuals and couples) with several intakes each, completed and drafts, whose answers
are plausible and whose snapshots come from the intake engine.
"""

from therapist_desk.demo.practice import build_practice, plan_practice

__all__ = ["build_practice", "plan_practice"]
