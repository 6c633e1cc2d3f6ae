"""The layering of ARCHITECTURE.md, checked on the source itself (read with ast, never run).

engine < core < domains (in the order of DOMAIN_LAYERS) < matching < jobs < web, cli: a package
imports only packages of a lower layer. No import cycle, no project import hidden in a function,
all SQL in repositories, no adapter touching a repository."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.package_graph import SRC, cycles, graph, imports_of, package_of

# Lowest first. Packages on one line may not import each other. A new domain takes the line
# after everything it reads.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in (
        "engine",
        "core",
        "audit",
        "hubs taxonomy rates",  # admins change them, audited
        "accounts organizations",
        "notifications",
        "experts",
        "identity",
        "imports",
        "orders",
        "invitations",
        "proposals",
        "projects",
        "programs",
        "threads reminders",
        "matching",
        "jobs models_registry demo ops",
        "web cli",
    )
)
ENGINE_MAY_NOT_IMPORT = ("sqlalchemy", "fastapi", "starlette", "alembic", "pydantic_settings")
# Executing SQL, flushing and committing happen in repositories (and the unit-of-work scope in
# core/db.py); permissions.py may build the WHERE clauses that scope a query, never run them.
EXECUTES_SQL = re.compile(r"\bsession\.(execute|scalars?|flush|commit)\(|\.commit\(\)")
QUERY_BUILDERS = {"select", "update", "delete", "insert", "text"}
SQL_FILES = ("repository.py", "core/db.py")
CLAUSE_FILES = ("permissions.py", "models.py")  # scoping clauses; DDL such as partial indexes


def _layer(package: str) -> int:
    for number, members in enumerate(LAYERS):
        if package in members:
            return number
    raise AssertionError(f"package {package!r} is in no layer of tests/test_architecture.py")


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _builds_queries(path: Path) -> bool:
    """Imports a statement builder from SQLAlchemy (select, update, delete, insert, text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("sqlalchemy")
        and any(alias.name in QUERY_BUILDERS for alias in node.names)
        for node in ast.walk(tree)
    )


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC))


def test_every_package_has_a_layer() -> None:
    for package in graph():
        _layer(package)


def test_packages_import_only_lower_layers() -> None:
    offenders = sorted(
        f"{package} -> {target}"
        for package, targets in graph().items()
        for target in targets
        if _layer(target) >= _layer(package)
    )
    assert not offenders, offenders


def test_no_import_cycle_between_packages() -> None:
    assert cycles(graph()) == []


def test_no_project_import_inside_a_function() -> None:
    offenders = [
        f"{_rel(path)}:{imp.line} {imp.module}"
        for path in _sources()
        for imp in imports_of(path)
        if imp.in_function and imp.module.startswith("vstid")
    ]
    assert not offenders, offenders


def test_engine_is_pure() -> None:
    offenders = [
        f"{_rel(path)}: {imp.module}"
        for path in (SRC / "engine").rglob("*.py")
        for imp in imports_of(path)
        if imp.module.startswith(ENGINE_MAY_NOT_IMPORT)
        or (imp.module.startswith("vstid.") and not imp.module.startswith("vstid.engine"))
    ]
    assert not offenders, offenders


def test_sql_runs_only_in_repositories() -> None:
    offenders = [
        _rel(path)
        for path in _sources()
        if not _rel(path).endswith(SQL_FILES) and EXECUTES_SQL.search(path.read_text("utf-8"))
    ]
    assert not offenders, offenders


def test_queries_are_built_only_in_repositories_and_permissions() -> None:
    allowed = (*SQL_FILES, *CLAUSE_FILES)
    offenders = [
        _rel(path)
        for path in _sources()
        if not _rel(path).endswith(allowed) and _builds_queries(path)
    ]
    assert not offenders, offenders


def test_adapters_call_services_not_repositories() -> None:
    offenders = [
        f"{_rel(path)}:{imp.line} {imp.module}"
        for path in _sources()
        if package_of(path) in ("web", "cli")
        for imp in imports_of(path)
        if imp.module.endswith(".repository")
    ]
    assert not offenders, offenders


def test_web_holds_no_sql() -> None:
    offenders = [
        f"{_rel(path)}: {imp.module}"
        for path in (SRC / "web").rglob("*.py")
        for imp in imports_of(path)
        if imp.module.startswith("sqlalchemy") and imp.module != "sqlalchemy.orm"
    ]
    assert not offenders, offenders


def test_services_never_commit() -> None:
    offenders = [_rel(p) for p in SRC.rglob("service.py") if ".commit()" in p.read_text("utf-8")]
    assert not offenders, offenders


# The domains whose records people read and change through pages and the API. Reference data
# (hubs, taxonomy), the write-only audit log and the coordinators' tools (identity, imports) keep
# the files they need; a new domain joins this list.
RECORD_DOMAINS = (
    "accounts",
    "experts",
    "orders",
    "invitations",
    "proposals",
    "projects",
    "programs",
    "programs/calls",
    "programs/applications",
    "programs/reviews",
    "programs/mobility",
    "programs/decisions",
    "threads",
)
DOMAIN_FILES = ("models.py", "schemas.py", "repository.py", "service.py", "permissions.py")


def test_every_record_domain_keeps_the_five_files() -> None:
    missing = [
        f"{domain}/{name}"
        for domain in RECORD_DOMAINS
        for name in DOMAIN_FILES
        if not (SRC / domain / name).exists()
    ]
    assert not missing, missing
