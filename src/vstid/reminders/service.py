"""`vstid reminders`: nudges people about items that have waited longer than
settings.reminder_after_days, at most once per such period, and a project's consortium about
deliverables due soon or overdue, at most once per such period per deliverable. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.experts.repository import ExpertRepository
from vstid.invitations.repository import InvitationRepository
from vstid.notifications import messages as msg
from vstid.notifications.repository import NotificationRepository
from vstid.orders.models import Order, OrderStatus
from vstid.orders.repository import OrderRepository
from vstid.orders.service import OrderWorkflow
from vstid.programs.calls.service import CallService
from vstid.projects.plan.service import PlanService
from vstid.proposals.repository import ProposalRepository

__all__ = ["ReminderReport", "Reminders"]


@dataclass
class ReminderReport:
    invitations: int = 0
    proposals: int = 0
    orders: int = 0
    deliverables: int = 0
    calls_closed: int = 0  # open calls past their closing time and grace, closed

    @property
    def total(self) -> int:
        return self.invitations + self.proposals + self.orders + self.deliverables


class Reminders:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.workflow = OrderWorkflow(session, settings)
        self.orders = OrderRepository(session)
        self.notes = NotificationRepository(session)

    def run(self, now: datetime | None = None) -> ReminderReport:
        now = now or utcnow()
        cutoff = now - timedelta(days=self.settings.reminder_after_days)
        report = ReminderReport()
        report.invitations = self._invitations(cutoff)
        report.proposals = self._proposals(cutoff)
        report.orders = self._orders(cutoff)
        report.deliverables = self._deliverables(now, cutoff)
        report.calls_closed = len(CallService(self.session, self.settings).close_overdue(now))
        return report

    def _invitations(self, cutoff: datetime) -> int:
        sent = 0
        for invitation in InvitationRepository(self.session).waiting_since(cutoff):
            order = self.orders.get(invitation.order_id)
            expert = ExpertRepository(self.session).get(invitation.expert_id)
            account = self.workflow.recipients.user(expert.user_id if expert else None)
            if order is None or account is None or order.status != OrderStatus.open.value:
                continue
            sent += self._remind(
                account,
                msg.REMIND_INVITATION,
                order,
                f"invitation:{invitation.id}",
                cutoff,
                "/invitations",
            )
        return sent

    def _proposals(self, cutoff: datetime) -> int:
        sent = 0
        for proposal in ProposalRepository(self.session).waiting_since(cutoff):
            order = self.orders.get(proposal.order_id)
            if order is None or order.status != OrderStatus.open.value:
                continue
            for requester in self.workflow.requesters(order):
                sent += self._remind(
                    requester,
                    msg.REMIND_PROPOSAL,
                    order,
                    f"proposal:{proposal.id}",
                    cutoff,
                    f"/orders/{order.slug}/proposals",
                )
        return sent

    def _orders(self, cutoff: datetime) -> int:
        sent = 0
        for order in self.orders.waiting_since(OrderStatus.submitted.value, cutoff):
            for coordinator in self.workflow.recipients.hub_coordinators(order.hub_id):
                sent += self._remind(
                    coordinator,
                    msg.REMIND_ORDER,
                    order,
                    f"order:{order.id}",
                    cutoff,
                    "/coordinator",
                )
        return sent

    def _deliverables(self, now: datetime, cutoff: datetime) -> int:
        """Due within two weeks or overdue: the people acting for the project's current
        partners hear, once per period per deliverable (its `reminded_at`)."""
        plan = PlanService(self.session, self.settings)
        sent = 0
        for due in plan.reminders_due(now, cutoff):
            message = msg.REMIND_PLAN_OVERDUE if due.overdue else msg.REMIND_PLAN_DUE
            params = {
                "item": f"{due.item.code} {due.item.title}",
                "project": due.project.title,
                "due": due.due.isoformat(),
            }
            link = f"/projects/{due.project.id}/plan#item-{due.item.id}"
            for person in due.recipients:
                self.workflow.notifier.notify(
                    person, message, params, kind="reminder", link=link,
                    ref=f"remind:plan:{due.item.id}",
                )  # fmt: skip
                sent += 1
            plan.mark_reminded(due.item, now)
        return sent

    def _remind(
        self, user: User, message: str, order: Order, ref: str, cutoff: datetime, link: str
    ) -> int:
        ref = f"remind:{ref}"
        if self.notes.sent_since(user.id, ref, cutoff):
            return 0
        self.workflow.notifier.notify(
            user, message, {"order": order.title}, kind="reminder", link=link, ref=ref
        )
        return 1
