from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.orm import selectinload

from vstid.core.models import utcnow
from vstid.core.repository import Repository
from vstid.core.upsert import insert_for
from vstid.experts.models import ExpertProfile, Publication, ReindexMark

__all__ = ["ExpertRepository", "PublicationRepository", "ReindexMarkRepository"]

Mark = tuple[uuid.UUID, uuid.UUID]  # (expert id, token)


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


class ReindexMarkRepository(Repository[ReindexMark]):
    model = ReindexMark

    def mark(self, expert_id: uuid.UUID) -> None:
        """Insert or renew the mark in one statement (two requests marking one profile at once
        must not collide on the key)."""
        row = {"expert_id": expert_id, "token": uuid.uuid4(), "marked_at": utcnow()}
        stmt = insert_for(self.session, ReindexMark).values(**row)
        renew = {"token": stmt.excluded.token, "marked_at": stmt.excluded.marked_at}
        self.session.execute(stmt.on_conflict_do_update(index_elements=["expert_id"], set_=renew))

    def oldest(self, limit: int) -> list[Mark]:
        stmt = (
            select(ReindexMark.expert_id, ReindexMark.token)
            .order_by(ReindexMark.marked_at, ReindexMark.expert_id)
            .limit(limit)
        )
        return [(expert_id, token) for expert_id, token in self.session.execute(stmt)]

    def clear(self, marks: Sequence[Mark]) -> None:
        """Delete these marks unless renewed since they were read (a newer token stays)."""
        for start in range(0, len(marks), 200):  # stay under bind-parameter limits
            chunk = marks[start : start + 200]
            match = [and_(ReindexMark.expert_id == e, ReindexMark.token == t) for e, t in chunk]
            self.session.execute(delete(ReindexMark).where(or_(*match)))

    def waiting(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(ReindexMark)) or 0)
