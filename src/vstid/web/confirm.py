"""Destructive buttons ask first, with and without JavaScript.

Without JavaScript, the button's POST sent without `confirmed=1` answers with a page that says
what will happen, who will be told and whether it can be undone, with Confirm (the same POST,
confirmed) and Go back. With JavaScript, app.js turns a form carrying `data-confirm` into a
native <dialog> (no inline script, so the CSP holds) that posts `confirmed=1` straight away.
The page itself is `web/pages/_confirm.py`.
The JSON API does not ask: calling it is the confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _

__all__ = ["CONFIRMATIONS", "Confirmation", "confirm_attributes", "is_confirmed"]


@dataclass(frozen=True)
class Confirmation:
    """Message ids, translated when shown; `effect` may name the record (%(title)s)."""

    question: str
    effect: str
    told: str
    undo: str
    button: str


CONFIRMATIONS: Mapping[str, Confirmation] = {
    "order.cancel": Confirmation(
        N_("Cancel this order?"),
        N_("The order “%(title)s” is cancelled: it takes no more proposals."),
        N_("Experts invited to it or proposing for it are told that it was withdrawn."),
        N_("This cannot be undone: a cancelled order cannot be reopened."),
        N_("Cancel the order"),
    ),
    "order.close": Confirmation(
        N_("Close this order?"),
        N_("The order “%(title)s” is closed: its project goes on, the order itself is finished."),
        N_("Nobody is told; the order leaves the open lists."),
        N_("This cannot be undone: a closed order cannot be reopened."),
        N_("Close the order"),
    ),
    "proposal.withdraw": Confirmation(
        N_("Withdraw your proposal?"),
        N_("Your proposal for “%(title)s” leaves the requester's review."),
        N_("The requester is told that you withdrew it."),
        N_("While the order is open you can send it again."),
        N_("Withdraw"),
    ),
    "proposal.decline": Confirmation(
        N_("Decline this proposal?"),
        N_("The proposal for “%(title)s” is declined."),
        N_("The expert is told and thanked for their time."),
        N_("This cannot be undone: a declined proposal cannot be reviewed again."),
        N_("Decline"),
    ),
    "invitation.decline": Confirmation(
        N_("Decline this invitation?"),
        N_("You decline the invitation to “%(title)s”."),
        N_("The requester is told that you declined."),
        N_("This cannot be undone: a declined invitation cannot be accepted later."),
        N_("Decline"),
    ),
    "user.deactivate": Confirmation(
        N_("Deactivate this account?"),
        N_("“%(title)s” can no longer sign in; their open sessions and API tokens stop working."),
        N_("Nobody is told; their orders, proposals and profile stay as they are."),
        N_("You can reactivate the account later; its API tokens must then be issued again."),
        N_("Deactivate"),
    ),
}


def is_confirmed(value: str) -> bool:
    return value == "1"


def confirm_attributes(key: str) -> Markup:
    """The attributes app.js reads to ask in a dialog, in the reader's language."""
    c = CONFIRMATIONS[key]
    texts = {
        "data-confirm": _(c.question),
        "data-confirm-detail": f"{_(c.told)} {_(c.undo)}",
        "data-confirm-yes": _(c.button),
        "data-confirm-no": _("Go back"),
    }
    return Markup(" ".join(f'{name}="{escape(text)}"' for name, text in texts.items()))
