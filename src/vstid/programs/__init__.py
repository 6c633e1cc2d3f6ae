"""Programs and calls: the grant-management side of the platform (see models.py)."""
