"""Clients: the searchable list, a client's page, and the new/edit client dialog."""
