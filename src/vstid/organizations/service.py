"""Reading organizations, creating them (pending the hub's verification) and joining them.
Never commits."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from anyascii import anyascii
from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.pagination import Page, PageParams
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.hubs.repository import HubRepository
from vstid.organizations.models import JoinRequest, JoinStatus, Membership, Organization, OrgStatus
from vstid.organizations.permissions import (
    ADMIN,
    Actor,
    hub_staff_roles,
    restrict_organizations,
    staff_hubs,
)
from vstid.organizations.repository import (
    JoinRequestRepository,
    MembershipRepository,
    OrganizationRepository,
)
from vstid.organizations.schemas import OrganizationCreate
from vstid.organizations.states import JOIN_STATES, ORG_ADMIN, ORG_STATES

__all__ = ["MyOrganizations", "OrganizationQueries", "OrganizationWorkflow"]

REQUESTER = "requester"  # accounts.Role.requester
ORG_ADMIN_ROLE = "admin"  # Membership.role of who administers the organization
ORG_CREATED = N_("A new organization, %(name)s, awaits your verification.")
ORG_VERIFIED = N_("Your organization %(name)s was verified: its orders can now be approved.")
ORG_REJECTED = N_("Your organization %(name)s was not verified: %(reason)s")
JOIN_REQUESTED = N_("Someone asked to join %(name)s.")
JOIN_APPROVED = N_("You are now a member of %(name)s.")
JOIN_DECLINED = N_("Your request to join %(name)s was declined.")


class OrganizationQueries:
    def __init__(self, session: Session) -> None:
        self.repo = OrganizationRepository(session)

    def page(
        self, user: Actor | None, params: PageParams, *, kind: str | None = None,
        q: str | None = None, verified_only: bool = False,
    ) -> Page[Organization]:  # fmt: skip
        """The directory as `user` may read it; `verified_only` for the join picker, where
        only a verified organization is worth asking."""
        stmt = restrict_organizations(self.repo.listing(kind=kind, q=q), user)
        if verified_only:
            stmt = stmt.where(Organization.status == OrgStatus.verified.value)
        return self.repo.paginate(stmt, params)

    def count(self, user: Actor | None) -> int:
        return self.repo.count(restrict_organizations(self.repo.listing(), user))

    def get(self, slug: str, user: Actor | None) -> Organization:
        """The organization if `user` may read it: a pending or rejected one is a 404 for
        anyone but its creator, members and hub staff."""
        found = self.repo.list(restrict_organizations(self.repo.listing(slug=slug), user))
        if not found:
            raise NotFound(N_("organization not found"))
        return found[0]

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


def _slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")[:80] or "organization"
    return f"{base}-{uuid.uuid4().hex[:6]}"


def _signed_in(user: Actor | None) -> Actor:
    if user is None:
        raise Unauthorized(N_("sign in first"))
    return user


@dataclass
class MyOrganizations:
    memberships: list[tuple[Organization, str]]  # organization, the user's role in it
    requests: list[tuple[Organization, JoinRequest]]
    to_decide: list[tuple[Organization, JoinRequest]]  # requests to the orgs the user admins


class OrganizationWorkflow:
    """Creating an organization (pending the hub's verification) and joining one. People are
    told through the notifications job, which sits above this package."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = OrganizationRepository(session)
        self.members = MembershipRepository(session)
        self.requests = JoinRequestRepository(session)
        self.audit = Auditor(session, "organization")

    # -- an organization and its verification ------------------------------------------------
    def create(self, user: Actor | None, data: OrganizationCreate) -> Organization:
        actor = _signed_in(user)
        if actor.role not in {REQUESTER, ADMIN}:
            raise Forbidden(N_("only a requester can create an organization"))
        hub_id = data.hub_id or actor.hub_id
        if hub_id is None or HubRepository(self.session).get(hub_id) is None:
            raise ValidationFailed(N_("choose the hub of your organization"), field="hub_id")
        org = self.repo.add(Organization(
            slug=_slug(data.name), name=data.name.strip(), kind=data.kind.value,
            country=data.country.upper(), hub_id=hub_id, website=data.website or None,
            status=OrgStatus.pending.value, created_by_id=actor.id, description={},
        ))  # fmt: skip
        self.members.add(Membership(user_id=actor.id, organization_id=org.id, role=ORG_ADMIN_ROLE))
        self.audit(actor.id, "organization.create", org.id, name=org.name)
        self._tell({"audience": "coordinators", "hub_id": str(hub_id)}, ORG_CREATED, org)
        return org

    def verify(self, user: Actor | None, org: Organization) -> Organization:
        self._transition(user, org, "verify")
        org.rejection_reason = None
        self._tell(self._creator(org), ORG_VERIFIED, org)
        return org

    def reject(self, user: Actor | None, org: Organization, reason: str) -> Organization:
        reason = (reason or "").strip()
        ORG_STATES.check("reject", org.status, hub_staff_roles(_signed_in(user), org))
        if len(reason) < 5:
            message = N_("give the requester a reason (at least 5 characters)")
            raise ValidationFailed(message, field="reason")
        self._transition(user, org, "reject")
        org.rejection_reason = reason
        self._tell(self._creator(org), ORG_REJECTED, org, reason=reason)
        return org

    def allowed_actions(self, user: Actor | None, org: Organization) -> list[str]:
        return ORG_STATES.allowed(org.status, hub_staff_roles(user, org) if user else set())

    def queue(self, user: Actor | None) -> list[Organization]:
        hubs = staff_hubs(_signed_in(user))
        if hubs is not None and not hubs:
            raise Forbidden(N_("only the hub's coordinators can verify an organization"))
        return self.repo.pending_in(hubs)

    # -- join requests -----------------------------------------------------------------------
    def request_join(self, user: Actor | None, org: Organization) -> JoinRequest:
        actor = _signed_in(user)
        if actor.role not in {REQUESTER, ADMIN}:
            raise Forbidden(N_("only a requester can join an organization"))
        if org.status == OrgStatus.rejected.value:
            raise Conflict(N_("this organization was not verified and takes no new members"))
        if self.members.is_member(actor.id, org.id):
            raise Conflict(N_("you are already a member of this organization"))
        if self.requests.pending_of(actor.id, org.id) is not None:
            raise Conflict(N_("you already asked to join this organization"))
        request = self.requests.add(JoinRequest(user_id=actor.id, organization_id=org.id))
        self.audit(actor.id, "organization.join_request", org.id, request_id=str(request.id))
        self._tell({"audience": "org_admins", "organization_id": str(org.id),
                    "hub_id": str(org.hub_id)}, JOIN_REQUESTED, org)  # fmt: skip
        return request

    def decide(self, user: Actor | None, request_id: uuid.UUID, action: str) -> JoinRequest:
        actor = _signed_in(user)
        if action not in JOIN_STATES.transitions:
            raise NotFound(N_("page not found"))
        request = self.requests.get_or_404(request_id, "join request")
        org = self.repo.get_or_404(request.organization_id, "organization")
        roles = self.roles_of(actor, org)
        target = JOIN_STATES.check(action, request.status, roles).target
        request.status, request.decided_by_id = target.value, actor.id
        if target is JoinStatus.approved:
            self.members.add(Membership(user_id=request.user_id, organization_id=org.id))
        self.audit(actor.id, f"organization.join_{action}", org.id, request_id=str(request.id))
        message = JOIN_APPROVED if target is JoinStatus.approved else JOIN_DECLINED
        self._tell({"audience": "user", "user_id": str(request.user_id)}, message, org)
        return request

    def roles_of(self, user: Actor, org: Organization) -> set[str]:
        admin = self.members.role_in(user.id, org.id) == ORG_ADMIN_ROLE
        return hub_staff_roles(user, org) | ({ORG_ADMIN} if admin else set())

    def mine(self, user: Actor | None) -> MyOrganizations:
        actor = _signed_in(user)
        memberships = self.members.of_user(actor.id)
        requests = self.requests.of_user(actor.id)
        admin_of = {m.organization_id for m in memberships if m.role == ORG_ADMIN_ROLE}
        to_decide = self.requests.pending_for(admin_of)
        orgs = self.repo.by_ids({m.organization_id for m in memberships}
                                | {r.organization_id for r in requests + to_decide})  # fmt: skip
        return MyOrganizations(
            memberships=[(orgs[m.organization_id], m.role) for m in memberships],
            requests=[(orgs[r.organization_id], r) for r in requests],
            to_decide=[(orgs[r.organization_id], r) for r in to_decide],
        )

    def has_membership(self, user: Actor) -> bool:
        return bool(self.members.org_ids_of(user.id))

    def can_ask_to_join(self, user: Actor, org: Organization) -> bool:
        return (
            user.role in {REQUESTER, ADMIN}
            and org.status != OrgStatus.rejected.value
            and not self.members.is_member(user.id, org.id)
            and self.requests.pending_of(user.id, org.id) is None
        )

    # -- helpers -----------------------------------------------------------------------------
    def _transition(self, user: Actor | None, org: Organization, action: str) -> None:
        actor = _signed_in(user)
        target = ORG_STATES.check(action, org.status, hub_staff_roles(actor, org)).target
        previous, org.status = org.status, target.value
        self.audit(
            actor.id, f"organization.{action}", org.id, **{"from": previous, "to": target.value}
        )

    def _creator(self, org: Organization) -> dict[str, str]:
        if org.created_by_id is None:
            return {"audience": "org_admins", "organization_id": str(org.id)}
        return {"audience": "user", "user_id": str(org.created_by_id)}

    def _tell(self, to: dict[str, str], message: str, org: Organization, **params: str) -> None:
        """Queued in this transaction: the notification exists only if the change commits."""
        payload = {**to, "message": message, "link": f"/organizations/{org.slug}",
                   "params": {"name": org.name, **params}}  # fmt: skip
        enqueue(self.session, JobKind.organizations_notify, payload)
