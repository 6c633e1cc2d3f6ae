"""The API fuzzed from its own OpenAPI document (schemathesis) against a live server: every
operation, anonymous and with a bearer token of each role, must never answer 5xx, never answer
a status it does not declare, and never send a body its declared schema refuses.

Bounded: a few examples per operation and identity, no shrinking (a failure is reported with
the request that caused it), so the whole run stays near a minute on two cores."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests.livesrv import LiveServer, live_server
from vstid.demo.loader import DemoLoader
from vstid.matching.worker import MatchingWorker
from vstid.web.docs import OPENAPI_URL

pytestmark = pytest.mark.slow

PASSWORD = "fuzz-password-2026"
ROLES = {
    "anonymous": None,
    "admin": "admin@example.org",
    "coordinator": "coordinator.tokyo@example.jp",
    "requester": "hai.ngo@example.vn",
    "expert": "thang.pham@example.jp",
}
# Per operation and identity: about 130 cases each, 650 in all. VSTID_FUZZ_EXAMPLES=50 fuzzes
# deeper by hand.
EXAMPLES = int(os.environ.get("VSTID_FUZZ_EXAMPLES", "2"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _demo(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    # Jobs are not run: the fuzz test is about the HTTP surface (the job queue has its own
    # tests), and a worker thread writing beside it would turn reads into SQLite lock waits.
    with live_server(data_dir, seed=_demo, worker_in_process=False) as live:
        MatchingWorker(live.database, live.settings).rebuild()  # search answers, not 503
        yield live


def _headers(base: str, email: str | None) -> dict[str, str]:
    if email is None:
        return {}
    r = httpx.post(f"{base}/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


BUSY_RETRIES = 3


def _call(case: Any, base: str, headers: dict[str, str]) -> Any:
    """Sends the case as a well-behaved client does: a 503 "busy" with Retry-After (SQLite's
    write lock, by design) is retried; one that stays busy is reported like any 5xx."""
    for _attempt in range(BUSY_RETRIES):
        response = case.call(base_url=base, headers=headers, timeout=30)
        busy = response.status_code == 503 and "retry-after" in response.headers
        if not (busy and response.json().get("error") == "busy"):
            break
        BUSY_SEEN.append(f"{case.method} {case.formatted_path}")
        time.sleep(min(2.0, float(response.headers["retry-after"])))
    return response


BUSY_SEEN: list[str] = []


def _fuzz(operation: Any, base: str, headers: dict[str, str], failures: dict[str, str]) -> int:
    """Sends the operation's generated cases; returns how many."""
    label = f"{operation.method.upper()} {operation.path}"
    sent = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case: Any) -> None:
        nonlocal sent
        if label in failures:
            return
        sent += 1
        try:
            response = _call(case, base, headers)
            case.validate_response(
                response, checks=CHECKS, headers=headers, transport_kwargs={"base_url": base}
            )
        except BaseExceptionGroup as group:  # checks failed: the report names each
            failures[label] = group.message[:2000]
        except Exception as exc:  # one report per operation, then the next operation
            failures[label] = repr(exc)[:2000]

    fuzz()
    return sent


@pytest.mark.parametrize("role", list(ROLES))
def test_the_api_survives_fuzzing(server: LiveServer, role: str) -> None:
    schema = schemathesis.openapi.from_url(f"{server.url}{OPENAPI_URL}")
    headers = _headers(server.url, ROLES[role])
    failures: dict[str, str] = {}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) > 30, "the OpenAPI document lost its operations"
    sent = sum(_fuzz(operation, server.url, headers, failures) for operation in operations)
    print(f"{role}: {sent} cases over {len(operations)} operations; busy, retried: {BUSY_SEEN}")
    assert sent >= len(operations), "generation stopped early"
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
