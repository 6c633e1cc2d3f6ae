"""The check phase refuses what the database could not store or what the file does not mean:
an unclosed quote that swallows rows, a value wider than its column, a NUL or another control
character. Nothing is saved, on SQLite as on PostgreSQL (issue 10, items 3 and 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from tests.conftest import fresh_postgres_database
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.experts.models import ExpertProfile
from vstid.hubs.models import Hub
from vstid.imports.models import ImportRow
from vstid.imports.records import ImportFileError
from vstid.imports.runner import ImportRejected, run_import

HEADER = "id,name,email,headline,bio\n"


def rows(n: int, **replace: str) -> list[str]:
    """n data rows (file lines 2..n+1); `replace` maps 'L<line>' to that line's text."""
    lines = [f"r{i},Nguyễn Văn {i},r{i}@example.vn,Kỹ sư {i},Bio {i}\n" for i in range(2, n + 2)]
    for key, text in replace.items():
        lines[int(key[1:]) - 2] = text
    return lines


def csv_file(lines: list[str]) -> bytes:
    return (HEADER + "".join(lines)).encode()


def _experts(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ExpertProfile)) or 0)


@pytest.mark.parametrize(
    ("opened", "lines"),
    [
        # the file: 1,000 rows, the quote on line 500 never closed (to the end)
        (500, {"L500": 'r500,Trần Thị Bích,r500@example.vn,Kỹ sư,"Bio that never ends\n'}),
        # near the end: only a few rows swallowed, caught by the end of the file in a quote
        (998, {"L998": 'r998,Lê Văn Cường,r998@example.vn,"Kỹ sư\n'}),
        # closed by a later row's quoted cell: the text after that quote gives it away
        (
            300,
            {
                "L300": 'r300,Phan Thị Dung,r300@example.vn,Kỹ sư,"Bio\n',
                "L320": 'r320,Lý Minh,r320@example.vn,"Dept. of EE, Hà Nội",Bio\n',
            },
        ),
    ],
)
@pytest.mark.parametrize("skip_invalid", [False, True])
def test_an_unclosed_quote_refuses_the_file_naming_the_line_it_opened(
    database: Database, session: Session, hub: Hub, opened: int, lines: dict[str, str],
    skip_invalid: bool,
) -> None:  # fmt: skip
    data = csv_file(rows(1000, **lines))
    with pytest.raises(ImportFileError) as exc:
        run_import(database, file="people.csv", data=data, skip_invalid=skip_invalid)
    assert exc.value.line == opened
    assert f"people.csv, line {opened}: the quote opened on line {opened}" in str(exc.value)
    assert _experts(session) == 0


def test_multi_line_cells_that_close_properly_still_import(
    database: Database, session: Session, hub: Hub
) -> None:
    bio = '"First paragraph, with a comma.\nSecond paragraph ""quoted"".\nThird."'
    data = csv_file(rows(30, L10=f"r10,Đỗ Thị Hà,r10@example.vn,Kỹ sư,{bio}\n"))
    report = run_import(database, file="ok.csv", data=data)
    assert report.counts == {"created": 30}
    ha = session.scalars(select(ExpertProfile).where(ExpertProfile.email == "r10@example.vn")).one()
    assert ha.bio.count("\n") == 2 and '"quoted"' in ha.bio


def test_over_long_cells_and_control_characters_are_row_errors_before_anything_is_saved(
    database: Database, session: Session, hub: Hub
) -> None:
    data = csv_file(
        rows(
            1000,
            L250="r250,Vũ\x00 Lan,r250@example.vn,Kỹ sư,Bio\n",
            L600=f"r600,Hoàng Anh,r600@example.vn,{'x' * 10_000},Bio\n",
            L700="r700,Mai Hương,r700@example.vn,Kỹ sư,Bell\x07 here\n",
            L800=f"r800,{'N' * 201},r800@example.vn,Kỹ sư,Bio\n",
            L900=f"r900,Quang Huy,{'e' * 250}@example.vn,Kỹ sư,{'b' * 10_001}\n",
        )
    )
    with pytest.raises(ImportRejected) as exc:
        run_import(database, file="wide.csv", data=data, batch_size=50)
    found = {(e.line, e.field, e.text) for e in exc.value.report.errors}
    assert found == {
        (250, "name", "contains the control character U+0000 (position 3)"),
        (600, "headline", "10000 characters, at most 300 allowed"),
        (700, "bio", "contains the control character U+0007 (position 5)"),
        (800, "name", "201 characters, at most 200 allowed"),
        (900, "email", "261 characters, at most 254 allowed"),
        (900, "bio", "10001 characters, at most 10000 allowed"),
    }
    assert _experts(session) == 0  # the whole file is checked first: nothing half-saved
    # asked to skip them, the rest imports and the five bad lines are on record, once each
    report = run_import(database, file="wide.csv", data=data, skip_invalid=True)
    assert report.counts == {"created": 995} and report.total == 1000
    errors = session.scalars(select(ImportRow).where(ImportRow.status == "error")).all()
    assert sorted(r.line for r in errors) == [250, 600, 700, 800, 900]


