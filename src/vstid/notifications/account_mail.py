"""The mails about an account itself: the link that confirms its address, and the note to the
owner of an address someone tried to register again. Accounts sit below notifications, so the
adapters ask for these here. Never commits."""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.service import AccountService, Registration
from vstid.core.errors import RateLimited
from vstid.core.settings import Settings
from vstid.notifications.messages import ACCOUNT_EXISTS, VERIFY_EMAIL
from vstid.notifications.service import Notifier

__all__ = ["AccountMail"]


class AccountMail:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.accounts = AccountService(session, settings)
        self.notifier = Notifier(session, settings)

    def verification(self, user: User) -> None:
        """A new link to confirm the address; RateLimited after a few an hour."""
        link = self.accounts.verification_link(user)
        self.notifier.email(user.email, user.locale, VERIFY_EMAIL, {}, link)

    def after_registration(self, registration: Registration) -> None:
        """Whatever happened, the registrant sees the same answer; the address's owner learns
        what to do: confirm a new (or still unconfirmed) account, or sign in to the old one."""
        user = registration.user
        if user.email_verified_at is None:
            # a refusal here would tell the registrant that the address is known
            with suppress(RateLimited):
                self.verification(user)
        else:
            self.notifier.email(user.email, user.locale, ACCOUNT_EXISTS, {}, "/login")
