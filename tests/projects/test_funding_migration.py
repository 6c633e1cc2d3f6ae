"""Migration 0015 carries the first projects' funding sources over as funding lines (cash,
calendar fiscal years), on both databases; the old table stays."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Column, Connection, MetaData, Table, Uuid, insert, select

from tests.conftest import fresh_postgres_database
from vstid.core.db import make_engine
from vstid.core.migrate import upgrade


def _table(conn: Connection, name: str) -> Table:
    # reflected, except the ids (SQLite reflects them as text)
    other = Column("hub_id", Uuid) if name == "projects" else Column("project_id", Uuid)
    return Table(name, MetaData(), Column("id", Uuid, primary_key=True), other, autoload_with=conn)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_funding_sources_become_funding_lines(backend: str, tmp_path: Path) -> None:
    url = (
        f"sqlite:///{tmp_path / 'old.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("funding")
    )
    upgrade(url, "0013")
    engine = make_engine(url)
    hub_id, project_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    with engine.begin() as conn:
        hubs = Table("hubs", MetaData(), Column("id", Uuid, primary_key=True), autoload_with=conn)
        conn.execute(insert(hubs).values(id=hub_id, code="OLD", country="VN", name={},
                                         description={}, is_pilot=False, created_at=now,
                                         updated_at=now))  # fmt: skip
        conn.execute(insert(_table(conn, "projects")).values(
            id=project_id, hub_id=hub_id, title="Old project", status="active",
            translations={}, fields=[], created_at=now, updated_at=now,
        ))  # fmt: skip
        conn.execute(insert(_table(conn, "project_funding")), [
            {"id": uuid.uuid4(), "project_id": project_id, "source": "NAFOSTED",
             "amount": Decimal("400000000.00"), "currency": "VND", "position": 0},
            {"id": uuid.uuid4(), "project_id": project_id, "source": "Công ty A",
             "amount": Decimal("150000.50"), "currency": "USD", "share_percent": Decimal("20"),
             "position": 1},
        ])  # fmt: skip
    upgrade(url)
    with engine.connect() as conn:
        lines = _table(conn, "project_funding_lines")
        rows = conn.execute(
            select(lines.c.project_id, lines.c.funder_name, lines.c.amount, lines.c.currency,
                   lines.c.kind, lines.c.fiscal_convention).order_by(lines.c.position)
        ).all()  # fmt: skip
        kept = conn.execute(select(_table(conn, "project_funding").c.source)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        (project_id, "NAFOSTED", Decimal("400000000.00"), "VND", "cash", "calendar"),
        (project_id, "Công ty A", Decimal("150000.50"), "USD", "cash", "calendar"),
    ]
    assert len(kept) == 2