def test_jsonl_publications_and_surrogates_are_checked_too(
    database: Database, session: Session, hub: Hub
) -> None:
    good = {"id": "J1", "name": "Bùi Anh", "publications": [{"title": "Cảm biến", "year": 2021}]}
    long_title = {"id": "J2", "name": "Cao Minh", "publications": [{"title": "t" * 1001}]}
    lines = [json.dumps(good, ensure_ascii=False), json.dumps(long_title)]
    lines.append('{"id": "J3", "name": "Lone \\ud800 surrogate"}')
    lines.append('{"id": "J4\\u0000", "name": "Nul Id"}')
    lines.append(
        '{"id": "J5", "name": "Big Year", "publications": [{"title": "T", "year": 10000000000}]}'
    )
    with pytest.raises(ImportRejected) as exc:
        run_import(database, file="p.jsonl", data="\n".join(lines).encode())
    found = {(e.line, e.field) for e in exc.value.report.errors}
    assert found == {
        (2, "publications[1].title"),
        (3, "name"),
        (4, "id"),
        (5, "publications[1].year"),
    }
    assert _experts(session) == 0


def _cli_database(tmp_path: Path, backend: str) -> str:
    url = (
        f"sqlite:///{tmp_path / 'cli.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("checks")
    )
    upgrade(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(Hub.__table__.insert().values(
            id=uuid.uuid4(), code="JP", country="JP", name={}, description={},
            is_pilot=True, created_at=func.now(), updated_at=func.now()))  # fmt: skip
    engine.dispose()
    return url


def _cli_import(url: str, tmp_path: Path, data: bytes, *args: str) -> tuple[int, str]:
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    env = {**os.environ, "VSTID_DATABASE_URL": url, "VSTID_DATA_DIR": str(tmp_path),
           "COLUMNS": "200"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "vstid.cli", "import", "experts", str(path), *args],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def _count_experts(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(ExpertProfile)) or 0
    engine.dispose()
    return int(count)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_cli_refuses_wide_cells_nuls_and_open_quotes_without_a_traceback(
    tmp_path: Path, backend: str
) -> None:
    url = _cli_database(tmp_path, backend)
    wide = csv_file(
        rows(1000, L300="r300,Vũ\x00 Lan,r300@example.vn,Kỹ sư,Bio\n",
             L600=f"r600,Hoàng Anh,r600@example.vn,{'x' * 10_000},Bio\n")
    )  # fmt: skip
    code, output = _cli_import(url, tmp_path, wide)
    assert code == 2 and "Traceback" not in output, output
    assert "2 invalid row(s); nothing imported" in output
    assert "│ 600  │ headline │ 10000 characters, at most 300 allowed" in output
    assert "│ 300  │ name     │ contains the control character U+0000" in output
    assert _count_experts(url) == 0
    code, output = _cli_import(url, tmp_path, wide, "--skip-invalid")  # a rerun completes
    assert code == 0 and "998 created" in output, output

    quote = csv_file(rows(20, L12='r12,An,r12@example.vn,"Kỹ sư,Bio\n'))
    code, output = _cli_import(url, tmp_path, quote, "--skip-invalid")
    assert code == 2 and "line 12: the quote opened on line 12 is not closed" in output, output


def test_a_multi_line_cell_far_longer_than_its_column_is_an_open_quote(
    database: Database, hub: Hub
) -> None:
    # 30 swallowed lines of 25 words each: few lines, no strict failure, but 2.5 times the
    # headline's width, so the quote of line 5 is named rather than a long headline
    swallowed = "".join(f"{'word ' * 25}\n" for _ in range(30)) + 'end",x\n'
    data = csv_file(rows(10, L5=f'r5,An,r5@example.vn,"Kỹ sư\n{swallowed}'))
    with pytest.raises(ImportFileError, match="line 5: the quote opened on line 5"):
        run_import(database, file="long.csv", data=data)
    # merely too long, with a line break, is the row's error: the headline's width
    headline = '"' + "a" * 200 + "\n" + "b" * 200 + '"'
    data = csv_file(rows(10, L5=f"r5,An,r5@example.vn,{headline},Bio\n"))
    with pytest.raises(ImportRejected) as exc:
        run_import(database, file="wide.csv", data=data)
    assert [(e.line, e.field) for e in exc.value.report.errors] == [(5, "headline")]
