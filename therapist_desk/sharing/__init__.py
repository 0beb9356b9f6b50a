"""Sharing a summary outside the app: email, mail-app drafts, and data exports.

Plain Python (no Qt, no database): the UI gathers the data and calls these functions,
on a worker where they touch the network or the disk.
"""
