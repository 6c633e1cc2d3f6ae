"""Conflicts of interest of an expert with an application, each with the reason a coordinator
reads. Computed from the records (never stored), plus the conflicts declared by reviewers:

- applicant: the expert is one of the application's members (by profile or by account);
- organization: the expert's organization is a member's or the lead organization, or the
  expert's written affiliation equals (folded) a member's institution or that organization's name;
- co-authorship: a publication of the expert shares a DOI, or a folded title of at least
  MIN_TITLE_WORDS words, with a publication of a member's expert profile;
- declared: a Conflict row of the expert on the application."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vstid.core.i18n import N_
from vstid.core.text import fold, normalise_doi
from vstid.experts.models import Publication
from vstid.programs.applications.models import Application
from vstid.programs.reviews.repository import ReviewRepository

__all__ = ["ConflictReason", "conflicts_of"]

MIN_TITLE_WORDS = 4  # shorter titles ("Introduction", "Editorial") are shared by strangers


@dataclass(frozen=True)
class ConflictReason:
    kind: str  # applicant | organization | coauthor | declared
    message: str  # an N_ id with %(name)s placeholders
    params: dict[str, str] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = str) -> str:
        text = translate(self.message)
        return text % self.params if self.params else text


def _pub_keys(pub: Publication) -> set[str]:
    keys = set()
    if doi := normalise_doi(pub.doi):
        keys.add(f"doi:{doi}")
    title = fold(pub.title or "")
    if len(title.split()) >= MIN_TITLE_WORDS:
        keys.add(f"title:{title}")
    return keys


def conflicts_of(
    repo: ReviewRepository, application: Application, expert_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[ConflictReason]]:
    """Every conflict of each given expert with the application (experts without one are
    absent from the answer)."""
    experts = repo.experts(expert_ids)
    members = application.members
    member_experts = {m.expert_id: m for m in members if m.expert_id}
    member_users = {m.user_id: m for m in members if m.user_id}
    orgs = repo.organizations(
        [application.lead_organization_id, *(m.organization_id for m in members)]
    )
    # organization id → whose organization it is (a member's name, or the lead organization)
    org_owner = {m.organization_id: m.name for m in members if m.organization_id}
    if application.lead_organization_id:
        org_owner.setdefault(application.lead_organization_id, "")
    places = {fold(m.institution): m.name for m in members if fold(m.institution or "")}
    for org_id, who in org_owner.items():
        if org_id in orgs:
            places.setdefault(fold(orgs[org_id].name), who)
    # publication key → (member name, title)
    authored: dict[str, tuple[str, str]] = {}
    for pub in repo.publications(member_experts):
        for key in _pub_keys(pub):
            authored.setdefault(key, (member_experts[pub.expert_id].name, pub.title))
    own_pubs: dict[uuid.UUID, list[Publication]] = {}
    for pub in repo.publications(e for e in experts if e not in member_experts):
        own_pubs.setdefault(pub.expert_id, []).append(pub)
    declared = {c.expert_id: c for c in repo.declared(application.id)}

    found: dict[uuid.UUID, list[ConflictReason]] = {}
    for expert_id, expert in experts.items():
        reasons: list[ConflictReason] = []
        member = member_experts.get(expert_id) or (
            member_users.get(expert.user_id) if expert.user_id else None
        )
        if member is not None or (expert.user_id and expert.user_id == application.lead_user_id):
            name = member.name if member else expert.display_name
            reasons.append(
                ConflictReason("applicant", N_("an applicant: %(name)s"), {"name": name})
            )
        if expert.organization_id in org_owner:
            org = orgs.get(expert.organization_id)
            reasons.append(
                ConflictReason(
                    "organization",
                    N_("same organization as the applicants: %(organization)s"),
                    {"organization": org.name if org else ""},
                )
            )
        elif expert.affiliation and fold(expert.affiliation) in places:
            reasons.append(
                ConflictReason(
                    "organization",
                    N_("same institution as the applicants: %(organization)s"),
                    {"organization": expert.affiliation},
                )
            )
        for pub in own_pubs.get(expert_id, []):
            hit = next((authored[k] for k in sorted(_pub_keys(pub)) if k in authored), None)
            if hit is not None:
                reasons.append(
                    ConflictReason(
                        "coauthor",
                        N_("co-author with %(name)s: %(title)s"),
                        {"name": hit[0], "title": hit[1]},
                    )
                )
                break
        if expert_id in declared:
            reasons.append(
                ConflictReason(
                    "declared", N_("declared: %(reason)s"), {"reason": declared[expert_id].reason}
                )
            )
        if reasons:
            found[expert_id] = reasons
    return found
