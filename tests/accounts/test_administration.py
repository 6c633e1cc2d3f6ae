"""Issue 9, defect 16: admins manage accounts through UserAdministration — find them, change a
role and a coordinator's hub, deactivate (which stops sign-in, sessions and API tokens) and
reactivate — never locking themselves out or leaving the platform without an active admin."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_user
from tests.world import World
from vstid.accounts.models import Role
from vstid.accounts.schemas import AccountCreateInput, LoginInput, UserFilters
from vstid.accounts.service import AccountService, UserAdministration
from vstid.accounts.sessions import SessionService
from vstid.core.errors import Conflict, Forbidden, Unauthorized, ValidationFailed
from vstid.core.pagination import PageParams
from vstid.core.settings import Settings

ALL = PageParams(1, 100)


def _emails(session: Session, world: World, **filters: object) -> set[str]:
    page = UserAdministration(session).page(world.admin, UserFilters(**filters), ALL)  # type: ignore[arg-type]
    return {u.email for u in page.items}


def test_admins_find_accounts_by_name_role_hub_and_state(session: Session, world: World) -> None:
    assert world.requester.email in _emails(session, world, q="requester rin")
    assert world.requester.email in _emails(session, world, q=world.requester.email.upper()[:8])
    coordinators = _emails(session, world, role=Role.coordinator)
    assert world.coordinator.email in coordinators and world.requester.email not in coordinators
    in_hub = _emails(session, world, hub=world.hub.code)
    assert {world.coordinator.email, world.requester.email} <= in_hub
    assert world.foreign_coordinator.email not in in_hub
    UserAdministration(session).deactivate(world.admin, world.outsider.id)
    assert _emails(session, world, active=False) == {world.outsider.email}
    assert world.outsider.email not in _emails(session, world, active=True)


def test_only_admins_manage_accounts(session: Session, world: World) -> None:
    admin = UserAdministration(session)
    with pytest.raises(Forbidden):
        admin.page(world.coordinator, UserFilters(), ALL)
    with pytest.raises(Forbidden):
        admin.deactivate(world.coordinator, world.requester.id)
    with pytest.raises(Unauthorized):
        admin.change_role(None, world.requester.id, Role.admin)


def test_a_deactivated_account_cannot_sign_in_and_its_session_and_tokens_stop(
    session: Session, settings: Settings, world: World
) -> None:
    accounts, sessions = AccountService(session, settings), SessionService(session, settings)
    token = accounts.issue_token(world.requester).token
    cookie = sessions.start(world.requester, ip="10.0.0.2", user_agent="test")
    assert accounts.user_for_token(token) is not None and sessions.lookup(cookie) is not None

    UserAdministration(session).deactivate(world.admin, world.requester.id, ip="10.0.0.1")

    with pytest.raises(Unauthorized):
        accounts.authenticate(LoginInput(email=world.requester.email, password=PASSWORD), ip="x")
    assert sessions.lookup(cookie) is None
    assert accounts.user_for_token(token) is None
    UserAdministration(session).reactivate(world.admin, world.requester.id)
    assert accounts.authenticate(
        LoginInput(email=world.requester.email, password=PASSWORD), ip="x"
    ).is_active
    assert accounts.user_for_token(token) is None  # revoked tokens stay revoked
    assert sessions.lookup(cookie) is None  # and ended sessions ended
    actions = [
        e.action
        for e in UserAdministration(session).detail(world.admin, world.requester.id).activity
    ]
    assert {"user.deactivate", "user.reactivate", "login"} <= set(actions)


def test_deactivating_twice_or_reactivating_an_active_account_is_a_conflict(
    session: Session, world: World
) -> None:
    admin = UserAdministration(session)
    with pytest.raises(Conflict):
        admin.reactivate(world.admin, world.requester.id)
    admin.deactivate(world.admin, world.requester.id)
    with pytest.raises(Conflict):
        admin.deactivate(world.admin, world.requester.id)


def test_an_admin_cannot_lock_themselves_out(session: Session, world: World) -> None:
    admin = UserAdministration(session)
    with pytest.raises(Conflict) as demote:
        admin.change_role(world.admin, world.admin.id, Role.requester)
    assert demote.value.message == "you cannot remove your own admin role"
    with pytest.raises(Conflict) as deactivate:
        admin.deactivate(world.admin, world.admin.id)
    assert deactivate.value.message == "you cannot deactivate your own account"
    assert admin.allowed_actions(world.admin, world.admin) == []


def test_the_last_active_admin_is_kept(session: Session, world: World) -> None:
    """Two admins removing each other at once: the second change finds no other active admin."""
    second = make_user(session, Role.admin)
    admin = UserAdministration(session)
    admin.deactivate(world.admin, second.id)
    with pytest.raises(Conflict) as err:
        admin.deactivate(second, world.admin.id)  # `second` acted on a page loaded before
    assert err.value.message == "the platform needs at least one active admin"
    with pytest.raises(Conflict):
        admin.change_role(second, world.admin.id, Role.expert)
    assert world.admin.is_active and world.admin.role == Role.admin.value


def test_a_coordinator_needs_a_hub_and_role_changes_are_audited(
    session: Session, world: World
) -> None:
    admin = UserAdministration(session)
    with pytest.raises(ValidationFailed) as err:
        admin.change_role(world.admin, world.expert_user.id, Role.coordinator)
    assert err.value.field == "hub"
    with pytest.raises(ValidationFailed):
        admin.change_role(world.admin, world.expert_user.id, Role.coordinator, "NOPE")
    admin.change_role(world.admin, world.expert_user.id, Role.coordinator, world.hub.code.lower())
    assert world.expert_user.role == "coordinator" and world.expert_user.hub_id == world.hub.id
    entry = admin.detail(world.admin, world.expert_user.id).activity[0]
    assert entry.action == "user.role_change" and entry.actor_id == world.admin.id
    assert entry.data["before"]["role"] == "expert" and entry.data["hub"] == world.hub.code


def test_counts_by_role_list_every_role(session: Session, world: World) -> None:
    counts = UserAdministration(session).counts_by_role(world.admin)
    assert set(counts) == {r.value for r in Role}
    assert counts["admin"] >= 1 and counts["coordinator"] >= 2


def test_admins_create_staff_accounts_that_can_sign_in(
    session: Session, settings: Settings, world: World
) -> None:
    admin = UserAdministration(session)
    body = {"email": " Hoa.Le@Example.VN ", "display_name": "Lê Thị Hoa",
            "password": "mật-khẩu-đủ-dài", "role": "coordinator"}  # fmt: skip
    with pytest.raises(ValidationFailed) as err:
        admin.create(world.admin, AccountCreateInput.model_validate(body))
    assert err.value.field == "hub"
    data = AccountCreateInput.model_validate({**body, "hub": world.hub.code})
    with pytest.raises(Forbidden):
        admin.create(world.coordinator, data)
    created = admin.create(world.admin, data, ip="10.0.0.2")
    assert created.email == "hoa.le@example.vn" and created.hub_id == world.hub.id
    with pytest.raises(Conflict):
        admin.create(world.admin, data)
    signed_in = AccountService(session, settings).authenticate(
        LoginInput(email="hoa.le@example.vn", password="mật-khẩu-đủ-dài"), ip="x"
    )
    assert signed_in.role == "coordinator"
    entry = admin.detail(world.admin, created.id).activity[-1]
    assert entry.action == "user.create" and entry.actor_id == world.admin.id
