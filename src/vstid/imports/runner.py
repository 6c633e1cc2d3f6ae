"""Runs an import: validate the whole file first, then commit in batches, each batch together
with its ImportRow checkpoints. The one place in imports that commits (like the CLI).

Idempotent: the file's hash names its ImportBatch and rows already checkpointed are skipped; the
profiles themselves are found by natural keys, so even a different file with the same people
changes nothing. Resumable: a killed run loses at most its uncommitted batch, which the next
run redoes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.i18n import N_
from vstid.hubs.repository import HubRepository
from vstid.identity.service import IdentityService
from vstid.imports.formats import decode as decode_text
from vstid.imports.formats import detect_format, parse
from vstid.imports.limits import check_profile
from vstid.imports.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from vstid.imports.records import ImportedProfile, ImportFileError, RowError
from vstid.imports.repository import ImportBatchRepository, ImportRepository
from vstid.imports.service import ImportService

__all__ = ["ImportRejected", "ImportReport", "dry_run_report", "prepare", "run_import"]

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    file: str
    format: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_done: int = 0
    batch_id: uuid.UUID | None = None
    dry_run: bool = False
    expert_ids: list[uuid.UUID] = field(default_factory=list)

    def count(self, status: RowStatus) -> int:
        return self.counts.get(status.value, 0)


class ImportRejected(Exception):
    """Row errors were found and the caller did not ask to skip invalid rows: nothing saved."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.file}: {len(report.errors)} invalid row(s); nothing imported")
        self.report = report


def prepare(
    file: str, data: bytes, fmt: str | None, source: str | None
) -> tuple[str, list[ImportedProfile], list[RowError]]:
    fmt = fmt or detect_format(file, decode_text(data, file))
    rows: list[ImportedProfile] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for item in parse(file, data, fmt, source):
        if isinstance(item, RowError):
            errors.append(item)
            continue
        # every width and character is checked before anything is saved, on every database
        problems = check_profile(item)
        if problems:
            errors.extend(problems)
            continue
        key = item.natural_key
        if key in first_line and not item.attach_to_openalex:
            errors.append(
                RowError(
                    item.line,
                    "id",
                    N_("duplicate of line %(line)s (%(key)s)"),
                    {"line": str(first_line[key]), "key": str(key)},
                )
            )
            continue
        first_line[key] = item.line
        rows.append(item)
    return fmt, rows, errors


def _default_hub(session: Session, code: str | None) -> uuid.UUID:
    hubs = HubRepository(session)
    hub = hubs.by_code(code) if code else next(iter(hubs.all_ordered()), None)
    if hub is None:
        if code:
            raise ImportFileError("hub", N_("no hub %(code)s"), params={"code": repr(code)})
        raise ImportFileError("hub", N_("create a hub first"))
    return hub.id


def _batch(
    session: Session,
    file: str,
    sha: str,
    fmt: str,
    hub_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    total: int,
) -> ImportBatch:
    batches = ImportBatchRepository(session)
    batch = batches.by_file(sha, fmt)
    if batch is None:
        batch = batches.add(
            ImportBatch(
                file_name=file[:300],
                file_sha256=sha,
                format=fmt,
                hub_id=hub_id,
                actor_id=actor_id,
                total_rows=total,
            )
        )
    return batch


def _apply_chunk(
    session: Session,
    batch_id: uuid.UUID,
    hub_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    chunk: list[ImportedProfile],
    report: ImportReport,
) -> None:
    service = ImportService(session, hub_id, actor_id)
    batches = ImportBatchRepository(session)
    batch = batches.get_or_404(batch_id, "import batch")
    for row in chunk:
        outcome = service.apply(row)
        report.counts[outcome.status.value] = report.counts.get(outcome.status.value, 0) + 1
        if outcome.expert_id and outcome.status is not RowStatus.unchanged:
            report.expert_ids.append(outcome.expert_id)
        if outcome.message:
            report.notes.append(f"line {row.line}: {outcome.message}")
        checkpoint = ImportRow(
            batch_id=batch_id,
            line=row.line,
            status=outcome.status.value,
            expert_id=outcome.expert_id,
            natural_key=row.natural_key[:250],
            message=outcome.message,
        )
        batches.checkpoint(batch, checkpoint)
    batches.flush()


def dry_run_report(
    session: Session,
    file: str,
    prepared: tuple[str, list[ImportedProfile], list[RowError]],
    hub_code: str | None = None,
) -> ImportReport:
    """Counts what the import would do inside the caller's own session (a savepoint rolled
    back): a web request must not open a second transaction beside its own (SQLite's lock)."""
    fmt, rows, errors = prepared
    total = len(rows) + len({e.line for e in errors})
    report = ImportReport(file=file, format=fmt, total=total, errors=errors, dry_run=True)
    report.counts = ImportService(session, _default_hub(session, hub_code), None).dry_run(rows)
    return report


def run_import(
    database: Database,
    *,
    file: str,
    data: bytes,
    fmt: str | None = None,
    source: str | None = None,
    hub_code: str | None = None,
    actor_id: uuid.UUID | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    batch_size: int = 50,
    progress: Progress | None = None,
) -> ImportReport:
    fmt, rows, errors = prepare(file, data, fmt, source)
    total = len(rows) + len({e.line for e in errors})  # a row with two errors is one row
    report = ImportReport(file=file, format=fmt, total=total, errors=errors, dry_run=dry_run)
    if errors and not skip_invalid:
        raise ImportRejected(report)
    if dry_run:
        with database.transaction() as session:
            return dry_run_report(session, file, (fmt, rows, errors), hub_code)
    sha = hashlib.sha256(data).hexdigest()
    with database.transaction() as session:
        hub_id = _default_hub(session, hub_code)
        batch = _batch(session, file, sha, fmt, hub_id, actor_id, report.total)
        report.batch_id = batch_id = batch.id
        done = ImportRepository(session).done_lines(batch_id)
    pending = [r for r in rows if r.line not in done]
    report.skipped_done = len(rows) - len(pending)
    for start in range(0, len(pending), batch_size):
        with database.transaction() as session:
            _apply_chunk(
                session, batch_id, hub_id, actor_id, pending[start : start + batch_size], report
            )
        if progress:
            progress(report.skipped_done + min(start + batch_size, len(pending)), len(rows))
    _finish(database, batch_id, errors, done)
    if report.expert_ids:
        _find_duplicates(database, report, actor_id)
    return report


def _find_duplicates(database: Database, report: ImportReport, actor_id: uuid.UUID | None) -> None:
    """New and changed profiles are compared with everyone: proven duplicates (same ORCID iD,
    e-mail or DOI, above the high threshold) merge; the rest wait in the coordinators' queue."""
    with database.transaction() as session:
        found = IdentityService(session).scan(report.expert_ids, auto_merge=True, actor_id=actor_id)
    report.notes.append(
        f"identity: {found.suggested} possible duplicate(s) queued, {found.merged} merged"
    )


def _finish(
    database: Database, batch_id: uuid.UUID, errors: list[RowError], done: set[int]
) -> None:
    with database.transaction() as session:
        batches = ImportBatchRepository(session)
        batch = batches.get_or_404(batch_id, "import batch")
        by_line: dict[int, list[str]] = {}
        for error in errors:
            by_line.setdefault(error.line, []).append(str(error))
        for line, messages in by_line.items():  # one checkpoint per line, however many errors
            if line not in done:
                row = ImportRow(
                    batch_id=batch_id,
                    line=line,
                    status=RowStatus.error.value,
                    message="; ".join(messages),
                )
                batches.checkpoint(batch, row)
        batch.status = BatchStatus.completed.value
