"""Sharing a summary: preview, save, print, email, and exporting a client's data."""
