"""A killed import (SIGKILL mid-run) resumes: nothing committed is lost or duplicated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from tests.conftest import fresh_postgres_database
from vstid.core.migrate import upgrade
from vstid.experts.models import ExpertExternalId, ExpertProfile
from vstid.hubs.models import Hub
from vstid.imports.models import ImportRow

ROWS = 600  # enough to kill mid-run (after 100) with most of the file still to import


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(ROWS):
            row = {"id": f"R{i:05d}", "name": f"Thử Nghiệm {i:05d}", "country_of_residence": "JP",
                   "publications": [{"title": f"Paper {i} on Đà Nẵng ports", "year": 2020}]}  # fmt: skip
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _counts(url: str) -> tuple[int, int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(ImportRow)) or 0
        experts = conn.scalar(select(func.count()).select_from(ExpertProfile)) or 0
        keys = conn.scalar(select(func.count(func.distinct(ExpertExternalId.value)))) or 0
    engine.dispose()
    return int(rows), int(experts), int(keys)


def _start(url: str, path: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VSTID_DATABASE_URL": url, "VSTID_DATA_DIR": str(tmp_path)}
    args = [sys.executable, "-m", "vstid.cli", "import", "experts", str(path), "--batch-size", "25"]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.mark.killtest
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_mid_import_then_rerun(tmp_path: Path, backend: str) -> None:
    url = (
        f"sqlite:///{tmp_path / 'resume.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("resume")
    )
    upgrade(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(Hub.__table__.insert().values(
            id=uuid.uuid4(), code="JP", country="JP", name={}, description={},
            is_pilot=True, created_at=func.now(), updated_at=func.now()))  # fmt: skip
    engine.dispose()
    path = _file(tmp_path)

    proc = _start(url, path, tmp_path)
    deadline = time.monotonic() + 120
    while _counts(url)[0] < 100 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done, experts, _ = _counts(url)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < done < ROWS, "the import must have been killed halfway"
    assert experts == done  # each committed batch holds its profiles and checkpoints together

    rerun = _start(url, path, tmp_path)
    output = rerun.communicate(timeout=300)[0].decode()
    assert rerun.returncode == 0, output
    assert f"{done} row(s) were already imported" in output
    assert _counts(url) == (ROWS, ROWS, ROWS)
