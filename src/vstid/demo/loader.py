"""Loads the hand-made demo records (demo/data/*.json). Idempotent: existing rows, found by
their natural keys (code, slug, e-mail; a project by its hub and title, see demo.projects),
are left as they are, so running it twice changes nothing. Never commits; the caller's
transaction does."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.repository import UserRepository
from vstid.audit.service import record
from vstid.core.models import utcnow
from vstid.core.security import hash_password
from vstid.core.settings import Settings, get_settings
from vstid.demo.programs import DemoPrograms
from vstid.demo.projects import DemoProjects
from vstid.experts.models import ExpertProfile, Publication
from vstid.experts.repository import ExpertRepository
from vstid.hubs.models import Hub
from vstid.hubs.repository import HubRepository
from vstid.orders.models import Order
from vstid.orders.repository import OrderRepository
from vstid.organizations.models import Membership, Organization
from vstid.organizations.repository import MembershipRepository, OrganizationRepository
from vstid.taxonomy.models import FieldOfScience
from vstid.taxonomy.repository import FieldRepository

__all__ = ["DATA_DIR", "DemoLoader", "LoadReport"]

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, Any]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        data: list[dict[str, Any]] = json.load(fh)
    return data


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def bump(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


class DemoLoader:
    def __init__(self, session: Session, password: str, settings: Settings | None = None) -> None:
        self.session = session
        self.settings = settings or get_settings()
        self.password_hash = hash_password(password)
        self.report = LoadReport()
        self.hubs: dict[str, Hub] = {}
        self.orgs: dict[str, Organization] = {}
        self.experts: dict[str, ExpertProfile] = {}
        self.authors: dict[str, User] = {}  # organization slug -> its first member

    def load_all(self) -> LoadReport:
        self._fields()
        self._hubs()
        self._organizations()
        self._experts()
        self._users()
        self._orders()
        self._projects()
        self._programs()
        record(
            self.session,
            actor_id=None,
            action="demo.load",
            entity_type="system",
            data=self.report.created,
        )
        return self.report

    def _fields(self) -> None:
        repo = FieldRepository(self.session)
        for position, row in enumerate(_read("taxonomy.json")):
            if repo.get_by(code=row["code"]) is None:
                repo.add(
                    FieldOfScience(
                        code=row["code"],
                        parent_code=row.get("parent"),
                        labels=row["labels"],
                        position=position,
                    )
                )
                self.report.bump("fields")

    def _hubs(self) -> None:
        repo = HubRepository(self.session)
        for row in _read("hubs.json"):
            hub = repo.by_code(row["code"])
            if hub is None:
                hub = repo.add(
                    Hub(
                        code=row["code"],
                        country=row["country"],
                        name=row["name"],
                        description=row.get("description", {}),
                        is_pilot=row.get("is_pilot", False),
                    )
                )
                self.report.bump("hubs")
            else:
                # A database loaded before a language was written gets it, edits kept.
                hub.name = {**row["name"], **hub.name}
                hub.description = {**row.get("description", {}), **hub.description}
            self.hubs[hub.code] = hub

    def _organizations(self) -> None:
        repo = OrganizationRepository(self.session)
        rows = _read("organizations.json")
        for row in rows:
            org = repo.by_slug(row["slug"])
            if org is None:
                org = repo.add(
                    Organization(
                        slug=row["slug"],
                        name=_nfc(row["name"]),
                        kind=row["kind"],
                        country=row["country"],
                        hub_id=self.hubs[row["hub"]].id,
                        website=row.get("website"),
                        description=row.get("description", {}),
                    )
                )
                self.report.bump("organizations")
            else:  # languages added to the demo since; what an admin edited stays
                org.description = {**row.get("description", {}), **org.description}
            self.orgs[org.slug] = org
        for row in rows:
            parent = row.get("member_of")
            if parent and self.orgs[row["slug"]].parent_id is None:
                self.orgs[row["slug"]].parent_id = self.orgs[parent].id

    def _experts(self) -> None:
        repo = ExpertRepository(self.session)
        for row in _read("experts.json"):
            expert = repo.by_slug(row["slug"])
            if expert is None:
                expert = repo.add(self._expert_from(row))
                self.report.bump("experts")
            self.experts[expert.slug] = expert

    def _expert_from(self, row: dict[str, Any]) -> ExpertProfile:
        org_slug = row.get("organization")
        expert = ExpertProfile(
            slug=row["slug"],
            hub_id=self.hubs[row.get("hub") or "JP"].id,
            organization_id=self.orgs[org_slug].id if org_slug in self.orgs else None,
            display_name=_nfc(row["name"]),
            name_variants=row.get("name_variants", []),
            email=row.get("email"),
            residence_country=row.get("country_of_residence"),
            affiliation=row.get("affiliation"),
            languages=row.get("languages", []),
            headline=_nfc(row.get("headline")),
            bio=_nfc(row.get("bio")),
            bio_language=row.get("profile_language", "en"),
            expertise=row.get("expertise", []),
            fields=row.get("fields", []),
            orcid=row.get("orcid"),
            capacity=int(row.get("capacity", 1)),
            availability=row.get("availability", "available"),
            engagement_types=row.get("engagement_types", []),
            visibility=row.get("visibility", "public"),
        )
        expert.publications = [
            Publication(
                title=_nfc(p["title"]),
                abstract=p.get("abstract"),
                year=p.get("year"),
                venue=p.get("venue"),
                doi=p.get("doi"),
                language=p.get("language"),
            )
            for p in row.get("publications", [])
        ]
        return expert

    def _users(self) -> None:
        users = UserRepository(self.session)
        members = MembershipRepository(self.session)
        for row in _read("users.json"):
            user = users.by_email(row["email"])
            if user is None:
                hub = self.hubs.get(row.get("hub") or "")
                user = users.add(
                    User(
                        email=row["email"].lower(),
                        display_name=_nfc(row["display_name"]),
                        password_hash=self.password_hash,
                        role=Role(row["role"]).value,
                        hub_id=hub.id if hub else None,
                        locale=row.get("locale", "vi"),
                        email_verified_at=utcnow(),  # demo accounts are vouched for
                    )
                )
                self.report.bump("users")
            org = self.orgs.get(row.get("organization") or "")
            if org is not None and not members.is_member(user.id, org.id):
                # a demo requester is the contact person who administers the organization
                role = "admin" if user.role == Role.requester.value else "member"
                members.add(Membership(user_id=user.id, organization_id=org.id, role=role))
            if org is not None:
                self.authors.setdefault(org.slug, user)
            expert = self.experts.get(row.get("expert") or "")
            if expert is not None and expert.user_id is None:
                expert.user_id = user.id
                expert.claimed = True

    def _orders(self) -> None:
        repo = OrderRepository(self.session)
        for row in _read("orders.json"):
            if repo.by_slug(row["slug"]) is not None:
                continue
            org = self.orgs[row["organization"]]
            amount = row.get("budget_amount")
            repo.add(
                Order(
                    slug=row["slug"],
                    hub_id=self.hubs[row.get("hub") or "JP"].id,
                    organization_id=org.id,
                    title=_nfc(row["title"]),
                    description=_nfc(row["description"]),
                    language=row.get("language", "vi"),
                    fields=row.get("fields", []),
                    budget_amount=Decimal(str(amount)) if amount is not None else None,
                    currency=row.get("currency", "VND"),
                    deadline=date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
                    engagement_type=row["engagement_type"],
                    confidentiality=row.get("confidentiality", "public"),
                    status=row.get("status", "open"),
                )
            )
            self.report.bump("orders")

    def _projects(self) -> None:
        """The joint research projects, told through their services (demo.projects)."""
        projects = DemoProjects(self.session, self.settings, self.hubs, self.orgs, self.report.bump)
        projects.load(_read("rates.json"), _read("projects.json"))

    def _programs(self) -> None:
        """The programs with their calls, applications, reviews and mobility records, told
        through their services (demo.programs)."""
        programs = DemoPrograms(
            self.session, self.settings, self.orgs, self.experts, self.report.bump
        )
        programs.load(_read("programs.json"))
