"""Security: the lock screen, passphrases and the lock PIN, encryption at rest."""
