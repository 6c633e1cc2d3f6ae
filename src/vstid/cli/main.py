"""The `vstid` command line."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from vstid.accounts.models import Role
from vstid.accounts.service import AccountService
from vstid.cli import assign, backup, calls, imports, index, match, reminders, worker
from vstid.cli.context import cli_database, cli_settings, fail
from vstid.core.errors import DomainError
from vstid.core.migrate import upgrade
from vstid.demo.loader import DemoLoader
from vstid.matching.service import MatchingService

__all__ = ["app"]

app = typer.Typer(
    name="vstid",
    help="V-STID platform command line.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
# Every command, listed once: a command module that fails to import fails the CLI loudly.
app.add_typer(imports.app, name="import")
app.add_typer(index.app, name="index")
app.add_typer(calls.app, name="calls")
app.command("match")(match.match)
app.command("assign")(assign.command)
app.command("worker")(worker.command)
app.command("reminders")(reminders.command)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
console = Console()

DEMO_PASSWORD_ENV = "VSTID_DEMO_PASSWORD"
DEFAULT_DEMO_PASSWORD = "vstid-demo-2026"


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (SQLite by default, PostgreSQL by VSTID_DATABASE_URL)."""
    settings = cli_settings()
    upgrade(settings.resolved_database_url)
    console.print(
        f"[green]Database is up to date[/green] ({_safe_url(settings.resolved_database_url)})"
    )


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Login e-mail")],
    name: Annotated[str, typer.Option(help="Display name")],
    role: Annotated[
        Role, typer.Option(help="expert, requester, coordinator or admin")
    ] = Role.expert,
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters"
        ),
    ] = "",
    hub: Annotated[str | None, typer.Option(help="Hub code, e.g. JP")] = None,
) -> None:
    """Create a user account (any role)."""
    if len(password) < 10:
        fail("password: at least 10 characters are required")
    settings = cli_settings()
    with cli_database(settings).transaction() as session:
        accounts = AccountService(session, settings)
        try:
            user = accounts.create_user(
                email=email,
                display_name=name,
                password=password,
                role=role,
                hub_id=accounts.hub_id_for(hub),
            )
        except DomainError as exc:
            fail(f"{exc.field or 'error'}: {exc.render()}")
    console.print(f"[green]Created[/green] {user.email} ({role.value})")


@app.command("demo")
def demo(
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the web server")
    ] = True,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Create the database, load the demo data and serve the platform."""
    settings = cli_settings()
    upgrade(settings.resolved_database_url)
    password = os.environ.get(DEMO_PASSWORD_ENV, DEFAULT_DEMO_PASSWORD)
    with cli_database(settings).transaction() as session:
        report = DemoLoader(session, password, settings).load_all()
        matching = MatchingService(session, settings)
        if report.created.get("experts") or matching.index_version() == 0:
            # Built by the server's background worker: the pages work at once, and the
            # ranked experts appear on the orders when the index is ready (about a minute).
            matching.request_rebuild()
    created = ", ".join(f"{n} {k}" for k, n in report.created.items()) or "nothing new"
    console.print(f"[green]Demo data loaded[/green]: {created}")
    console.print(
        f"Demo accounts (see README) use the password from ${DEMO_PASSWORD_ENV} "
        f"(default: {DEFAULT_DEMO_PASSWORD})."
    )
    if serve_after:
        serve(host=host, port=port)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Serve the web platform and the API."""
    console.print(f"Serving V-STID on http://{host}:{port}")
    uvicorn.run(
        "vstid.web.asgi:app",
        host=host,
        port=port,
        workers=workers,
        # the app believes X-Forwarded-* only from VSTID_TRUSTED_PROXIES (none by default);
        # uvicorn's own default would believe any process on 127.0.0.1
        proxy_headers=False,
        log_level="info",
        access_log=False,  # the app logs each request itself, with its request id
        # With several workers, uvicorn restarts one that does not answer its health ping in
        # time; a worker busy loading the embedding model or hashing a burst of sign-ins can
        # miss the default 5 s on a small machine and be killed mid-request (seen under load).
        timeout_worker_healthcheck=30,
        # Longer than a person's pause between clicks (and than a proxy's upstream keep-alive),
        # so a client rarely reuses a connection the server is closing at that very moment
        # (the load benchmark's one error in 5,700 requests at uvicorn's 5 s default).
        timeout_keep_alive=75,
    )


def _safe_url(url: str) -> str:
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
