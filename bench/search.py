"""Benchmark: expert search latency at N synthetic profiles. Prints p50/p95 per kind of query;
asserts nothing.

    PYTHONPATH=src .venv/bin/python bench/search.py --n 100000
    PYTHONPATH=src .venv/bin/python bench/search.py --n 10000 --old     # also time the old code
    PYTHONPATH=src .venv/bin/python bench/search.py --database-url postgresql+psycopg://...

The profiles are bulk-inserted with their search rows (no ORM, no flush hook) into a fresh
SQLite file (default) or the given database, migrated first. Every query runs in a fresh
session as a page request would, for an anonymous visitor (public profiles) or a signed-in
member, with the settings of a process whose semantic index is not built: the keyword path,
plus the one look-up that finds the index missing. `--old` also times the search as it was
before it moved into the database (git revision 70059ef), which loaded every visible profile.
"""

from __future__ import annotations

import argparse
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vstid.accounts.models import Role, User
from vstid.core.db import make_engine
from vstid.core.migrate import upgrade
from vstid.core.pagination import PageParams
from vstid.core.settings import Environment, Settings
from vstid.experts.models import ExpertFacet, ExpertProfile
from vstid.experts.search_keys import directory_columns, profile_keys
from vstid.hubs.models import Hub
from vstid.matching.search import ExpertSearch, SearchFilters

OLD_REVISION = "70059ef"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Phan", "Võ", "Trương", "Đinh", "Lâm", "Mai", "Tô"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Anh", "Đức", "Ngọc", "Hữu", "Thanh", ""]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy",
         "Yến", "Hiếu", "Kiên", "Nhung", "Phương", "Quỳnh", "Thắng", "Xuân"]  # fmt: skip
FIELDS = ["ai", "semiconductors", "packaging", "edge-ai", "iot", "quantum", "materials",
          "clean-energy", "biotech", "big-data", "security", "networks", "automation"]  # fmt: skip
COUNTRIES = ["JP", "KR", "VN", "US", "DE", "FR", "AU", "SG"]
LANGS = ["vi", "en", "ja", "ko"]
STEMS = ["sensor", "vision", "battery", "quantum", "wafer", "lithography", "robot", "protein",
         "genome", "network", "antenna", "catalyst", "polymer", "graphene", "inference",
         "compiler", "storage", "hydrogen", "aquaculture", "diagnostics", "photonic", "radar",
         "lidar", "turbine", "grid", "enzyme", "vaccine", "imaging", "signal", "control"]  # fmt: skip
SUFFIXES = ["", "s", "ing", "ics", "ology", "ometry", "ware", "net"]
VOCAB = [s + x for s in STEMS for x in SUFFIXES] + [f"term{i}" for i in range(2000)]


# ----------------------------------------------------------------------------- the data set
def _profile(rng: random.Random, hubs: list[uuid.UUID], now: datetime, i: int) -> dict[str, Any]:
    name = " ".join(p for p in (rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN)) if p)
    common = rng.sample(VOCAB[: len(STEMS) * len(SUFFIXES)], 3)
    rare = rng.sample(VOCAB, 8)
    row = {
        "id": uuid.uuid4(), "slug": f"bench-{i}", "hub_id": rng.choice(hubs),
        "display_name": name, "name_variants": [], "residence_country": rng.choice(COUNTRIES),
        "languages": rng.sample(LANGS, rng.randint(1, 3)), "headline": " ".join(common),
        "bio": " ".join(rare), "bio_language": "en", "expertise": rng.sample(VOCAB, 2),
        "fields": rng.sample(FIELDS, rng.randint(1, 2)), "capacity": 1,
        "availability": rng.choice(["available", "available", "limited", "unavailable"]),
        "engagement_types": [], "visibility": rng.choices(["public", "members", "hidden"],
                                                          [80, 15, 5])[0],
        "claimed": False, "translations": {}, "affiliation": None,
        "created_at": now, "updated_at": now - timedelta(seconds=i),
    }  # fmt: skip
    return row | directory_columns(SimpleNamespace(**row))


def _batches(n: int, size: int = 5000) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


def populate(session: Session, n: int, seed: int = 1) -> uuid.UUID:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    hubs = [Hub(code=c, country=c[:2], name={"en": c}) for c in ("JPT", "KRS", "VNH")]
    member = User(email="member@bench.test", display_name="Member", password_hash="x",
                  role=Role.expert.value)  # fmt: skip
    session.add_all([*hubs, member])
    session.flush()
    for batch in _batches(n):
        rows = [_profile(rng, [h.id for h in hubs], now, i) for i in batch]
        session.execute(insert(ExpertProfile), rows)
        keys = [{"expert_id": r["id"], "facet": f, "value": v}
                for r in rows for f, v in profile_keys(SimpleNamespace(**r))]  # fmt: skip
        session.execute(insert(ExpertFacet), keys)
    session.commit()
    return member.id


