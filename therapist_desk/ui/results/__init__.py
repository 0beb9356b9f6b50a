"""Results: the suggested order, its reasons, and the clinician's decision."""
