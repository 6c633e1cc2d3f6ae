"""The question-and-answer thread of an order: its requester side, the hub's coordinators and
the experts invited to it (or who sent a proposal) take part. And the project channel: one
thread per project, for those inside it (its consortium, the hub's coordinators, admins).
Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.notifications import messages as msg
from vstid.orders.models import Order
from vstid.orders.service import OrderWorkflow
from vstid.projects.models import Project
from vstid.projects.service import ProjectService
from vstid.threads.models import ThreadMessage
from vstid.threads.repository import ThreadRepository

__all__ = ["ProjectChannel", "ThreadEntry", "ThreadService"]


@dataclass(frozen=True)
class ThreadEntry:
    message: ThreadMessage
    author: User


class ThreadService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.workflow = OrderWorkflow(session, settings)
        self.repo = ThreadRepository(session)

    def may_take_part(self, user: User | None, order: Order) -> bool:
        return self.repo.takes_part(order.id, user)

    def entries(self, user: User | None, order: Order) -> list[ThreadEntry]:
        self._require(user, order)
        entries = []
        for message in self.repo.for_order(order.id):
            author = self.workflow.recipients.user(message.author_id)
            if author is not None:  # authors are kept by a foreign key; this satisfies typing
                entries.append(ThreadEntry(message, author))
        return entries

    def post(self, user: User | None, order: Order, body: str) -> ThreadMessage:
        author = self._require(user, order)
        body = body.strip()
        if not body:
            raise ValidationFailed(N_("write a message first"), field="body")
        row = self.repo.add(ThreadMessage(order_id=order.id, author_id=author.id, body=body))
        Auditor(self.session, "order")(author.id, "thread.post", order.id, message_id=str(row.id))
        self._tell_others(author, order)
        return row

    def _require(self, user: User | None, order: Order) -> User:
        user = require_user(user)
        if not self.may_take_part(user, order):
            raise Forbidden(
                N_("only the requester, the coordinators and invited experts take part")
            )
        return user

    def _tell_others(self, author: User, order: Order) -> None:
        """In-app only: a busy thread must not flood inboxes. The hub's coordinators follow
        every thread of their hub, whether or not they have written in it."""
        people = {u.id: u for u in self.workflow.requesters(order)}
        people |= {u.id: u for u in self.workflow.recipients.hub_coordinators(order.hub_id)}
        for entry in self.repo.for_order(order.id):
            if entry.author_id not in people:
                other = self.workflow.recipients.user(entry.author_id)
                if other is not None:
                    people[other.id] = other
        people.pop(author.id, None)
        # Someone whose invitation was declined since they posted must not hear about it.
        for person in [p for p in people.values() if self._still_reads(p, order)]:
            self.workflow.notifier.notify(
                person,
                msg.THREAD_MESSAGE,
                {"order": order.title, "author": author.display_name},
                kind="thread",
                link=f"/orders/{order.slug}#thread",
                email=False,
            )

    def _still_reads(self, person: User, order: Order) -> bool:
        try:
            self.workflow.queries.get_visible_by_id(order.id, person)
        except NotFound:
            return False
        return self.may_take_part(person, order)


class ProjectChannel:
    """A project's thread: read and written only from inside the project (404 otherwise);
    the consortium and the hub's coordinators hear of each message, in-app."""

    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.projects = ProjectService(session, settings)
        self.repo = ThreadRepository(session)
        self.notifier = OrderWorkflow(session, settings).notifier

    def entries(self, user: User | None, project_id: uuid.UUID) -> list[ThreadEntry]:
        project = self.projects.get_inside(require_user(user), project_id)
        messages = self.repo.for_project(project.id)
        authors = self.projects.repo.users_by_ids({m.author_id for m in messages})
        return [ThreadEntry(m, authors[m.author_id]) for m in messages if m.author_id in authors]

    def post(self, user: User | None, project_id: uuid.UUID, body: str) -> ThreadMessage:
        author = require_user(user)
        project = self.projects.get_inside(author, project_id)
        body = body.strip()
        if not body:
            raise ValidationFailed(N_("write a message first"), field="body")
        row = self.repo.add(ThreadMessage(project_id=project.id, author_id=author.id, body=body))
        Auditor(self.session, "project")(
            author.id, "project.message", project.id, message_id=str(row.id)
        )
        self._tell_others(author, project)
        return row

    def _tell_others(self, author: User, project: Project) -> None:
        """In-app only, like an order's thread: a busy channel must not flood inboxes."""
        for person in self.projects.consortium_and_staff(project):
            if person.id != author.id:
                self.notifier.notify(
                    person,
                    msg.PROJECT_MESSAGE,
                    {"project": project.title, "author": author.display_name},
                    kind="thread",
                    link=f"/projects/{project.id}#channel",
                    email=False,
                )
