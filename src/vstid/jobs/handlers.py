"""Every job kind and the function that runs it: one explicit table, checked by a test to
cover every `JobKind`. Adding a job = a `JobKind` member, a handler in the domain's
`jobs.py`, and a line here."""

from __future__ import annotations

from vstid.core.queue.kinds import JobKind
from vstid.core.queue.runner import HandlerTable
from vstid.imports.jobs import import_file
from vstid.matching.jobs import match_order, rebuild, reindex
from vstid.notifications.jobs import send_email, tell_organization_news
from vstid.projects.reports.jobs import follow_project_dates
from vstid.proposals.jobs import tell_order_cancelled

__all__ = ["HANDLERS"]

HANDLERS: HandlerTable = {
    JobKind.matching_order: match_order,
    JobKind.matching_reindex: reindex,
    JobKind.matching_rebuild: rebuild,
    JobKind.notifications_email: send_email,
    JobKind.imports_file: import_file,
    JobKind.orders_cancelled: tell_order_cancelled,
    JobKind.organizations_notify: tell_organization_news,
    JobKind.projects_dates_moved: follow_project_dates,
}
