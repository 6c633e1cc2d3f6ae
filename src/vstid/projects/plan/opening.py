"""The plan a project opens with: the milestones given when a proposal is accepted become
one work package, "WP1 Work plan", of milestones due on fixed dates. Kept apart from the
service so the project service can build it without importing the plan service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_, translate
from vstid.projects.plan.models import MilestoneState, PlanItem, PlanItemKind, WorkPackage

__all__ = ["FIRST_WORK_PACKAGE", "opening_plan"]

FIRST_WORK_PACKAGE = ("WP1", N_("Work plan"))


class _Milestone(Protocol):
    title: str
    due_date: date
    deliverable: str


def opening_plan(
    project_id: object,
    duration_months: int | None,
    end_date: date | None,
    milestones: Sequence[_Milestone],
    language: str = "en",
) -> WorkPackage:
    """One work package spanning the project, with the milestones M1, M2… in date order; a
    milestone due after the project's end is refused (naming the field), nothing saved."""
    if end_date is not None and any(m.due_date > end_date for m in milestones):
        raise ValidationFailed(N_("a milestone is due after the project's end"), field="milestones")
    code, title = FIRST_WORK_PACKAGE
    package = WorkPackage(
        project_id=project_id, code=code, title=translate(title, language), start_month=1,
        end_month=max(1, duration_months or 1), position=0,
    )  # fmt: skip
    ordered = sorted(milestones, key=lambda m: m.due_date)
    package.items = [
        PlanItem(
            project_id=project_id,
            kind=PlanItemKind.milestone.value,
            code=f"M{i}",
            title=m.title,
            description=m.deliverable or "",
            due_date=m.due_date,
            status=MilestoneState.pending.value,
            position=i,
        )
        for i, m in enumerate(ordered, start=1)
    ]
    return package
