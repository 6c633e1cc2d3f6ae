"""An account's lifecycle, declared once: admins deactivate and reactivate accounts. A
deactivated account cannot sign in, and its session and API tokens stop working."""

from __future__ import annotations

from enum import StrEnum

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition

__all__ = ["ACCOUNT_STATES", "AccountState", "state_of"]

ADMIN = "admin"  # accounts.Role.admin, the only role that manages accounts


class AccountState(StrEnum):
    active = "active"
    deactivated = "deactivated"


ACCOUNT_STATES = StateMachine(
    AccountState,
    {
        "deactivate": Transition(
            frozenset({AccountState.active}),
            AccountState.deactivated,
            frozenset({ADMIN}),
            N_("cannot deactivate: this account is already deactivated"),
        ),
        "reactivate": Transition(
            frozenset({AccountState.deactivated}),
            AccountState.active,
            frozenset({ADMIN}),
            N_("cannot reactivate: this account is active"),
        ),
    },
    forbidden=N_("only an admin can manage accounts"),
)


def state_of(is_active: bool) -> AccountState:
    return AccountState.active if is_active else AccountState.deactivated
