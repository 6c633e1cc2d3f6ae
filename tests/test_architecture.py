"""The layering rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "vstid"
FORBIDDEN_IN_ENGINE = (
    "vstid.web",
    "vstid.core",
    "vstid.cli",
    "sqlalchemy",
    "fastapi",
    "starlette",
    "alembic",
    "pydantic_settings",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engine_is_pure() -> None:
    offenders = {
        f"{p.relative_to(SRC)}: {name}"
        for p in (SRC / "engine").rglob("*.py")
        for name in _imports(p)
        if name.startswith(FORBIDDEN_IN_ENGINE)
    }
    assert not offenders, offenders


def test_web_holds_no_sql() -> None:
    sql_text = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\s+(\*|INTO|FROM|\w+\s+SET)", re.I)
    offenders: list[str] = []
    for path in (SRC / "web").rglob("*.py"):
        for name in _imports(path):
            if name.startswith("sqlalchemy") and name not in ("sqlalchemy.orm",):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
        if sql_text.search(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(SRC)} contains SQL text")
    assert not offenders, offenders


def test_services_never_commit() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("service.py")
        if ".commit()" in p.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
