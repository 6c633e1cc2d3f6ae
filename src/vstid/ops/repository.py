"""All SQL of the operational checks."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["OpsRepository"]


class OpsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ping(self) -> None:
        """Raises when the database cannot answer a query."""
        self.session.execute(text("SELECT 1"))
