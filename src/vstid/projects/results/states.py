"""The IP register's lifecycle and the signature of an agreement, declared once.

IP: disclosed → filed → granted → licensed, and abandoned from any state before it is
licensed (an undisclosed idea dropped, an application withdrawn, a granted right lapsed).
A granted right may be licensed more than once: each licence is a row, and "license" from
licensed records another. Only the project's lead partners and the hub's staff move an IP
right: it commits the consortium before patent offices and licensees.

A signature: pending → signed | declined, declined → signed (a party that declined a version
may sign it after all); signed is final — a changed document is a new version."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.projects.results.models import IPStatus, SignatureStatus
from vstid.projects.states import LEAD, MEMBER, STAFF

__all__ = ["IP_STATES", "SIGNATURE_STATES"]


IP_STATES = StateMachine(
    IPStatus,
    {
        "file": Transition(
            frozenset({IPStatus.disclosed}),
            IPStatus.filed,
            frozenset({LEAD, STAFF}),
            N_("only a disclosed invention can be filed"),
        ),
        "grant": Transition(
            frozenset({IPStatus.filed}),
            IPStatus.granted,
            frozenset({LEAD, STAFF}),
            N_("only a filed application can be granted"),
        ),
        "license": Transition(
            frozenset({IPStatus.granted, IPStatus.licensed}),
            IPStatus.licensed,
            frozenset({LEAD, STAFF}),
            N_("only a granted right can be licensed"),
        ),
        "abandon": Transition(
            frozenset({IPStatus.disclosed, IPStatus.filed, IPStatus.granted}),
            IPStatus.abandoned,
            frozenset({LEAD, STAFF}),
            N_("a licensed or abandoned right cannot be abandoned"),
        ),
    },
    forbidden=N_("only the project's lead partners and the hub's staff change an IP status"),
)

SIGNATURE_STATES = StateMachine(
    SignatureStatus,
    {
        "sign": Transition(
            frozenset({SignatureStatus.pending, SignatureStatus.declined}),
            SignatureStatus.signed,
            frozenset({LEAD, MEMBER, STAFF}),
            N_("this party has already signed this version"),
        ),
        "decline": Transition(
            frozenset({SignatureStatus.pending}),
            SignatureStatus.declined,
            frozenset({LEAD, MEMBER, STAFF}),
            N_("only a pending signature can be declined"),
        ),
    },
    forbidden=N_("your role does not allow recording this signature"),
)
