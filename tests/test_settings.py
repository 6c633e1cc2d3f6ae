from pathlib import Path

import pytest
from pydantic import ValidationError

from vstid.core.settings import Environment, Settings


def test_production_refuses_missing_secret() -> None:
    with pytest.raises(ValidationError, match="VSTID_SECRET_KEY"):
        Settings(env=Environment.production, database_url="postgresql+psycopg://x/y")


def test_production_refuses_sqlite_default() -> None:
    with pytest.raises(ValidationError, match="VSTID_DATABASE_URL"):
        Settings(env=Environment.production, secret_key="s" * 40)


def test_production_refuses_the_test_suites_cheap_password_hashing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    valid = {"secret_key": "s" * 40, "database_url": "postgresql+psycopg://x/y"}
    monkeypatch.setenv("VSTID_PASSWORD_HASHING", "fast")
    with pytest.raises(ValidationError, match="VSTID_PASSWORD_HASHING"):
        Settings(env=Environment.production, **valid)
    monkeypatch.delenv("VSTID_PASSWORD_HASHING")
    assert Settings(env=Environment.production, **valid).env is Environment.production


def test_development_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    first = s.resolved_secret_key()
    assert len(first) >= 32
    assert Settings(data_dir=tmp_path).resolved_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_is_the_default(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.is_sqlite and s.resolved_database_url.endswith("vstid.db")
