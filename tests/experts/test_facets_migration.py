"""Migration 0007 back-fills the search rows of the profiles already stored, on both databases."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, Table, Uuid, insert, select

from tests.conftest import fresh_postgres_database
from vstid.core.db import make_engine
from vstid.core.migrate import upgrade


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_fills_search_rows_of_stored_profiles(backend: str, tmp_path: Path) -> None:
    url = (
        f"sqlite:///{tmp_path / 'old.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("backfill")
    )
    upgrade(url, "0003")
    upgrade(url, "0004")  # the revisions before 0007, as an installation has them
    engine = make_engine(url)
    expert_id, now = uuid.uuid4(), datetime.now(UTC)
    with engine.begin() as conn:
        tables = MetaData()
        # reflected, except the ids (SQLite reflects them as text)
        hubs = Table("hubs", tables, Column("id", Uuid, primary_key=True), autoload_with=conn)
        profiles = Table("expert_profiles", tables, Column("id", Uuid, primary_key=True),
                         Column("hub_id", Uuid), autoload_with=conn)  # fmt: skip
        hub_id = uuid.uuid4()
        conn.execute(insert(hubs).values(id=hub_id, code="OLD", country="JP", name={},
                                         description={}, is_pilot=False, created_at=now,
                                         updated_at=now))  # fmt: skip
        conn.execute(insert(profiles).values(
            id=expert_id, slug="old", hub_id=hub_id, display_name="Đặng Thu Hà",
            name_variants=["ダン・トゥー・ハー"], languages=["vi", "ja"], headline="Hydrogen storage",
            bio="", bio_language="en", expertise=["MOF"], fields=["new-materials"], capacity=1,
            availability="available", engagement_types=[], visibility="public", claimed=False,
            translations={"ja": {"headline": "水素貯蔵"}}, created_at=now, updated_at=now,
        ))  # fmt: skip
    upgrade(url)
    with engine.connect() as conn:
        tables = MetaData()
        facets = Table("expert_facets", tables, autoload_with=conn)
        profiles = Table("expert_profiles", tables, autoload_with=conn)
        rows = {(f, v) for f, v in conn.execute(select(facets.c.facet, facets.c.value))}
        derived = conn.execute(select(profiles.c.sort_name, profiles.c.fields_key)).one()
    engine.dispose()
    assert {("field", "new-materials"), ("language", "ja"), ("name", "dang"), ("term", "mof"),
            ("term", "hydrogen"), ("name", "dan"), ("term", "shuisuzhuzang")} <= rows  # fmt: skip
    assert tuple(derived) == ("dang thu ha", "|new-materials|")
