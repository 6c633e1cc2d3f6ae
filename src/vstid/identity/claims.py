"""Claiming an imported profile: a signed, expiring link is e-mailed to the address the profile
was imported with; opening it while signed in attaches the profile to the account. Never commits."""

from __future__ import annotations

import uuid

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.identity.service import IdentityService
from vstid.notifications.service import Notifier

__all__ = ["CLAIM_MAX_AGE_S", "ClaimService"]

CLAIM_MAX_AGE_S = 3 * 24 * 3600


class ClaimService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.signer = URLSafeTimedSerializer(settings.resolved_secret_key(), salt="expert-claim")

    def request(self, expert: ExpertProfile, user: User, base_url: str) -> str:
        """Sends the link to the profile's own e-mail address (not the claimant's)."""
        if expert.claimed or expert.user_id:
            raise Conflict(N_("this profile is already claimed"))
        if not expert.email:
            raise ValidationFailed(N_("this profile has no e-mail address; ask a coordinator"))
        token = self.signer.dumps({"e": str(expert.id), "u": str(user.id), "m": expert.email})
        link = f"{base_url.rstrip('/')}/claim/confirm?token={token}"
        Notifier(self.session, self.settings).email(
            expert.email,
            user.locale,
            "Confirm that the V-STID profile %(name)s is yours",
            {"name": expert.display_name},
            link,
        )
        Auditor(self.session, "expert")(user.id, "expert.claim.request", expert.id)
        return token

    def confirm(self, token: str, user: User) -> ExpertProfile:
        try:
            data = self.signer.loads(token, max_age=CLAIM_MAX_AGE_S)
        except SignatureExpired as exc:
            raise ValidationFailed(N_("this link has expired; ask for a new one")) from exc
        except BadSignature as exc:
            raise ValidationFailed(N_("this link is not valid")) from exc
        if data.get("u") != str(user.id):
            raise Forbidden(N_("sign in with the account that asked to claim this profile"))
        expert = ExpertRepository(self.session).get(uuid.UUID(data["e"]))
        if expert is None or expert.claimed or expert.email != data.get("m"):
            raise Conflict(N_("this profile can no longer be claimed with this link"))
        self._attach(expert, user)
        return expert

    def _attach(self, expert: ExpertProfile, user: User) -> None:
        own = ExpertRepository(self.session).by_user(user.id)
        if own is not None and own.id != expert.id:
            # the profile started at registration joins the claimed one; undoable like any merge
            IdentityService(self.session).merge(expert.id, own.id, actor_id=user.id)
        expert.user_id, expert.claimed = user.id, True
        Auditor(self.session, "expert")(user.id, "expert.claim", expert.id)
