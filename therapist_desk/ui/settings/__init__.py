"""Settings: the practice, the clinician, PDFs, backups and email."""
