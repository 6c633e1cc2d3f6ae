"""Shared helpers for the profile tests: sample files are read in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_hub
from vstid.hubs.models import Hub

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared" / "data"
SAMPLES = SHARED / "samples"
XLING_EXPERTS = SHARED / "xling-dev" / "experts.jsonl"


@pytest.fixture
def hub(session: Session) -> Hub:
    hub = make_hub(session, is_pilot=True)
    session.commit()
    return hub
