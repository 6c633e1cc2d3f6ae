"""Writing expert profiles: onboarding, edits, publications (with dedupe), re-index requests.
Never commits; the request or the import runner does."""

from __future__ import annotations

import re
import uuid
from typing import Any, Protocol

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.audit.service import Auditor
from vstid.core.errors import Forbidden, NotFound
from vstid.core.i18n import N_
from vstid.core.queue.kinds import INDEX_LOCK, MATCHING_ATTEMPTS, JobKind
from vstid.core.queue.service import enqueue
from vstid.core.text import fold
from vstid.experts.models import ExpertExternalId, ExpertProfile, Publication, Visibility
from vstid.experts.repository import ExpertRepository, ReindexMarkRepository
from vstid.experts.schemas import ProfileInput, PublicationInput
from vstid.hubs.repository import HubRepository

__all__ = [
    "ExpertProfileService",
    "WorkLike",
    "completeness",
    "publication_key",
    "slugify",
]

PROFILE_FIELDS = (
    "display_name",
    "name_variants",
    "email",
    "orcid",
    "openalex_id",
    "residence_country",
    "affiliation",
    "languages",
    "headline",
    "bio",
    "bio_language",
    "expertise",
    "fields",
    "capacity",
    "availability",
    "engagement_types",
    "visibility",
    "translations",
)


class WorkLike(Protocol):
    title: str
    year: int | None
    doi: str | None
    abstract: str | None
    venue: str | None
    language: str | None
    source_key: str | None


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:100] or "expert"


def publication_key(title: str, year: int | None) -> str:
    return f"{fold(title)}|{year or ''}"


def snapshot(expert: ExpertProfile) -> dict[str, Any]:
    """A comparable picture of a profile: what an import changed, or what a merge undoes."""
    data: dict[str, Any] = {f: getattr(expert, f) for f in PROFILE_FIELDS}
    data["publications"] = sorted(
        (p.doi or "", p.source_key or "", publication_key(p.title, p.year))
        for p in expert.publications
    )
    data["external_ids"] = sorted((x.scheme, x.value) for x in expert.external_ids)
    return data


