"""What every room uses: the one way off the UI thread, dialogs, theme, icons."""
