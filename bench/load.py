"""Load benchmark: N concurrent signed-in users against a real `vstid serve`.

Starts the server as a subprocess (loopback only) on a fresh database with the demo data,
signs the users in, then runs a closed loop per user for a bounded time: GET a page, wait a
think time, repeat. Optionally asks for an index rebuild in the middle, to show that searches
keep answering while it runs. Prints throughput, p50, p95,
p99 and errors per page kind, and the command line that produced them.

    .venv/bin/python bench/load.py --clients 100 --duration 300            # SQLite default
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS vstid_load" -c "CREATE DATABASE vstid_load"
    .venv/bin/python bench/load.py --clients 100 --duration 300 --workers 2 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/vstid_load
    .venv/bin/python bench/load.py --clients 100 --duration 150 --rebuild-at 40
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

DEMO_PASSWORD = "vstid-demo-2026"
REQUESTERS = ("hai.ngo@example.vn", "tri.le@example.vn", "trang.dinh@example.vn")
EXPERTS = ("thang.pham@example.jp", "quyet.nguyen@example.jp", "m.hasegawa@example.jp")
COORDINATOR = "coordinator.tokyo@example.jp"
SEARCHES = ("warpage", "semiconductor packaging", "bê tông", "医療画像", "water treatment")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ORDER_LINK = re.compile(r'href="(/orders/[a-z0-9-]+)"')
EXPERT_LINK = re.compile(r'href="(/experts/[a-z0-9-]+)"')


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    started: float = field(default_factory=time.monotonic)
    error_times: list[int] = field(default_factory=list)

    def record(self, kind: str, seconds: float, status: int | None, detail: str = "") -> None:
        if status is not None and status < 400:
            self.latencies[kind].append(seconds)
            return
        self.errors[kind] += 1
        self.error_kinds[detail or str(status)] += 1
        self.error_times.append(int(time.monotonic() - self.started))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def vstid_bin() -> str:
    return str(Path(sys.executable).with_name("vstid"))


def prepare(env: dict[str, str]) -> None:
    subprocess.run([vstid_bin(), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    # Drain what the demo queued (the index build, the orders' rankings) before measuring.
    subprocess.run([vstid_bin(), "worker", "--once"], env=env, check=True, capture_output=True)


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [vstid_bin(), "serve", "--port", str(port), "--workers", str(workers)]
    log = Path(env["VSTID_DATA_DIR"]).parent / "vstid-load-server.log"
    with log.open("wb") as sink:  # the server's log, for errors (kept after the run)
        server = subprocess.Popen(cmd, env=env, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


async def sign_in(client: httpx.AsyncClient, email: str, stats: Stats | None = None) -> None:
    """Signs in, retrying as a person would (after Retry-After) when the server is busy; each
    failed attempt counts as an error of the "sign-in" kind."""
    for _attempt in range(10):
        started = time.perf_counter()
        try:
            page = await client.get("/login")
            token = CSRF.search(page.text)
            data = {"email": email, "password": DEMO_PASSWORD, "next": "/"}
            if token:
                data["csrf_token"] = token.group(1)
            response = await client.post("/login", data=data)
            status: int | None = 200 if response.status_code in (302, 303) else response.status_code
            wait = float(response.headers.get("retry-after", "2"))
        except httpx.HTTPError as exc:
            status, wait = None, 2.0
            if stats is None:
                raise SystemExit(f"sign-in of {email} failed: {type(exc).__name__}") from exc
        if stats is not None:
            stats.record("sign-in", time.perf_counter() - started, status, f"sign-in {status}")
        if status == 200:
            return
        if stats is None:
            raise SystemExit(f"sign-in of {email} failed: {status}")
        await asyncio.sleep(wait)
    raise SystemExit(f"sign-in of {email} kept failing")


async def discover(base: str) -> tuple[list[str], list[str]]:
    """Public order pages and expert pages (as a visitor sees them), so that every user
    loads real records they may read."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        orders = sorted(set(ORDER_LINK.findall((await client.get("/orders")).text)))
        experts = sorted(set(EXPERT_LINK.findall((await client.get("/experts")).text)))
    orders = [o for o in orders if not o.endswith(("/new", "/mine"))]
    return orders[:20], experts[:30]