# ---------------------------------------------------------------------------- the queries
def query_mix(rng: random.Random) -> dict[str, Callable[[], tuple[SearchFilters, PageParams]]]:
    def facets() -> dict[str, str]:
        pick = {"field": rng.choice(FIELDS), "country": rng.choice(COUNTRIES),
                "language": rng.choice(LANGS), "availability": "limited"}  # fmt: skip
        return {k: pick[k] for k in rng.sample(list(pick), rng.randint(1, 2))}

    def words() -> str:
        return " ".join(rng.sample(VOCAB[: len(STEMS) * len(SUFFIXES)], rng.randint(1, 2)))

    def name() -> str:
        return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"

    p1 = PageParams(1, 20)
    return {
        "browse (no text, no filter)": lambda: (SearchFilters(), p1),
        "no text + facet filters": lambda: (SearchFilters(**facets()), p1),
        "keyword": lambda: (SearchFilters(q=words()), p1),
        "keyword + filters": lambda: (SearchFilters(q=words(), **facets()), p1),
        "name (folded)": lambda: (SearchFilters(q=name()), p1),
        "name (katakana)": lambda: (SearchFilters(q="グエン・ヴァン・アン"), p1),
        "deep page (no text, page 200)": lambda: (SearchFilters(sort="name"), PageParams(200, 20)),
        "deep page (keyword, page 50)": lambda: (SearchFilters(q=rng.choice(STEMS)), PageParams(50, 20)),
    }  # fmt: skip


def old_search_class() -> type:
    """The search as it was before this change, from git, against today's models."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(
        ["git", "show", f"{OLD_REVISION}:src/vstid/experts/search.py"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    module = types.ModuleType("old_search")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "old_search.py", "exec"), module.__dict__)
    return module.ExpertSearch  # type: ignore[no-any-return]


def run(engine: Any, settings: Settings, member: uuid.UUID, repeat: int, impl: type) -> None:
    rng = random.Random(7)
    for kind, make in query_mix(rng).items():
        times, totals = [], []
        for i in range(repeat + 1):
            filters, params = make()
            with Session(engine) as session:
                user = session.get(User, member) if i % 2 else None
                start = time.perf_counter()
                result = impl(session, settings).search(user, filters, params)
                elapsed = time.perf_counter() - start
            if i:  # the first one warms caches and analysers
                times.append(elapsed * 1000)
                totals.append(result.page.total)
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        print(f"  {kind:32s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   "
              f"(median total {int(statistics.median(totals))})", flush=True)  # fmt: skip


def _existing(engine: Any, n: int) -> uuid.UUID | None:
    """The member of an earlier run on this database, if it holds exactly n bench profiles."""
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM expert_profiles WHERE slug LIKE 'bench-%'"))
        member = conn.execute(text("SELECT id FROM users WHERE email = 'member@bench.test'"))
        found, member_id = count.scalar(), member.scalar()
    return uuid.UUID(str(member_id)) if found == n and member_id else None


def _empty(engine: Any) -> None:
    with engine.begin() as conn:  # a database given twice starts empty again
        conn.execute(text("DELETE FROM expert_facets"))
        conn.execute(text("DELETE FROM expert_profiles"))
        conn.execute(text("DELETE FROM users WHERE email = 'member@bench.test'"))
        conn.execute(text("DELETE FROM hubs WHERE code IN ('JPT', 'KRS', 'VNH')"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--repeat", type=int, default=20, help="queries timed per kind")
    parser.add_argument("--old", action="store_true", help="also time the old in-Python search")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the profiles of an earlier run on --database-url if N match")  # fmt: skip
    args = parser.parse_args()
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]), flush=True)
    work = Path(tempfile.mkdtemp(prefix="vstid-bench-search-"))
    url = args.database_url or f"sqlite:///{work / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    start = time.perf_counter()
    member = None if not args.reuse else _existing(engine, args.n)
    if member is None:
        _empty(engine)
        with Session(engine) as session:
            member = populate(session, args.n)
    print(f"database: {engine.dialect.name}; {args.n} profiles ready in "
          f"{time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip
    # As a database that has run a while would be: PostgreSQL's statistics gathered (its
    # autovacuum would), SQLite's write-ahead log folded in (an installation never runs
    # ANALYZE on SQLite, so neither does this). Outside any transaction, hence the raw driver.
    raw = engine.raw_connection()
    try:
        raw.cursor().execute(
            "PRAGMA wal_checkpoint(TRUNCATE)" if url.startswith("sqlite") else "ANALYZE"
        )
        raw.commit()
    finally:
        raw.close()
    settings = Settings(env=Environment.test, data_dir=work, database_url=url,
                        secret_key="b" * 40, embedder="hashing")  # fmt: skip
    print(f"new search ({args.repeat} queries per kind, anonymous and member alternately):")
    run(engine, settings, member, args.repeat, ExpertSearch)
    if args.old:
        print("old search (every visible profile loaded and filtered in Python):")
        run(engine, settings, member, args.repeat, old_search_class())
    engine.dispose()
    shutil.rmtree(work, ignore_errors=True)  # the default database only; a given one stays


if __name__ == "__main__":
    main()
