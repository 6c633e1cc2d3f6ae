"""Reading the fields of science (the taxonomy pages and forms choose from) and the admins'
changes: add, rename, move, deprecate and restore. Never commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.actor import Actor, require_admin
from vstid.core.errors import Conflict, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.taxonomy.models import FieldOfScience
from vstid.taxonomy.repository import FieldRepository
from vstid.taxonomy.schemas import FieldCreate, FieldLabels, FieldMove
from vstid.taxonomy.states import FIELD_STATES, state_of

__all__ = ["TaxonomyService", "TreeNode"]


@dataclass(frozen=True)
class TreeNode:
    field: FieldOfScience
    depth: int


class TaxonomyService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = FieldRepository(session)
        self.audit = Auditor(session, "field")

    # -- reading -----------------------------------------------------------------------------
    def ordered(self) -> list[FieldOfScience]:
        return self.repo.ordered()

    def offered(self, keep: Iterable[str] = ()) -> list[FieldOfScience]:
        """The fields a form offers: those in use, and the deprecated ones a record already
        has (so editing it does not drop them silently)."""
        kept = set(keep)
        return [f for f in self.repo.ordered() if not f.deprecated or f.code in kept]

    def labels(self) -> dict[str, dict[str, str]]:
        """Field code -> its label in each language."""
        return self.repo.labels()

    def get(self, code: str) -> FieldOfScience:
        field = self.repo.by_code(code)
        if field is None:
            raise NotFound(N_("field not found"))
        return field

    def tree(self) -> list[TreeNode]:
        """Every field, each parent followed by its children (depth-first, by position); a
        field whose parent is missing is shown at the top level rather than lost."""
        fields = self.repo.ordered()
        codes = {f.code for f in fields}
        children: dict[str | None, list[FieldOfScience]] = {}
        for f in fields:
            parent = f.parent_code if f.parent_code in codes else None
            children.setdefault(parent, []).append(f)
        nodes: list[TreeNode] = []

        def walk(parent: str | None, depth: int) -> None:
            for f in children.get(parent, []):
                nodes.append(TreeNode(f, depth))
                walk(f.code, depth + 1)

        walk(None, 0)
        return nodes

    def allowed_actions(self, actor: Actor | None, field: FieldOfScience) -> list[str]:
        roles = {actor.role} if actor is not None else set()
        return FIELD_STATES.allowed(state_of(field.deprecated), roles)

    # -- changes (admins) --------------------------------------------------------------------
    def add(self, actor: Actor | None, data: FieldCreate) -> FieldOfScience:
        admin = require_admin(actor)
        if self.repo.by_code(data.code) is not None:
            raise Conflict(N_("a field with this code already exists"), field="code")
        parent = self._parent(data.parent)
        field = self.repo.add(FieldOfScience(
            code=data.code, parent_code=parent, labels=dict(data.labels),
            position=self.repo.next_position(), deprecated=False,
        ))  # fmt: skip
        self.audit(admin.id, "field.create", field.code, parent=parent, labels=field.labels)
        return field

    def rename(self, actor: Actor | None, code: str, data: FieldLabels) -> FieldOfScience:
        admin = require_admin(actor)
        field = self.get(code)
        before = field.labels
        field.labels = dict(data.labels)  # a new dict: the JSON column notices only a new value
        self.audit(admin.id, "field.rename", field.code, before=before, labels=field.labels)
        return field

    def move(self, actor: Actor | None, code: str, data: FieldMove) -> FieldOfScience:
        """Under another parent (or to the top level), listed last among its new siblings."""
        admin = require_admin(actor)
        field = self.get(code)
        parent = self._parent(data.parent)
        if parent is not None and (parent == code or code in self._ancestors(parent)):
            raise ValidationFailed(
                N_("a field cannot move under itself or one of its own sub-fields"),
                field="parent",
            )
        if parent == field.parent_code:
            return field
        before, field.parent_code = field.parent_code, parent
        field.position = self.repo.next_position()
        self.audit(admin.id, "field.move", field.code, **{"from": before, "to": parent})
        return field

    def deprecate(self, actor: Actor | None, code: str) -> FieldOfScience:
        admin = require_admin(actor)
        field = self.get(code)
        FIELD_STATES.check("deprecate", state_of(field.deprecated), {admin.role})
        if any(not f.deprecated for f in self.repo.ordered() if f.parent_code == code):
            raise Conflict(N_("deprecate or move this field's sub-fields first"))
        field.deprecated = True
        self.audit(admin.id, "field.deprecate", field.code)
        return field

    def restore(self, actor: Actor | None, code: str) -> FieldOfScience:
        admin = require_admin(actor)
        field = self.get(code)
        FIELD_STATES.check("restore", state_of(field.deprecated), {admin.role})
        parent = self.repo.by_code(field.parent_code) if field.parent_code else None
        if parent is not None and parent.deprecated:
            raise Conflict(N_("restore the parent field first"))
        field.deprecated = False
        self.audit(admin.id, "field.restore", field.code)
        return field

    # -- helpers -----------------------------------------------------------------------------
    def _parent(self, code: str | None) -> str | None:
        """A parent named by code must exist and be in use."""
        if not code:
            return None
        parent = self.repo.by_code(code)
        if parent is None or parent.deprecated:
            raise ValidationFailed(
                N_("no field in use with code %(code)s"), field="parent", params={"code": code}
            )
        return parent.code

    def _ancestors(self, code: str) -> set[str]:
        parents = {f.code: f.parent_code for f in self.repo.ordered()}
        seen: set[str] = set()
        current = parents.get(code)
        while current is not None and current not in seen:
            seen.add(current)
            current = parents.get(current)
        return seen
