from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, column, select, table, true

from vstid.core.repository import Repository
from vstid.organizations.models import JoinRequest, JoinStatus, Membership, Organization, OrgStatus

__all__ = [
    "JoinRequestRepository",
    "MembershipRepository",
    "OrganizationRepository",
    "RosterRow",
]

# Organizations sit beside accounts and may not import it: the roster reads the three columns
# it needs of the users table by name.
_users = table("users", column("id"), column("display_name"), column("email"), column("is_active"))


@dataclass(frozen=True)
class RosterRow:
    user_id: uuid.UUID
    display_name: str
    email: str
    role: str


class OrganizationRepository(Repository[Organization]):
    model = Organization

    def by_slug(self, slug: str) -> Organization | None:
        return self.get_by(slug=slug)

    def listing(
        self, *, kind: str | None = None, q: str | None = None, slug: str | None = None
    ) -> Select[Organization]:
        stmt = select(Organization).order_by(Organization.name)
        if slug is not None:
            stmt = stmt.where(Organization.slug == slug)
        if kind:
            stmt = stmt.where(Organization.kind == kind)
        if q:
            stmt = stmt.where(Organization.name.ilike(f"%{q}%"))
        return stmt

    def by_ids(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        if not ids:
            return {}
        return {o.id: o for o in self.list(select(Organization).where(Organization.id.in_(ids)))}

    def pending_in(self, hub_ids: set[uuid.UUID] | None) -> list[Organization]:
        """Organizations awaiting verification; None = every hub (an admin)."""
        stmt = select(Organization).where(Organization.status == OrgStatus.pending.value)
        if hub_ids is not None:
            stmt = stmt.where(Organization.hub_id.in_(hub_ids))
        return list(self.list(stmt.order_by(Organization.created_at)))

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

    def of_user(self, user_id: uuid.UUID) -> list[Membership]:
        return list(self.list(select(Membership).where(Membership.user_id == user_id)))

    def roster(self, org_id: uuid.UUID, *, role: str | None = None) -> list[RosterRow]:
        """The organization's active members (only those with `role` when given), admins
        first, then by name."""
        stmt = (
            select(Membership.user_id, _users.c.display_name, _users.c.email, Membership.role)
            .join(_users, _users.c.id == Membership.user_id)
            .where(Membership.organization_id == org_id, _users.c.is_active == true())
            .where(Membership.role == role if role else true())
            .order_by((Membership.role != "admin"), _users.c.display_name)
        )
        return [RosterRow(*row) for row in self.session.execute(stmt).all()]

    def role_in(self, user_id: uuid.UUID, org_id: uuid.UUID) -> str | None:
        row = self.get_by(user_id=user_id, organization_id=org_id)
        return row.role if row else None


class JoinRequestRepository(Repository[JoinRequest]):
    model = JoinRequest

    def pending_of(self, user_id: uuid.UUID, org_id: uuid.UUID) -> JoinRequest | None:
        return self.get_by(user_id=user_id, organization_id=org_id, status=JoinStatus.pending.value)

    def of_user(self, user_id: uuid.UUID) -> list[JoinRequest]:
        stmt = select(JoinRequest).where(JoinRequest.user_id == user_id)
        return list(self.list(stmt.order_by(JoinRequest.created_at.desc())))

    def pending_for(self, org_ids: set[uuid.UUID]) -> list[JoinRequest]:
        if not org_ids:
            return []
        stmt = select(JoinRequest).where(
            JoinRequest.organization_id.in_(org_ids), JoinRequest.status == JoinStatus.pending.value
        )
        return list(self.list(stmt.order_by(JoinRequest.created_at)))
