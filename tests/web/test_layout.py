"""The web layer's layout rules, checked on the source: adapters call services only, the API
never imports the pages, and no route runs database work on the event loop."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "vstid" / "web"
# "accounts" holds the admins' user pages ("auth" signs people in); "admin" is the admins' home,
# a page of counts from each domain like "home".
DOMAINS = {"accounts", "admin", "auth", "experts", "home", "hubs", "identity", "imports",
           "invitations", "matching", "notifications", "orders", "organizations", "profile",
           "programs", "projects", "proposals", "rates", "taxonomy"}  # fmt: skip


def _modules() -> list[Path]:
    return sorted(WEB.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_web_calls_services_not_repositories() -> None:
    offenders = [
        f"{p.relative_to(WEB)}: {name}"
        for p in _modules()
        for name in _imports(p)
        if name.endswith(".repository")
    ]
    offenders += [
        f"{p.relative_to(WEB)}: {needle}"
        for p in _modules()
        for needle in (".flush(", "select(", ".execute(", ".scalars(", ".repo.")
        if needle in p.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders


def test_api_never_imports_pages() -> None:
    offenders = [
        f"{p.relative_to(WEB)}: {name}"
        for p in (WEB / "api").rglob("*.py")
        for name in _imports(p)
        if name.startswith("vstid.web.pages")
    ]
    assert not offenders, offenders


def test_routes_are_plain_functions() -> None:
    """An `async def` route runs its (synchronous) database work on the event loop and freezes
    every other request meanwhile; uploads and forms are read in async dependencies instead."""
    offenders = []
    for path in [*(WEB / "api").rglob("*.py"), *(WEB / "pages").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                and d.func.attr in {"get", "post", "put", "patch", "delete"}
                for d in node.decorator_list
            ):  # fmt: skip
                offenders.append(f"{path.relative_to(WEB)}: {node.name}")
    assert not offenders, offenders


def _domain_modules(folder: Path) -> set[str]:
    """A domain's routes are one module, or one package (a large domain, one module per part
    of it, assembled into one router in its __init__)."""
    modules = {p.stem for p in folder.glob("*.py")}
    return modules | {p.parent.name for p in folder.glob("*/__init__.py")}


def test_one_page_module_per_domain() -> None:
    pages = _domain_modules(WEB / "pages") - {"__init__", "base", "router"}
    assert {p for p in pages if not p.startswith("_")} == DOMAINS
    api = _domain_modules(WEB / "api") - {"__init__", "router", "schemas"}
    assert api <= DOMAINS
