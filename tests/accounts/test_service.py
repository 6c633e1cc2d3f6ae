import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vstid.accounts.models import LoginFailure, Role, User
from vstid.accounts.schemas import LoginInput, RegistrationInput
from vstid.accounts.service import AccountService
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, RateLimited, Unauthorized
from vstid.core.security import hash_password
from vstid.core.settings import Settings


def _register(svc: AccountService, email: str = "an.nguyen@example.org"):  # type: ignore[no-untyped-def]
    return svc.register(
        RegistrationInput(email=email, display_name="Nguyễn Văn An", password="mật-khẩu-dài-123"),
        ip="9.9.9.9",
    ).user


def test_register_hashes_password_with_argon2_and_audits(
    session: Session, settings: Settings
) -> None:
    svc = AccountService(session, settings)
    user = _register(svc)
    assert user.password_hash.startswith("$argon2id$")
    assert "mật-khẩu" not in user.password_hash
    assert user.display_name == "Nguyễn Văn An"
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(user.id)))
    assert "user.create" in list(actions)


def test_registering_a_taken_email_creates_nothing_and_raises_nothing(
    session: Session, settings: Settings
) -> None:
    """The adapters answer both alike, so registration never tells who has an account."""
    svc = AccountService(session, settings)
    first = _register(svc)
    assert first.email_verified_at is None
    data = RegistrationInput(
        email="AN.NGUYEN@example.org", display_name="Someone Else", password="mưa-rào-mùa-hạ"
    )
    again = svc.register(data, ip="9.9.9.9")
    assert not again.created and again.user.id == first.id
    assert again.user.display_name == "Nguyễn Văn An"  # the account is left unchanged
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_staff_created_accounts_are_verified_and_a_taken_email_conflicts(
    session: Session, settings: Settings
) -> None:
    svc = AccountService(session, settings)
    user = svc.create_user(
        email="staff@example.org", display_name="Staff", password="x", role=Role.coordinator
    )
    assert user.email_verified_at is not None
    with pytest.raises(Conflict) as err:
        svc.create_user(
            email="STAFF@example.org", display_name="Staff", password="x", role=Role.expert
        )
    assert err.value.field == "email"


def test_authenticate_accepts_right_and_rejects_wrong_password(
    session: Session, settings: Settings
) -> None:
    svc = AccountService(session, settings)
    _register(svc)
    user = svc.authenticate(
        LoginInput(email="an.nguyen@example.org", password="mật-khẩu-dài-123"), ip="1.1.1.1"
    )
    assert user.last_login_at is not None
    with pytest.raises(Unauthorized):
        svc.authenticate(
            LoginInput(email="an.nguyen@example.org", password="wrong-password"), ip="1.1.1.1"
        )


def test_login_is_rate_limited_after_repeated_failures(
    session: Session, settings: Settings
) -> None:
    svc = AccountService(session, settings)
    _register(svc)
    bad = LoginInput(email="an.nguyen@example.org", password="wrong-password")
    for _ in range(settings.login_max_failures):
        with pytest.raises(Unauthorized):
            svc.authenticate(bad, ip="2.2.2.2")
    with pytest.raises(RateLimited) as err:
        svc.authenticate(
            LoginInput(email="an.nguyen@example.org", password="mật-khẩu-dài-123"), ip="2.2.2.2"
        )
    assert err.value.retry_after_s > 0


def test_api_token_round_trip_and_unknown_token(session: Session, settings: Settings) -> None:
    svc = AccountService(session, settings)
    user = _register(svc)
    issued = svc.issue_token(user)
    assert svc.user_for_token(issued.token) == user
    assert svc.user_for_token("not-a-token") is None


def test_self_registration_cannot_create_admins() -> None:
    with pytest.raises(ValueError, match="self-registered"):
        RegistrationInput(
            email="x@example.org", display_name="Xx", password="0123456789", role=Role.admin
        )


def test_a_password_checked_in_an_earlier_unit_counts_only_for_the_same_hash(
    session: Session, settings: Settings
) -> None:
    """Sign-in checks the password (argon2) in a read-only unit, then signs in inside the
    write unit without hashing again; a hash changed in between does not count."""
    svc = AccountService(session, settings)
    _register(svc)
    right = LoginInput(email="an.nguyen@example.org", password="mật-khẩu-dài-123")
    wrong = LoginInput(email="an.nguyen@example.org", password="wrong-password")
    checked = svc.verified_hash(right)
    assert checked is not None and svc.verified_hash(wrong) is None
    assert svc.verified_hash(LoginInput(email="nobody@example.org", password="x" * 12)) is None
    user = svc.authenticate(right, ip="1.1.1.1", prechecked=True, verified_hash=checked)
    assert user.last_login_at is not None
    with pytest.raises(Unauthorized):  # the pre-check failed: no second chance by hashing
        svc.authenticate(right, ip="1.1.1.1", prechecked=True, verified_hash=None)
    user.password_hash = svc.verified_hash(right) or ""  # same value: still fine
    svc.authenticate(right, ip="1.1.1.1", prechecked=True, verified_hash=checked)
    user.password_hash = hash_password("another-long-pass-phrase")  # changed in between
    with pytest.raises(Unauthorized):
        svc.authenticate(right, ip="1.1.1.1", prechecked=True, verified_hash=checked)
    failures = session.scalar(select(func.count()).select_from(LoginFailure))
    assert failures == 1, "the last refusal counts (the sign-in before it cleared the first)"
