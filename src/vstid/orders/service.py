"""Orders: the read side (`OrderQueries`, within what the viewer may see) and the write side
(`OrderWorkflow`, every lifecycle transition as a method that checks role, then state, and
writes the audit log). Never commits."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from anyascii import anyascii
from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_role, require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.pagination import Page, PageParams
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue, enqueue_order_match
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.notifications import messages as msg
from vstid.notifications.repository import RecipientRepository
from vstid.notifications.service import Notifier
from vstid.orders.attachments import AttachmentStore
from vstid.orders.models import Order, OrderAttachment, OrderStatus
from vstid.orders.permissions import (
    is_hub_staff,
    is_order_owner,
    own_orders,
    restrict_orders,
)
from vstid.orders.repository import AttachmentRepository, OrderRepository
from vstid.orders.schemas import OrderInput, OrderPatch
from vstid.orders.states import EDITABLE, ORDER_STATES, OWNER, STAFF
from vstid.organizations.models import Organization, OrgStatus
from vstid.organizations.repository import MembershipRepository, OrganizationRepository
from vstid.taxonomy.repository import FieldRepository

__all__ = [
    "OWNER",
    "STAFF",
    "OrderFilters",
    "OrderQueries",
    "OrderWorkflow",
]

S = OrderStatus
NULLABLE = frozenset({"budget_amount", "deadline"})


@dataclass(frozen=True)
class OrderFilters:
    q: str | None = None
    status: str | None = None
    field: str | None = None
    organization_id: uuid.UUID | None = None


class OrderQueries:
    def __init__(self, session: Session) -> None:
        self.repo = OrderRepository(session)

    def list_visible(
        self, user: User | None, filters: OrderFilters, params: PageParams
    ) -> Page[Order]:
        stmt = self.repo.listing(
            q=filters.q,
            status=filters.status,
            field=filters.field,
            organization_id=filters.organization_id,
        )
        return self.repo.paginate(restrict_orders(stmt, user), params)

    def mine(
        self, user: User | None, status: str | None, params: PageParams
    ) -> tuple[Page[Order], dict[str, int]]:
        """The orders of the user's organizations in every state (one state if asked), and
        how many there are in each state, for the state chips."""
        user = require_user(user)
        every = own_orders(self.repo.listing(), user)
        page = self.repo.paginate(own_orders(self.repo.listing(status=status), user), params)
        return page, self.repo.status_counts(every)

    def count_visible(self, user: User | None, status: str | None = None) -> int:
        return self.repo.count(restrict_orders(self.repo.listing(status=status), user))

    def get_visible(self, slug: str, user: User | None) -> Order:
        stmt = restrict_orders(self.repo.listing().where(Order.slug == slug), user)
        found = self.repo.list(stmt)
        if not found:
            raise NotFound(N_("order not found"))
        return found[0]

    def get_visible_by_id(self, order_id: uuid.UUID, user: User | None) -> Order:
        stmt = restrict_orders(self.repo.listing().where(Order.id == order_id), user)
        found = self.repo.list(stmt)
        if not found:
            raise NotFound(N_("order not found"))
        return found[0]


def _slug(title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(title).lower()).strip("-")[:80] or "order"
    return f"{base}-{uuid.uuid4().hex[:6]}"


class OrderWorkflow:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = OrderRepository(session)
        self.queries = OrderQueries(session)
        self.notifier = Notifier(session, settings)
        self.recipients = RecipientRepository(session)
        self.audit = Auditor(session, "order")

    # -- who is asking --------------------------------------------------------------------
    def roles_of(self, user: User | None, order: Order) -> set[str]:
        roles = {OWNER} if is_order_owner(self.session, user, order) else set()
        return roles | ({STAFF} if is_hub_staff(user, order) else set())

    def allowed_actions(self, user: User | None, order: Order) -> list[str]:
        """Exactly the transitions the service would accept from this user now, read from the
        state table, so the page's buttons and the API's `allowed_actions` never disagree."""
        allowed = ORDER_STATES.allowed(order.status, self.roles_of(user, order))
        if "approve" in allowed and self.unverified_organization(order) is not None:
            allowed.remove("approve")  # approve() would refuse it: 409 until verified
        return allowed

    def unverified_organization(self, order: Order) -> Organization | None:
        """The order's organization while the hub's coordinators have not verified it."""
        org = OrganizationRepository(self.session).get_or_404(order.organization_id, "organization")
        return None if org.status == OrgStatus.verified.value else org

    def require(self, user: User | None, order: Order, allowed: frozenset[str]) -> User:
        user = require_user(user)
        if not self.roles_of(user, order) & allowed:
            raise Forbidden(N_("your role does not allow this action on this order"))
        return user

    def can_edit(self, user: User | None, order: Order) -> bool:
        return any(order.status in EDITABLE[r] for r in self.roles_of(user, order))

    def can_attach(self, user: User | None, order: Order) -> bool:
        return bool(self.roles_of(user, order)) and order.status not in (S.closed, S.cancelled)

    # -- writing ---------------------------------------------------------------------------
    def create(self, user: User | None, data: OrderInput) -> Order:
        user = require_role(user, Role.requester)
        org = OrganizationRepository(self.session).get_or_404(
            self._organization_for(user, data.organization_id), "organization"
        )
        values = self._checked(data.model_dump(exclude={"organization_id"}))
        order = self.repo.add(
            Order(
                slug=_slug(data.title),
                hub_id=org.hub_id,
                organization_id=org.id,
                created_by_id=user.id,
                status=S.draft.value,
                **values,
            )
        )
        self._audit(user, "order.create", order, {"title": order.title})
        return order

    def update(self, user: User | None, order: Order, data: OrderInput | OrderPatch) -> Order:
        user = require_user(user)
        roles = self.roles_of(user, order)
        if not roles:
            raise Forbidden(N_("your role does not allow editing this order"))
        if not any(order.status in EDITABLE[r] for r in roles):
            raise Conflict(N_("this order can no longer be edited in its current state"))
        sent = data.model_dump(exclude_unset=True, exclude={"organization_id"})
        # Only budget and deadline may be cleared; a null elsewhere means "leave as it is".
        sent = {k: v for k, v in sent.items() if v is not None or k in NULLABLE}
        changes = self._checked(sent)
        for key, value in changes.items():
            setattr(order, key, value)
        self._audit(user, "order.update", order, {"changed": sorted(changes)})
        return order

    def transition(self, user: User | None, order: Order, action: str) -> Order:
        actor = require_user(user)
        target = ORDER_STATES.check(action, order.status, self.roles_of(actor, order)).target
        previous, order.status = order.status, target.value
        self._audit(actor, f"order.{action}", order, {"from": previous, "to": target.value})
        return order

    def submit(self, user: User | None, order: Order) -> Order:
        self.transition(user, order, "submit")
        for coordinator in self.recipients.hub_coordinators(order.hub_id):
            self.tell(coordinator, msg.ORDER_SUBMITTED, order, "order.submitted", "/coordinator")
        return order

    def approve(self, user: User | None, order: Order) -> Order:
        self.require(user, order, ORDER_STATES["approve"].roles)
        self._require_verified(order)
        self.transition(user, order, "approve")
        order.rejection_reason = None
        # The ranking is computed by a worker; the job exists only if this approval commits.
        enqueue_order_match(self.session, order.id)
        for requester in self.requesters(order):
            self.tell(requester, msg.ORDER_APPROVED, order, "order.approved")
        return order

    def reject(self, user: User | None, order: Order, reason: str) -> Order:
        reason = (reason or "").strip()
        self.require(user, order, ORDER_STATES["reject"].roles)
        if len(reason) < 5:
            message = N_("give the requester a reason (at least 5 characters)")
            raise ValidationFailed(message, field="reason")
        self.transition(user, order, "reject")
        order.rejection_reason = reason
        for requester in self.requesters(order):
            self.tell(requester, msg.ORDER_REJECTED, order, "order.rejected", reason=reason)
        return order

    def cancel(self, user: User | None, order: Order) -> Order:
        """Experts already invited or proposing hear that the order was withdrawn: invitations
        and proposals sit above orders, so a job of theirs tells them once this commits."""
        self.transition(user, order, "cancel")
        enqueue(self.session, JobKind.orders_cancelled, {"order_id": str(order.id)})
        return order

    def add_attachment(
        self, user: User | None, order: Order, filename: str, content: bytes
    ) -> OrderAttachment:
        actor = self.require(user, order, frozenset({OWNER, STAFF}))
        if order.status in (S.closed, S.cancelled):
            raise Conflict(N_("a closed or cancelled order takes no more attachments"))
        store = self.attachment_store()
        checked = store.check(filename, content)
        row = AttachmentRepository(self.session).add(
            OrderAttachment(
                order_id=order.id,
                filename=checked.filename,
                content_type=checked.content_type,
                size_bytes=len(content),
                storage_key=store.save(order.id, checked),
                uploaded_by_id=actor.id,
            )
        )
        self._audit(actor, "order.attach", order, {"file": checked.filename})
        return row

    def attachments(self, order: Order) -> list[OrderAttachment]:
        return AttachmentRepository(self.session).for_order(order.id)

    def attachment_file(
        self, order: Order, attachment_id: uuid.UUID
    ) -> tuple[OrderAttachment, Iterator[bytes]]:
        """The attachment's row and its content in chunks (streamable after the request's
        session has ended)."""
        row = AttachmentRepository(self.session).get(attachment_id)
        if row is None or row.order_id != order.id:
            raise NotFound(N_("attachment not found"))
        return row, self.attachment_store().storage.open(row.storage_key)

    def attachment_store(self) -> AttachmentStore:
        storage = storage_for(self.settings, self.session)
        return AttachmentStore(storage, self.settings.max_upload_bytes)

    # -- helpers -----------------------------------------------------------------------------
    def _require_verified(self, order: Order) -> None:
        """A draft may be written while the organization awaits verification; an order goes
        public only once the hub's coordinators have verified who posts it."""
        org = self.unverified_organization(order)
        if org is not None:
            raise Conflict(
                N_("cannot approve: the organization %(name)s is not verified yet"),
                params={"name": org.name},
            )

    def _organization_for(self, user: User, requested: uuid.UUID | None) -> uuid.UUID:
        mine = MembershipRepository(self.session).org_ids_of(user.id)
        if requested is not None and (requested in mine or user.has_role(Role.admin)):
            return requested
        if requested is None and mine:
            return mine[0]
        raise Forbidden(N_("you can post orders only for an organization you belong to"))

    def _checked(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("fields") is not None:
            known = set(FieldRepository(self.session).labels())
            unknown = [c for c in values["fields"] if c not in known]
            if unknown:
                raise ValidationFailed(
                    N_("unknown field: %(codes)s"),
                    field="fields",
                    params={"codes": ", ".join(unknown)},
                )
        deadline = values.get("deadline")
        if deadline is not None and deadline <= date.today():
            raise ValidationFailed(N_("the deadline must be in the future"), field="deadline")
        return {k: getattr(v, "value", v) for k, v in values.items()}

    def requesters(self, order: Order) -> list[User]:
        creator = self.recipients.user(order.created_by_id)
        return [creator] if creator else self.recipients.organization_members(order.organization_id)

    def tell(
        self, user: User, message: str, order: Order, kind: str, link: str = "", **extra: str
    ) -> None:
        self.notifier.notify(
            user,
            message,
            {"order": order.title, **extra},
            kind=kind,
            link=link or f"/orders/{order.slug}",
        )

    def _audit(self, user: User, action: str, order: Order, data: dict[str, Any]) -> None:
        self.audit(user.id, action, order.id, **data)
