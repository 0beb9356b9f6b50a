"""The intake wizard: pages, questions, and the controller that saves every answer."""
