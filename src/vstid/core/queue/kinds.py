"""Every kind of background job, declared once so that domains enqueue a name the handler table
(`vstid.jobs.handlers`) is checked against."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["INDEX_LOCK", "MATCHING_ATTEMPTS", "MATCHING_KINDS", "JobKind", "order_match_key"]


class JobKind(StrEnum):
    matching_order = "matching.order"
    matching_reindex = "matching.reindex"  # every profile marked changed, a batch per publish
    matching_rebuild = "matching.rebuild"
    notifications_email = "notifications.email"
    imports_file = "imports.file"
    orders_cancelled = "orders.cancelled"  # proposals tell the experts engaged on the order
    organizations_notify = "organizations.notify"  # in-app news of an organization's lifecycle
    projects_dates_moved = "projects.dates_moved"  # the report calendar follows a new end


# Jobs that publish the matching index share this lock key: two publishers at once would each
# write the whole index and race on its version.
INDEX_LOCK = "matching.index"

# The matching jobs, which the index health reports on. They get more attempts than the default
# (back-off 30 s, 2, 8, 32 min): a build that fails on a passing cause (a locked database) must
# recover by itself, and it is what every order's ranking waits for.
MATCHING_KINDS = (JobKind.matching_rebuild, JobKind.matching_reindex, JobKind.matching_order)
MATCHING_ATTEMPTS = 5


def order_match_key(order_id: object) -> str:
    """The de-duplication key of an order's ranking job: one waiting job per order."""
    return f"{JobKind.matching_order}:{order_id}"
