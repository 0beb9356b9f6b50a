"""Storage: the SQLite engine, migrations, and keyword-only query/command functions."""
