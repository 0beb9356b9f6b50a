"""Therapist Desk: structured first-consultation intake for therapists."""

__version__ = "0.1.0"
APP_NAME = "Therapist Desk"
LICENCE = "MIT"
