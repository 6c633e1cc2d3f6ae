"""Who records exchange rates: the coordinators (of any hub: a rate is the same for every
hub) and the admins. Anyone signed in reads them: totals show which rate they used."""

from __future__ import annotations

from vstid.core.actor import Actor
from vstid.core.errors import Forbidden, Unauthorized
from vstid.core.i18n import N_

__all__ = ["RATE_KEEPERS", "may_record_rates", "require_rate_keeper", "require_reader"]

RATE_KEEPERS = frozenset({"coordinator", "admin"})  # accounts.Role values


def may_record_rates(actor: Actor | None) -> bool:
    return actor is not None and actor.role in RATE_KEEPERS


def require_reader(actor: Actor | None) -> Actor:
    if actor is None:
        raise Unauthorized(N_("sign in first"))
    return actor


def require_rate_keeper(actor: Actor | None) -> Actor:
    reader = require_reader(actor)
    if reader.role not in RATE_KEEPERS:
        raise Forbidden(N_("only coordinators and admins record exchange rates"))
    return reader
