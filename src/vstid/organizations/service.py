"""Reading organizations. Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.pagination import Page, PageParams
from vstid.organizations.models import Organization
from vstid.organizations.repository import MembershipRepository, OrganizationRepository

__all__ = ["OrganizationQueries"]


class OrganizationQueries:
    def __init__(self, session: Session) -> None:
        self.repo = OrganizationRepository(session)

    def page(
        self, params: PageParams, *, kind: str | None = None, q: str | None = None
    ) -> Page[Organization]:
        return self.repo.paginate(self.repo.listing(kind=kind, q=q), params)

    def count(self) -> int:
        return self.repo.count()

    def get(self, slug: str) -> Organization:
        org = self.repo.by_slug(slug)
        if org is None:
            raise NotFound(N_("organization not found"))
        return org

    def members_of(self, org: Organization) -> list[Organization]:
        return self.repo.children(org.id)

    def by_ids(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        return self.repo.by_ids(ids)

    def by_id(self, org_id: uuid.UUID | None) -> Organization | None:
        return self.repo.get(org_id) if org_id else None

    def of_member(self, user_id: uuid.UUID) -> list[Organization]:
        """A requester in several organizations chooses which one posts an order."""
        found = self.repo.by_ids(set(MembershipRepository(self.repo.session).org_ids_of(user_id)))
        return sorted(found.values(), key=lambda o: o.name)
