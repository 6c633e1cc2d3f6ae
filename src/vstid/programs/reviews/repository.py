"""All SQL of the review part: calls and applications under review, assignments, the facts
conflicts are computed from (members, organizations, publications, declarations), and the
frozen versions reviewers read."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile, Publication
from vstid.organizations.models import Organization
from vstid.programs.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
)
from vstid.programs.calls.models import Call
from vstid.programs.models import AgencyRole, Program, ProgramAgency
from vstid.programs.permissions import staff_clause
from vstid.programs.reviews.models import Conflict, ReviewAssignment, ReviewStatus
from vstid.programs.reviews.permissions import restrict_reviews

__all__ = ["UNDER_REVIEW", "ReviewRepository"]

# Applications the review part works on: in review, and shortlisted (still scored).
UNDER_REVIEW = (ApplicationStatus.in_review.value, ApplicationStatus.shortlisted.value)


class ReviewRepository(Repository[ReviewAssignment]):
    model = ReviewAssignment

    # -- calls and applications -------------------------------------------------------------
    def call_by_reference(self, reference: str) -> Call | None:
        return self.session.scalars(select(Call).where(Call.reference == reference)).first()

    def is_staff_of(self, user: User | None, program_id: uuid.UUID) -> bool:
        stmt = select(Program.id).where(Program.id == program_id, staff_clause(user))
        return self.session.scalar(stmt) is not None

    def call(self, call_id: uuid.UUID) -> Call | None:
        return self.session.get(Call, call_id)

    def application(self, application_id: uuid.UUID) -> Application | None:
        return self.session.get(Application, application_id)

    def applications(self, call_id: uuid.UUID, statuses: Iterable[str]) -> list[Application]:
        stmt = select(Application).where(
            Application.call_id == call_id, Application.status.in_(list(statuses))
        )
        return list(self.session.scalars(stmt.order_by(Application.reference)))

    def owner_agencies(self, program_id: uuid.UUID) -> list[ProgramAgency]:
        stmt = select(ProgramAgency).where(
            ProgramAgency.program_id == program_id,
            ProgramAgency.role == AgencyRole.owner.value,
        )
        return list(self.session.scalars(stmt.order_by(ProgramAgency.position)))

    def latest_version(self, application_id: uuid.UUID) -> ApplicationVersion | None:
        stmt = select(ApplicationVersion).where(ApplicationVersion.application_id == application_id)
        return self.session.scalars(stmt.order_by(ApplicationVersion.number.desc())).first()

    # -- assignments --------------------------------------------------------------------------
    def visible(self, review_id: uuid.UUID, user: User | None) -> ReviewAssignment | None:
        stmt = select(ReviewAssignment).where(ReviewAssignment.id == review_id)
        return self.session.scalars(restrict_reviews(stmt, user)).first()

    def of_expert(self, expert_id: uuid.UUID) -> list[tuple[ReviewAssignment, Application, Call]]:
        stmt = (
            select(ReviewAssignment, Application, Call)
            .join(Application, Application.id == ReviewAssignment.application_id)
            .join(Call, Call.id == Application.call_id)
            .where(ReviewAssignment.expert_id == expert_id)
            .order_by(ReviewAssignment.assigned_at.desc(), ReviewAssignment.id)
        )
        return [(r, a, c) for r, a, c in self.session.execute(stmt)]

    def of_applications(self, application_ids: Iterable[uuid.UUID]) -> list[ReviewAssignment]:
        ids = list(application_ids)
        if not ids:
            return []
        stmt = select(ReviewAssignment).where(ReviewAssignment.application_id.in_(ids))
        return list(self.session.scalars(stmt.order_by(ReviewAssignment.assigned_at)))

    def pair(self, application_id: uuid.UUID, expert_id: uuid.UUID) -> ReviewAssignment | None:
        return self.get_by(application_id=application_id, expert_id=expert_id)

    def open_load(self, expert_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Assigned reviews not yet submitted nor declined, per expert."""
        ids = list(expert_ids)
        if not ids:
            return {}
        stmt = (
            select(ReviewAssignment.expert_id, func.count())
            .where(
                ReviewAssignment.expert_id.in_(ids),
                ReviewAssignment.status == ReviewStatus.assigned.value,
            )
            .group_by(ReviewAssignment.expert_id)
        )
        return {e: int(n) for e, n in self.session.execute(stmt)}

    # -- the facts conflicts are computed from ----------------------------------------------
    def experts(self, expert_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ExpertProfile]:
        ids = list(expert_ids)
        if not ids:
            return {}
        stmt = select(ExpertProfile).where(ExpertProfile.id.in_(ids))
        return {e.id: e for e in self.session.scalars(stmt)}

    def expert_of_user(self, user_id: uuid.UUID) -> ExpertProfile | None:
        stmt = select(ExpertProfile).where(ExpertProfile.user_id == user_id)
        return self.session.scalars(stmt).first()

    def organizations(self, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Organization]:
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return {}
        stmt = select(Organization).where(Organization.id.in_(wanted))
        return {o.id: o for o in self.session.scalars(stmt)}

    def publications(self, expert_ids: Iterable[uuid.UUID]) -> list[Publication]:
        ids = list(expert_ids)
        if not ids:
            return []
        stmt = select(Publication).where(Publication.expert_id.in_(ids))
        return list(self.session.scalars(stmt.order_by(Publication.id)))

    def declared(self, application_id: uuid.UUID) -> list[Conflict]:
        stmt = select(Conflict).where(Conflict.application_id == application_id)
        return list(self.session.scalars(stmt.order_by(Conflict.declared_at)))

    def declared_pair(self, application_id: uuid.UUID, expert_id: uuid.UUID) -> Conflict | None:
        stmt = select(Conflict).where(
            Conflict.application_id == application_id, Conflict.expert_id == expert_id
        )
        return self.session.scalars(stmt).first()

    def add_conflict(self, row: Conflict) -> Conflict:
        self.session.add(row)
        self.session.flush()
        return row
