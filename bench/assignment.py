"""Benchmark (d): exact batch assignment at 2,000 orders × 20,000 experts, time and optimality.

Prints figures; asserts nothing. Reproduce:

    .venv/bin/python bench/assignment.py --orders 2000 --experts 20000 --k 200

Synthetic structure: orders and experts are mixtures of 40 topics; score = cosine of the two
mixtures + a per-expert "reputation" bonus (so popular experts are wanted by many orders and
capacities bind) + small noise. Each order keeps its top-K experts as sparse candidates; about
1% of candidate pairs are declared conflicts; 30% of experts reside abroad.

Optimality is checked independently of the flow network: the same problem is written as a
plain bipartite LP (x_oe ∈ [0,1]; Σ_e x_oe ≤ d_o; Σ_o x_oe ≤ c_e) and solved with HiGHS
(scipy.optimize.linprog) in two phases, mirroring the lexicographic objective: phase 1 maximises
filled seats, phase 2 maximises score with filled seats fixed. The constraint matrix is totally
unimodular, so the LP optimum is the integer optimum. The abroad variant adds a_o ∈ [0,1]
(abroad seat filled): a_o ≤ Σ_{e abroad} x_oe, Σ_e x_oe ≤ d_o − 1 + a_o; that matrix is not
TU, so its LP value is an upper bound, and when it is fractional scipy's MILP (HiGHS) settles it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vstid.engine.assignment import AssignmentResult, Candidates, assign


@dataclass
class Problem:
    demand: np.ndarray
    capacity: np.ndarray
    scores: Candidates
    conflicts: list[tuple[int, int]]
    abroad: np.ndarray


def synthetic(args: argparse.Namespace) -> Problem:
    rng = np.random.default_rng(args.seed)

    def mixtures(n: int) -> np.ndarray:
        m = rng.dirichlet(np.full(40, 0.1), size=n).astype(np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    orders, experts = mixtures(args.orders), mixtures(args.experts)
    reputation = (rng.pareto(3.0, args.experts) * 0.05).astype(np.float32)
    rows, cols, vals = [], [], []
    for start in range(0, args.orders, 250):  # blocks keep the dense slab at ~20 MB
        block = orders[start : start + 250] @ experts.T + reputation
        block += rng.normal(0, 0.02, block.shape).astype(np.float32)
        top = np.argpartition(-block, args.k, axis=1)[:, : args.k]
        rows.append(np.repeat(np.arange(start, start + len(block)), args.k))
        cols.append(top.ravel())
        vals.append(np.take_along_axis(block, top, 1).ravel())
    cand = Candidates(np.concatenate(rows), np.concatenate(cols), np.concatenate(vals))
    pick = rng.random(len(cand.scores)) < args.conflict_rate
    conflicts = list(zip(cand.orders[pick].tolist(), cand.experts[pick].tolist(), strict=True))
    return Problem(
        demand=rng.integers(1, 6, args.orders),
        capacity=rng.integers(1, 5, args.experts),
        scores=cand,
        conflicts=conflicts,
        abroad=rng.random(args.experts) < 0.3,
    )


def lp_check(problem: Problem, require_abroad: bool, method: str) -> dict[str, float]:
    """Independent two-phase LP/MILP optimum (see module docstring)."""
    cand = problem.scores
    banned = np.array([o * 10**6 + e for o, e in problem.conflicts], dtype=np.int64)
    keep = ~np.isin(cand.orders * 10**6 + cand.experts, banned)
    o, e, s = cand.orders[keep], cand.experts[keep], cand.scores[keep].astype(np.float64)
    d, c = problem.demand, problem.capacity
    n_x, n_o, n_e = len(s), len(d), len(c)
    cols = np.arange(n_x)
    order_rows = sp.csr_matrix((np.ones(n_x), (o, cols)), shape=(n_o, n_x))
    expert_rows = sp.csr_matrix((np.ones(n_x), (e, cols)), shape=(n_e, n_x))
    if require_abroad:  # extra columns a_o
        ab = problem.abroad[e].astype(float)
        eye = sp.identity(n_o, format="csr")
        seat = sp.hstack([order_rows, -eye])  # Σ x − a ≤ d − 1
        link = sp.hstack([-sp.csr_matrix((ab, (o, cols)), shape=(n_o, n_x)), eye])  # a − Σ x_ab ≤ 0
        a_ub = sp.vstack([seat, link, sp.hstack([expert_rows, sp.csr_matrix((n_e, n_o))])])
        b_ub = np.concatenate([d - 1, np.zeros(n_o), c])
        n_var, fill = n_x + n_o, np.concatenate([np.ones(n_x), np.zeros(n_o)])
    else:
        a_ub, b_ub = sp.vstack([order_rows, expert_rows]), np.concatenate([d, c])
        n_var, fill = n_x, np.ones(n_x)
    score = np.concatenate([s, np.zeros(n_var - n_x)])
    out: dict[str, float] = {}
    t = time.perf_counter()
    log(f"LP phase 1 ({n_var} variables, abroad={require_abroad})")
    p1 = linprog(-fill, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method=method)
    log(f"LP phase 1 done: {-p1.fun}; phase 2")
    a2 = sp.vstack([a_ub, -sp.csr_matrix(fill)])
    p2 = linprog(-score, A_ub=a2, b_ub=np.append(b_ub, p1.fun + 1e-9), bounds=(0, 1), method=method)
    out |= {"lp_filled": -p1.fun, "lp_score": -p2.fun, "lp_seconds": time.perf_counter() - t}
    frac = np.abs(p2.x - np.round(p2.x)).max()
    out["lp_max_fraction"] = float(frac)
    log(f"LP phase 2 done: {-p2.fun}, largest fractional part {frac:.3g}")
    if frac > 1e-6:  # fractional: the LP is only a bound, ask the MILP for the integer optimum
        t = time.perf_counter()
        cons = LinearConstraint(a_ub, -np.inf, b_ub)
        opts = {"time_limit": 600.0}
        m1 = milp(
            -fill, constraints=cons, integrality=np.ones(n_var), bounds=Bounds(0, 1), options=opts
        )
        cons2 = [cons, LinearConstraint(sp.csr_matrix(fill), -m1.fun - 1e-9, np.inf)]
        m2 = milp(
            -score, constraints=cons2, integrality=np.ones(n_var), bounds=Bounds(0, 1), options=opts
        )
        out |= {"milp_filled": -m1.fun, "milp_score": -m2.fun, "milp_status": m2.status}
        out["milp_seconds"] = time.perf_counter() - t
    return out


def log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def run(
    problem: Problem, require_abroad: bool, repeats: int
) -> tuple[AssignmentResult, list[tuple[float, float]]]:
    """Wall and CPU seconds per call: OR-Tools' solver is single-threaded, so CPU time is what
    the wall time would be on an idle machine, and stays meaningful when others load the cores."""
    times, res = [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        res = assign(
            problem.demand,
            problem.capacity,
            problem.scores,
            conflicts=problem.conflicts,
            abroad=problem.abroad,
            require_abroad=require_abroad,
        )
        times.append((time.perf_counter() - t, time.process_time() - c))
    assert res is not None
    return res, times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--orders", type=int, default=2000)
    p.add_argument("--experts", type=int, default=20000)
    p.add_argument("--k", type=int, default=200, help="candidates kept per order")
    p.add_argument("--conflict-rate", type=float, default=0.01)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-lp", action="store_true")
    p.add_argument(
        "--lp-method", default="highs-ipm", help="linprog method (highs-ipm: fastest here)"
    )
    args = p.parse_args()
    t = time.perf_counter()
    problem = synthetic(args)
    gen_s = time.perf_counter() - t
    d, c, cand = problem.demand, problem.capacity, problem.scores
    print(
        f"{args.orders} orders (demand Σ={d.sum()}), {args.experts} experts (capacity Σ={c.sum()})"
    )
    print(f"{len(cand.scores)} candidate pairs, {len(problem.conflicts)} conflicts, ", end="")
    print(f"{int(problem.abroad.sum())} experts abroad; generated in {gen_s:.1f}s\n")
    print("| variant | wall s min/med/max | CPU s min/med/max | load | filled | unfilled |", end="")
    print(" total score | max rounding loss | LP/MILP optimum | |Δ| vs optimum |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for require_abroad in (False, True):
        load = os.getloadavg()[0]
        res, times = run(problem, require_abroad, args.repeats)
        check = {} if args.skip_lp else lp_check(problem, require_abroad, args.lp_method)
        best = check.get("milp_score", check.get("lp_score", float("nan")))
        name = "abroad seat" if require_abroad else "plain"
        ts = " | ".join(
            f"{min(x):.2f}/{np.median(x):.2f}/{max(x):.2f}" for x in zip(*times, strict=True)
        )
        filled = int(d.sum()) - res.total_unfilled
        print(
            f"| {name} | {ts} | {load:.1f} | {filled} | {res.total_unfilled} | {res.total_score:.6f} | "
            f"{res.max_rounding_loss:.2e} | {best:.6f} | {abs(best - res.total_score):.2e} |"
        )
        extra = {k: round(v, 6) for k, v in check.items()}
        print(f"  ({name}: {len(res.abroad_unmet)} orders without abroad expert; check {extra})")
    print("\nreproduce: .venv/bin/python bench/assignment.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
