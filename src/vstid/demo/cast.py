"""Who acts in the demo's program stories (demo.programs, demo.applications, demo.mobility):
its people and places by the keys the data files use, and the program being told."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.repository import UserRepository
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Organization
from vstid.programs.models import Program

__all__ = ["Cast", "Row", "Story"]

Row = dict[str, Any]


@dataclass
class Cast:
    """The demo's people and places, by the keys the data files use."""

    session: Session
    orgs: dict[str, Organization]
    experts: dict[str, ExpertProfile]
    bump: Callable[[str], None]
    users: dict[str, User] = field(default_factory=dict)

    def user(self, email: str) -> User:
        if email not in self.users:
            user = UserRepository(self.session).by_email(email)
            if user is None:
                raise LookupError(f"demo user {email} is missing from users.json")
            self.users[email] = user
        return self.users[email]

    def org_id(self, slug: str | None) -> uuid.UUID | None:
        return self.orgs[slug].id if slug else None


@dataclass
class Story:
    """One program being told: its coordinator, and its agencies by organization slug."""

    row: Row
    program: Program
    coordinator: User
    agencies: dict[str, uuid.UUID]  # organization slug -> ProgramAgency id
    officers: dict[str, User]  # organization slug -> the officer sitting for the agency
