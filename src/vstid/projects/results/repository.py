"""All SQL of the result register, background IP and agreements."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Membership
from vstid.projects.models import ProjectPartner
from vstid.projects.results.models import (
    AgreementSignature,
    BackgroundIP,
    ProjectAgreement,
    ProjectResult,
    ResultOwner,
)
from vstid.projects.results.permissions import (
    only_public,
    restrict_agreements,
    restrict_background_ip,
    restrict_results,
)

__all__ = [
    "AgreementRepository",
    "BackgroundIPRepository",
    "PartnerRepository",
    "ResultRepository",
]


def _with_children(stmt: Select[ProjectResult]) -> Select[ProjectResult]:
    return stmt.options(selectinload(ProjectResult.owners), selectinload(ProjectResult.licenses))


class ResultRepository(Repository[ProjectResult]):
    model = ProjectResult

    def of_project(
        self, project_id: uuid.UUID, user: User | None, kind: str | None = None
    ) -> list[ProjectResult]:
        stmt = select(ProjectResult).where(ProjectResult.project_id == project_id)
        if kind:
            stmt = stmt.where(ProjectResult.kind == kind)
        stmt = stmt.order_by(ProjectResult.result_date.desc(), ProjectResult.created_at.desc())
        return list(self.session.scalars(restrict_results(_with_children(stmt), user)))

    def one(
        self, project_id: uuid.UUID, result_id: uuid.UUID, user: User | None
    ) -> ProjectResult | None:
        stmt = select(ProjectResult).where(
            ProjectResult.id == result_id, ProjectResult.project_id == project_id
        )
        return self.session.scalars(restrict_results(_with_children(stmt), user)).first()

    def for_update(self, project_id: uuid.UUID, result_id: uuid.UUID) -> ProjectResult | None:
        """The result, its row locked for the rest of the unit (PostgreSQL; SQLite's write
        unit already holds the database), so two status changes cannot cross."""
        stmt = select(ProjectResult).where(
            ProjectResult.id == result_id, ProjectResult.project_id == project_id
        )
        return self.session.scalars(_with_children(stmt).with_for_update()).first()

    def has_doi(self, project_id: uuid.UUID, doi: str, but: uuid.UUID | None = None) -> bool:
        stmt = select(ProjectResult.id).where(
            ProjectResult.project_id == project_id, ProjectResult.doi == doi
        )
        if but is not None:
            stmt = stmt.where(ProjectResult.id != but)
        return self.session.scalar(select(exists(stmt))) or False

    def unowned(self, project_id: uuid.UUID) -> list[ProjectResult]:
        """Results of the project whose ownership is not recorded (no owner rows; the owners
        that are recorded always add up to 100%)."""
        owned = select(ResultOwner.result_id)
        stmt = (
            select(ProjectResult)
            .where(ProjectResult.project_id == project_id, ProjectResult.id.not_in(owned))
            .order_by(ProjectResult.result_date, ProjectResult.id)
        )
        return list(self.session.scalars(stmt))

    def unowned_count(self, project_id: uuid.UUID) -> int:
        owned = select(ResultOwner.result_id)
        stmt = select(func.count(ProjectResult.id)).where(
            ProjectResult.project_id == project_id, ProjectResult.id.not_in(owned)
        )
        return int(self.session.scalar(stmt) or 0)

    def public(self, project_id: uuid.UUID) -> list[ProjectResult]:
        stmt = (
            select(ProjectResult)
            .where(ProjectResult.project_id == project_id)
            .order_by(ProjectResult.result_date.desc(), ProjectResult.id)
        )
        return list(self.session.scalars(only_public(stmt)))

    def in_period(self, project_id: uuid.UUID, start: date, end: date) -> list[ProjectResult]:
        stmt = (
            select(ProjectResult)
            .where(
                ProjectResult.project_id == project_id,
                ProjectResult.result_date >= start,
                ProjectResult.result_date <= end,
            )
            .order_by(ProjectResult.result_date, ProjectResult.id)
        )
        return list(self.session.scalars(_with_children(stmt)))

    def replace_owners(self, result: ProjectResult, owners: list[ResultOwner]) -> None:
        result.owners.clear()
        self.session.flush()  # the old rows go before the new ones arrive
        result.owners.extend(owners)
        self.session.flush()


class BackgroundIPRepository(Repository[BackgroundIP]):
    model = BackgroundIP

    def of_project(self, project_id: uuid.UUID, user: User | None) -> list[BackgroundIP]:
        stmt = (
            select(BackgroundIP)
            .where(BackgroundIP.project_id == project_id)
            .order_by(BackgroundIP.declared_on, BackgroundIP.id)
        )
        return list(self.session.scalars(restrict_background_ip(stmt, user)))


class AgreementRepository(Repository[ProjectAgreement]):
    model = ProjectAgreement

    def of_project(self, project_id: uuid.UUID, user: User | None) -> list[ProjectAgreement]:
        stmt = (
            select(ProjectAgreement)
            .where(ProjectAgreement.project_id == project_id)
            .options(selectinload(ProjectAgreement.signatures))
            .order_by(ProjectAgreement.dated.desc(), ProjectAgreement.created_at.desc())
        )
        return list(self.session.scalars(restrict_agreements(stmt, user)))

    def one(
        self, project_id: uuid.UUID, agreement_id: uuid.UUID, user: User | None
    ) -> ProjectAgreement | None:
        stmt = (
            select(ProjectAgreement)
            .where(ProjectAgreement.id == agreement_id, ProjectAgreement.project_id == project_id)
            .options(selectinload(ProjectAgreement.signatures))
        )
        return self.session.scalars(restrict_agreements(stmt, user)).first()

    def signature_for_update(
        self, agreement_id: uuid.UUID, partner_id: uuid.UUID
    ) -> AgreementSignature | None:
        stmt = select(AgreementSignature).where(
            AgreementSignature.agreement_id == agreement_id,
            AgreementSignature.partner_id == partner_id,
        )
        return self.session.scalars(stmt.with_for_update()).first()

    def reload(self, agreement: ProjectAgreement) -> None:
        """Sends the signatures just recorded and reads the agreement's back."""
        self.session.flush()
        self.session.refresh(agreement)

    def add_signature(self, signature: AgreementSignature) -> AgreementSignature:
        self.session.add(signature)
        self.session.flush()
        return signature


