from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from vstid.core.repository import Repository
from vstid.organizations.models import Membership, Organization

__all__ = ["MembershipRepository", "OrganizationRepository"]


class OrganizationRepository(Repository[Organization]):
    model = Organization

    def by_slug(self, slug: str) -> Organization | None:
        return self.get_by(slug=slug)

    def listing(self, *, kind: str | None = None, q: str | None = None) -> Select[Organization]:
        stmt = select(Organization).order_by(Organization.name)
        if kind:
            stmt = stmt.where(Organization.kind == kind)
        if q:
            stmt = stmt.where(Organization.name.ilike(f"%{q}%"))
        return stmt

    def by_ids(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        if not ids:
            return {}
        return {o.id: o for o in self.list(select(Organization).where(Organization.id.in_(ids)))}

    def children(self, org_id: uuid.UUID) -> list[Organization]:
        stmt = (
            select(Organization).where(Organization.parent_id == org_id).order_by(Organization.name)
        )
        return list(self.list(stmt))


class MembershipRepository(Repository[Membership]):
    model = Membership

    def org_ids_of(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        stmt = select(Membership.organization_id).where(Membership.user_id == user_id)
        return list(self.session.scalars(stmt).all())

    def is_member(self, user_id: uuid.UUID, org_id: uuid.UUID) -> bool:
        return self.get_by(user_id=user_id, organization_id=org_id) is not None
