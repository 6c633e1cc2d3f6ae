from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile, Publication

__all__ = ["ExpertRepository", "PublicationRepository"]


class ExpertRepository(Repository[ExpertProfile]):
    model = ExpertProfile

    def by_slug(self, slug: str) -> ExpertProfile | None:
        return self.get_by(slug=slug)

    def by_user(self, user_id: uuid.UUID) -> ExpertProfile | None:
        return self.get_by(user_id=user_id)

    def listing(
        self,
        *,
        q: str | None = None,
        country: str | None = None,
        availability: str | None = None,
        hub_id: uuid.UUID | None = None,
    ) -> Select[ExpertProfile]:
        stmt = select(ExpertProfile).order_by(ExpertProfile.display_name, ExpertProfile.id)
        if q:
            like = f"%{q}%"
            stmt = stmt.where(
                or_(
                    ExpertProfile.display_name.ilike(like),
                    ExpertProfile.headline.ilike(like),
                    ExpertProfile.affiliation.ilike(like),
                )
            )
        if country:
            stmt = stmt.where(ExpertProfile.residence_country == country.upper())
        if availability:
            stmt = stmt.where(ExpertProfile.availability == availability)
        if hub_id:
            stmt = stmt.where(ExpertProfile.hub_id == hub_id)
        return stmt

    def with_publications(self, stmt: Select[ExpertProfile]) -> Select[ExpertProfile]:
        return stmt.options(selectinload(ExpertProfile.publications))


class PublicationRepository(Repository[Publication]):
    model = Publication
