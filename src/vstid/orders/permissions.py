"""Order visibility by query scoping: an order a user may not read does not exist for them.

public      -> anyone, once approved/open/awarded/closed
members     -> signed-in users whose e-mail address is verified, same states
invite_only -> only the requesting organization's members, the hub's coordinators, admins
               and experts invited to it
Drafts, submitted, rejected and cancelled orders are seen only by the requesting organization
and the hub's coordinators.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.orders.models import Confidentiality, Order, OrderStatus
from vstid.organizations.models import Membership
from vstid.organizations.repository import MembershipRepository

__all__ = [
    "PUBLISHED_STATES",
    "is_hub_staff",
    "is_order_owner",
    "own_orders",
    "register_invite_rule",
    "requester_side_orders",
    "restrict_orders",
]

T = TypeVar("T", bound=Any)

PUBLISHED_STATES = (OrderStatus.open.value, OrderStatus.awarded.value, OrderStatus.closed.value)

# Domains that grant per-order access (invitations) register a clause builder here, so this
# module need not import them.
_invite_rules: list[Callable[[User], ColumnElement[bool]]] = []


def register_invite_rule(rule: Callable[[User], ColumnElement[bool]]) -> None:
    _invite_rules.append(rule)


def _own_org_clause(user_id: uuid.UUID) -> ColumnElement[bool]:
    member_orgs = select(Membership.organization_id).where(Membership.user_id == user_id)
    return Order.organization_id.in_(member_orgs)


def restrict_orders(stmt: Select[Order], user: User | None) -> Select[Order]:
    published = Order.status.in_(PUBLISHED_STATES)
    public = and_(published, Order.confidentiality == Confidentiality.public.value)
    if user is None:
        return stmt.where(public)
    if user.has_role(Role.admin):
        return stmt
    clauses: list[ColumnElement[bool]] = [public, _own_org_clause(user.id)]
    if user.is_verified:  # open registration: an unconfirmed address is not yet a member
        clauses.append(and_(published, Order.confidentiality == Confidentiality.members.value))
    if user.has_role(Role.coordinator):
        clauses.append(Order.hub_id == user.hub_id if user.hub_id else false())
    clauses.extend(and_(published, rule(user)) for rule in _invite_rules)
    return stmt.where(or_(*clauses))


def own_orders(stmt: Select[T], user: User) -> Select[T]:
    """Only the orders of the user's own organizations, in every state ("My orders")."""
    return stmt.where(_own_org_clause(user.id))


def requester_side_orders(user: User) -> Select[uuid.UUID]:
    """Ids of the orders this user acts on as the requester side: orders of the user's
    organizations, every order of a coordinator's hub, every order for an admin."""
    stmt = select(Order.id)
    if user.has_role(Role.admin):
        return stmt
    clauses: list[ColumnElement[bool]] = [_own_org_clause(user.id)]
    if user.has_role(Role.coordinator) and user.hub_id:
        clauses.append(Order.hub_id == user.hub_id)
    return stmt.where(or_(*clauses))


def is_order_owner(session: Session, user: User | None, order: Order) -> bool:
    """A member of the organization that posted the order (the requester side)."""
    return user is not None and MembershipRepository(session).is_member(
        user.id, order.organization_id
    )


def is_hub_staff(user: User | None, order: Order) -> bool:
    """The order's hub coordinators, and admins."""
    if user is None:
        return False
    if user.has_role(Role.admin):
        return True
    return user.has_role(Role.coordinator) and user.hub_id == order.hub_id
