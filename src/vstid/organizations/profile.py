"""An organization's public profile: who its members are (and who may see them), its admins'
edits of name, description, website and contact, and its logo. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.errors import Forbidden, Unauthorized
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.organizations.logos import LogoStore, render_logo
from vstid.organizations.models import Organization
from vstid.organizations.permissions import Actor, is_staff_of
from vstid.organizations.repository import MembershipRepository, RosterRow
from vstid.organizations.schemas import MemberOut, OrganizationUpdate

__all__ = ["OrganizationProfiles", "Roster"]

ORG_ADMIN_ROLE = "admin"  # Membership.role of who administers the organization


@dataclass(frozen=True)
class Roster:
    members: list[MemberOut]
    complete: bool  # False: the public's view, the organization's admins by name only


class OrganizationProfiles:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.members = MembershipRepository(session)
        self.logos = LogoStore(settings.upload_dir / "logos")
        self.audit = Auditor(session, "organization")

    def roster(self, user: Actor | None, org: Organization) -> Roster:
        """Members and the hub's staff see every member with e-mail and role; anyone else
        sees the admins' names, so a company's staff list is not published."""
        if user is not None and (
            is_staff_of(user, org.hub_id) or self.members.is_member(user.id, org.id)
        ):
            rows = self.members.roster(org.id)
            return Roster([_member(r, with_email=True) for r in rows], complete=True)
        rows = self.members.roster(org.id, role=ORG_ADMIN_ROLE)
        return Roster([_member(r, with_email=False) for r in rows], complete=False)

    def can_edit(self, user: Actor | None, org: Organization) -> bool:
        if user is None:
            return False
        admin = self.members.role_in(user.id, org.id) == ORG_ADMIN_ROLE
        return admin or is_staff_of(user, org.hub_id)

    def update(self, user: Actor | None, org: Organization, data: OrganizationUpdate) -> None:
        actor = self._editor(user, org)
        translations = {k: v for k, v in data.name_translations.items() if k != data.language}
        org.name, org.language, org.name_translations = data.name, data.language, translations
        org.description = data.description
        org.website, org.contact_email = data.website, data.contact_email
        org.contact_phone = data.contact_phone
        self.audit(actor.id, "organization.update", org.id, name=org.name)

    def set_logo(
        self, user: Actor | None, org: Organization, filename: str, content: bytes
    ) -> None:
        """Checked and resized before anything is written. The previous version's files stay
        (should this change roll back, the organization still points at them); older ones go."""
        actor = self._editor(user, org)
        previous = org.logo_key
        org.logo_key = self.logos.save(org.id, render_logo(filename, content))
        self.logos.prune(org.id, {org.logo_key} | ({previous} if previous else set()))
        self.audit(actor.id, "organization.logo", org.id, key=org.logo_key)

    def remove_logo(self, user: Actor | None, org: Organization) -> None:
        actor = self._editor(user, org)
        org.logo_key = None
        self.audit(actor.id, "organization.logo_removed", org.id)

    def logo_file(self, org: Organization, size: int) -> Path | None:
        return self.logos.path(org.logo_key, size) if org.logo_key else None

    def _editor(self, user: Actor | None, org: Organization) -> Actor:
        if user is None:
            raise Unauthorized(N_("sign in first"))
        if not self.can_edit(user, org):
            raise Forbidden(N_("only the organization's admins can edit its profile"))
        return user


def _member(row: RosterRow, *, with_email: bool) -> MemberOut:
    return MemberOut(
        display_name=row.display_name, role=row.role, email=row.email if with_email else None
    )