class PartnerRepository(Repository[ProjectPartner]):
    model = ProjectPartner

    def current(self, project_id: uuid.UUID) -> list[ProjectPartner]:
        stmt = (
            select(ProjectPartner)
            .where(ProjectPartner.project_id == project_id, ProjectPartner.left_on.is_(None))
            .order_by(ProjectPartner.position, ProjectPartner.id)
        )
        return list(self.session.scalars(stmt))

    def all_of(self, project_id: uuid.UUID) -> list[ProjectPartner]:
        stmt = (
            select(ProjectPartner)
            .where(ProjectPartner.project_id == project_id)
            .order_by(ProjectPartner.position, ProjectPartner.id)
        )
        return list(self.session.scalars(stmt))

    def acting_for(self, project_id: uuid.UUID, user_id: uuid.UUID) -> set[uuid.UUID]:
        """The current partners this user acts for: as the partner expert, or as a member of
        the partner organization."""
        current = (ProjectPartner.project_id == project_id, ProjectPartner.left_on.is_(None))
        as_expert = (
            select(ProjectPartner.id)
            .join(ExpertProfile, ExpertProfile.id == ProjectPartner.expert_id)
            .where(ExpertProfile.user_id == user_id, *current)
        )
        as_member = (
            select(ProjectPartner.id)
            .join(Membership, Membership.organization_id == ProjectPartner.organization_id)
            .where(Membership.user_id == user_id, *current)
        )
        return set(self.session.scalars(as_expert.union(as_member)))