class ExpertProfileService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = ExpertRepository(session)

    def unique_slug(self, name: str) -> str:
        base = slugify(name)
        slug, n = base, 1
        while self.repo.by_slug(slug) is not None:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def start_profile(self, user: User, hub_id: uuid.UUID) -> ExpertProfile:
        """The profile a user chose to create; one per user. It starts hidden: a name and an
        e-mail address are not a profile, and the owner picks who sees it when filling it in."""
        existing = self.repo.by_user(user.id)
        if existing is not None:
            return existing
        expert = ExpertProfile(
            slug=self.unique_slug(user.display_name),
            user_id=user.id,
            hub_id=hub_id,
            display_name=user.display_name,
            email=user.email,
            claimed=True,
            languages=[user.locale],
            bio_language=user.locale,
            visibility=Visibility.hidden.value,
        )
        self.repo.add(expert)
        Auditor(self.session, "expert")(user.id, "expert.create", expert.id)
        return expert

    def start_own(self, user: User) -> ExpertProfile:
        """The user's explicit "Create my expert profile" (never a side effect of reading), in
        the user's hub, else the first hub."""
        hub_id = user.hub_id or HubRepository(self.session).all_ordered()[0].id
        return self.start_profile(user, hub_id)

    def own_or_none(self, user: User) -> ExpertProfile | None:
        return self.repo.by_user(user.id)

    def add_imported(self, expert: ExpertProfile, works: list[Any], orcid: str | None) -> int:
        """The expert's own file of works: new works added, the ORCID iD kept if none was set,
        and the index told. Returns how many works were added."""
        added = self.merge_works(expert, works)
        if orcid and not expert.orcid:
            expert.orcid = orcid
        self.request_reindex(expert.id)
        return added

    def own_profile(self, user: User) -> ExpertProfile:
        expert = self.repo.by_user(user.id)
        if expert is None:
            raise NotFound(N_("you have no expert profile yet"))
        return expert

    def check_can_edit(self, expert: ExpertProfile, user: User) -> None:
        if expert.user_id != user.id and not user.is_staff:
            raise Forbidden(N_("only the expert or a coordinator can edit this profile"))

    def update(self, expert: ExpertProfile, data: ProfileInput, actor: User) -> None:
        self.check_can_edit(expert, actor)
        changes = data.model_dump()
        for name, value in changes.items():
            setattr(expert, name, value)
        self.repo.flush()
        Auditor(self.session, "expert")(
            actor.id, "expert.update", expert.id, fields=sorted(changes)
        )
        self.request_reindex(expert.id)

    def add_publication(self, expert: ExpertProfile, data: PublicationInput, actor: User) -> None:
        self.check_can_edit(expert, actor)
        self.merge_works(expert, [data])
        self.request_reindex(expert.id)

    def update_publication(
        self, expert: ExpertProfile, pub_id: uuid.UUID, data: PublicationInput, actor: User
    ) -> None:
        self.check_can_edit(expert, actor)
        pub = next((p for p in expert.publications if p.id == pub_id), None)
        if pub is None:
            raise NotFound(N_("publication not found"))
        for name, value in data.model_dump().items():
            setattr(pub, name, value)
        self.request_reindex(expert.id)

    def delete_publication(self, expert: ExpertProfile, pub_id: uuid.UUID, actor: User) -> None:
        self.check_can_edit(expert, actor)
        expert.publications = [p for p in expert.publications if p.id != pub_id]
        self.repo.flush()
        self.request_reindex(expert.id)

    def merge_works(self, expert: ExpertProfile, works: list[Any]) -> int:
        """Adds works not yet on the profile; the same DOI, source record, or title and year
        is the same work. Returns how many were added."""
        seen: set[str] = set()
        for p in expert.publications:
            seen.update(k for k in (p.doi, p.source_key, publication_key(p.title, p.year)) if k)
        added = 0
        for work in works:
            keys = {
                k for k in (work.doi, work.source_key, publication_key(work.title, work.year)) if k
            }
            if not work.title or keys & seen:
                continue
            seen |= keys
            expert.publications.append(
                Publication(
                    title=work.title[:1000],
                    year=work.year,
                    doi=work.doi,
                    abstract=work.abstract,
                    venue=(work.venue or None) and work.venue[:300],
                    language=work.language,
                    source_key=work.source_key,
                )
            )
            added += 1
        return added

    def add_external_id(self, expert: ExpertProfile, scheme: str, value: str) -> None:
        if not any(x.scheme == scheme and x.value == value for x in expert.external_ids):
            expert.external_ids.append(ExpertExternalId(scheme=scheme, value=value[:200]))

    def request_reindex(self, expert_id: uuid.UUID) -> None:
        """Marks the profile as changed and queues the one job that takes every marked profile
        into the matching index, a batch per publish (an import of N profiles is not N index
        writes). The job kind is de-duplicated: while one waits, it serves every mark."""
        ReindexMarkRepository(self.session).mark(expert_id)
        enqueue(
            self.session,
            JobKind.matching_reindex,
            {},
            dedupe_key=JobKind.matching_reindex,
            lock_key=INDEX_LOCK,
            max_attempts=MATCHING_ATTEMPTS,
        )


# (weight, test, hint shown when missing) — hints are message ids, translated by the page
_COMPLETENESS = (
    (15, lambda e: len(e.headline or "") >= 10, N_("Add a one-line headline.")),
    (20, lambda e: len((e.bio or "").split()) >= 40, N_("Write a bio of at least 40 words.")),
    (15, lambda e: len(e.expertise or []) >= 3, N_("List at least three expertise keywords.")),
    (10, lambda e: bool(e.fields), N_("Choose your fields from the taxonomy.")),
    (
        15,
        lambda e: len(e.publications) >= 1,
        N_("Add publications, or import them from ORCID or OpenAlex."),
    ),
    (5, lambda e: bool(e.languages), N_("Say which languages you work in.")),
    (5, lambda e: bool(e.residence_country), N_("Give your country of residence.")),
    (5, lambda e: bool(e.affiliation), N_("Give your affiliation.")),
    (5, lambda e: bool(e.engagement_types), N_("Choose the kinds of engagement you accept.")),
    (5, lambda e: bool(e.orcid), N_("Add your ORCID iD.")),
)


def completeness(expert: ExpertProfile) -> tuple[int, list[str]]:
    """Percent complete and what to do next (profiles with evidence match orders better)."""
    score, hints = 0, []
    for weight, test, hint in _COMPLETENESS:
        if test(expert):
            score += weight
        else:
            hints.append(hint)
    return score, hints
