"""The intake wizard: one section per page, every answer saved as it is given."""
