"""Migration 0019 on both databases: each project's first milestones move into one work
package, "WP1 Work plan", as milestones due on their dates (done → reached); going back
restores them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_hub
from tests.conftest import fresh_postgres_database
from vstid.core.db import make_engine
from vstid.core.migrate import alembic_config, upgrade
from vstid.projects.models import Project, ProjectMilestone
from vstid.projects.plan.models import PlanItem, WorkPackage


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrate.db'}"
    return fresh_postgres_database("plan_migration")


def test_old_milestones_move_into_the_plan_and_back(url: str) -> None:
    upgrade(url, "0013")
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            hub = make_hub(session)
            project = Project(
                origin="direct", hub_id=hub.id, title="Dự án cũ", language="vi",
                translations={}, fields=[], status="active", start_date=date(2026, 1, 1),
                end_date=date(2027, 12, 31),
            )  # fmt: skip
            project.milestones = [
                ProjectMilestone(title="Sau", due_date=date(2027, 6, 1), status="planned"),
                ProjectMilestone(
                    title="Trước", due_date=date(2026, 6, 1), status="done", deliverable="Báo cáo"
                ),
            ]
            bare = Project(origin="direct", hub_id=hub.id, title="Không mốc", language="vi",
                           translations={}, fields=[])  # fmt: skip
            session.add_all([project, bare])
            session.commit()
            project_id = project.id
        upgrade(url, "0019")
        with Session(engine) as session:
            packages = session.scalars(select(WorkPackage)).all()
            assert [
                (p.project_id, p.code, p.title, p.start_month, p.end_month) for p in packages
            ] == [(project_id, "WP1", "Work plan", 1, 24)]
            items = session.scalars(select(PlanItem).order_by(PlanItem.position)).all()
            assert [(i.code, i.kind, i.title, i.due_date, i.due_month, i.status, i.description)
                    for i in items] == [
                ("M1", "milestone", "Trước", date(2026, 6, 1), None, "reached", "Báo cáo"),
                ("M2", "milestone", "Sau", date(2027, 6, 1), None, "pending", ""),
            ]  # fmt: skip
            assert session.scalars(select(ProjectMilestone)).all() == []
        command.downgrade(alembic_config(url), "0013")
        with Session(engine) as session:
            back = session.scalars(select(ProjectMilestone).order_by(ProjectMilestone.due_date))
            assert [(m.title, m.status) for m in back] == [("Trước", "done"), ("Sau", "planned")]
    finally:
        engine.dispose()
