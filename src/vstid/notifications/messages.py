"""The notification texts. Stored as English message ids with %(name)s placeholders and
translated when shown or mailed; the no-op marker lets `pybabel extract` find them."""

from __future__ import annotations

__all__ = [
    "ACCOUNT_EXISTS",
    "INVITATION_ACCEPTED",
    "INVITATION_DECLINED",
    "INVITED",
    "ORDER_APPROVED",
    "ORDER_CANCELLED",
    "ORDER_REJECTED",
    "ORDER_SUBMITTED",
    "PLAN_ACCEPTED",
    "PLAN_REVISION_REQUESTED",
    "PLAN_SUBMITTED",
    "PROJECT_AMENDED",
    "PROJECT_MESSAGE",
    "PROJECT_OPENED",
    "PROJECT_TRANSITIONS",
    "PROPOSAL_ACCEPTED",
    "PROPOSAL_NOT_CHOSEN",
    "PROPOSAL_RECEIVED",
    "PROPOSAL_WITHDRAWN",
    "REMIND_INVITATION",
    "REMIND_ORDER",
    "REMIND_PLAN_DUE",
    "REMIND_PLAN_OVERDUE",
    "REMIND_PROPOSAL",
    "REPORT_ACCEPTED",
    "REPORT_RETURNED",
    "REPORT_SUBMITTED",
    "THREAD_MESSAGE",
    "VERIFY_EMAIL",
]


def _(message: str) -> str:
    return message


ORDER_SUBMITTED = _("The order “%(order)s” is waiting for your approval.")
ORDER_APPROVED = _("Your order “%(order)s” was approved and is now open.")
ORDER_REJECTED = _("Your order “%(order)s” was not approved: %(reason)s")
INVITED = _("You are invited to look at the order “%(order)s”.")
INVITATION_ACCEPTED = _("%(expert)s accepted your invitation to “%(order)s”.")
INVITATION_DECLINED = _("%(expert)s declined your invitation to “%(order)s”.")
PROPOSAL_RECEIVED = _("%(expert)s sent a proposal for “%(order)s”.")
PROPOSAL_WITHDRAWN = _("%(expert)s withdrew the proposal for “%(order)s”.")
PROPOSAL_ACCEPTED = _("Your proposal for “%(order)s” was accepted. A project has been opened.")
PROPOSAL_NOT_CHOSEN = _(
    "Thank you for your proposal for “%(order)s”. The requester has chosen another proposal "
    "this time; we hope to work with you on a future order."
)
ORDER_CANCELLED = _(
    "The order “%(order)s” was withdrawn by the requester. Thank you for the time you gave it."
)
PROJECT_OPENED = _("A project was opened for “%(order)s” with %(expert)s.")
REPORT_SUBMITTED = _(
    "Report %(number)s of the project “%(project)s” was submitted for your review."
)
REPORT_RETURNED = _("Report %(number)s of the project “%(project)s” was returned: %(comment)s")
REPORT_ACCEPTED = _("Report %(number)s of the project “%(project)s” was accepted.")
THREAD_MESSAGE = _("New message on “%(order)s” from %(author)s.")
# One text per step of a project's lifecycle (keys: the actions of projects.states).
PROJECT_TRANSITIONS = {
    "submit_agreement": _("The project “%(project)s” was sent for agreement."),
    "activate": _("The project “%(project)s” has started."),
    "suspend": _("The project “%(project)s” was suspended: %(reason)s"),
    "resume": _("The project “%(project)s” has resumed."),
    "start_closing": _("The project “%(project)s” is closing."),
    "close": _("The project “%(project)s” is closed."),
    "terminate": _("The project “%(project)s” was terminated: %(reason)s"),
}
PROJECT_AMENDED = _("The project “%(project)s” was amended: %(reason)s")
PROJECT_MESSAGE = _("New message in the project “%(project)s” from %(author)s.")
REMIND_INVITATION = _("Reminder: your invitation to “%(order)s” is waiting for your answer.")
REMIND_PROPOSAL = _("Reminder: a proposal for “%(order)s” is waiting for your review.")
REMIND_ORDER = _("Reminder: the order “%(order)s” is still waiting for approval.")
PLAN_SUBMITTED = _("The deliverable “%(item)s” of “%(project)s” was submitted for your review.")
PLAN_ACCEPTED = _("The deliverable “%(item)s” of “%(project)s” was accepted.")
PLAN_REVISION_REQUESTED = _(
    "The deliverable “%(item)s” of “%(project)s” was sent back for revision: %(comment)s"
)
REMIND_PLAN_DUE = _("Reminder: the deliverable “%(item)s” of “%(project)s” is due on %(due)s.")
REMIND_PLAN_OVERDUE = _(
    "Overdue: the deliverable “%(item)s” of “%(project)s” was due on %(due)s and is not in yet."
)

VERIFY_EMAIL = _("Confirm your e-mail address for V-STID: open this link within 3 days")
ACCOUNT_EXISTS = _(
    "Someone asked to create a V-STID account with this e-mail address, which already has one. "
    "If it was you, sign in with it; if not, you need not do anything."
)