def pick(rng: random.Random, orders: list[str], experts: list[str]) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.35:
        return "order page", rng.choice(orders)
    if roll < 0.60:
        return "expert page", rng.choice(experts)
    if roll < 0.80:
        return "expert search", f"/experts?q={rng.choice(SEARCHES)}"
    if roll < 0.90:
        return "api search", f"/api/v1/experts?q={rng.choice(SEARCHES)}"
    return "home", "/"


async def user_loop(
    number: int,
    base: str,
    stop_at: float,
    think_s: float,
    ramp_s: float,
    pages: tuple[list[str], list[str]],
    stats: Stats,
) -> None:
    rng = random.Random(number)
    email = (REQUESTERS + EXPERTS + (COORDINATOR,))[number % 7]
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.sleep(rng.uniform(0, ramp_s))  # users arrive over the ramp-up
        await sign_in(client, email, stats)
        while time.monotonic() < stop_at:
            kind, url = pick(rng, *pages)
            started = time.perf_counter()
            try:
                response = await client.get(url)
                status: int | None = response.status_code
                detail = str(status)
            except httpx.HTTPError as exc:
                status, detail = None, type(exc).__name__
            stats.record(kind, time.perf_counter() - started, status, detail)
            await asyncio.sleep(rng.expovariate(1 / think_s) if think_s else 0)


async def rebuild_later(base: str, after_s: float) -> None:
    await asyncio.sleep(after_s)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await sign_in(client, "admin@example.org")
        page = await client.get("/admin/index")
        token = CSRF.search(page.text)
        data = {"csrf_token": token.group(1)} if token else {}
        response = await client.post("/admin/index/rebuild", data=data)
        print(f"  rebuild asked at {after_s:.0f} s: {response.status_code}", file=sys.stderr)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(stats: Stats, seconds: float, args: argparse.Namespace) -> None:
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"{args.clients} users signing in over {args.ramp:.0f} s, think time {args.think:.1f} s "
        f"(exponential), {seconds:.0f} s, {args.workers} server process(es), "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    header = f"{'page':<14}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}"
    print(header)
    every: list[float] = []
    for kind in sorted(set(stats.latencies) | set(stats.errors)):
        values = stats.latencies.get(kind, [])
        every += values
        print(_row(kind, values, stats.errors.get(kind, 0), seconds))
    print(_row("all", every, sum(stats.errors.values()), seconds))
    if stats.error_kinds:
        print("errors:", dict(stats.error_kinds))
        print("seconds into the run when they happened:", sorted(set(stats.error_times)))


def _row(kind: str, values: list[float], errors: int, seconds: float) -> str:
    if not values:
        return f"{kind:<14}{0:>9}{0:>8}{'-':>8}{'-':>8}{'-':>8}{errors:>8}"
    p50 = statistics.median(values) * 1000
    p95, p99 = percentile(values, 0.95) * 1000, percentile(values, 0.99) * 1000
    rate = (len(values) + errors) / seconds
    return f"{kind:<14}{len(values):>9}{rate:>8.1f}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}{errors:>8}"


async def run(args: argparse.Namespace, base: str) -> None:
    pages = await discover(base)
    stats = Stats()
    started = time.monotonic()
    stop_at = started + args.duration
    tasks = [
        user_loop(n, base, stop_at, args.think, args.ramp, pages, stats)
        for n in range(args.clients)
    ]
    if args.rebuild_at is not None:
        tasks.append(rebuild_later(base, args.rebuild_at))
    await asyncio.gather(*tasks)
    report(stats, time.monotonic() - started, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60, help="seconds (bounded)")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between clicks")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users sign in")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="", help="empty: SQLite in a temp folder")
    parser.add_argument("--rebuild-at", type=float, default=None, help="seconds into the run")
    args = parser.parse_args()
    args.duration = min(args.duration, 900)
    with tempfile.TemporaryDirectory(prefix="vstid-load-") as folder:
        env = dict(os.environ, VSTID_DATA_DIR=folder, VSTID_DATABASE_URL=args.database_url)
        env.setdefault("VSTID_SECRET_KEY", "load-benchmark-" + "x" * 32)
        prepare(env)
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            asyncio.run(run(args, f"http://127.0.0.1:{port}"))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
