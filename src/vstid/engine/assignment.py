"""Capacity-constrained assignment of experts to orders, solved exactly as a min-cost flow.

Network (OR-Tools ``SimpleMinCostFlow``): every order node supplies its demand; each candidate
pair is an arc order → expert (capacity 1, cost −round(score·scale)); each expert → sink arc has
the expert's capacity; each order also has an "unfilled" arc straight to the sink (cost P), so
the flow is always feasible and unmet demand is reported instead of failing. Conflicting pairs
simply have no arc.

"At least one expert resident abroad" (``require_abroad``): one of each order's seats moves to an
*abroad seat* node with supply 1 whose arcs reach abroad experts only; the other d−1 seats accept
anyone. An abroad expert is reached through a pair node (capacity 1) that both seats feed, so one
person can never take two seats of the same order. An order that gets no abroad expert thus
holds at most d−1 experts (the seat stays empty, counted as unfilled); ``abroad_unmet`` lists
the orders with demand that got no abroad expert.

"At least one expert of each required group" (``groups`` and ``required_groups``) generalises
the abroad seat: every expert carries at most one group label (a country), every order names the
groups that must each get a seat. For each (order with demand, required group) one *reserved
seat* node with supply 1 reaches that group's experts only; the order's general seat keeps the
remaining d−r seats (r reserved, refused when r > d). A candidate pair whose expert belongs to a
group (or to "abroad") its order requires is reached through one pair node (capacity 1) fed by the
general seat and by the reserved seat(s) of the expert's groups, so one person still takes at most
one seat. An order's experts are feasible when they can be placed one per seat, a reserved seat
taking only its group's experts. The abroad rule is the special case of one group every order
requires; both may be used together (an expert may then be in two groups, which the pair node
already allows; each reserved seat still needs its own person).
``groups_unmet`` lists, per order with demand, the required groups that got nobody.

Why the answer is optimal: node-arc incidence matrices are totally unimodular and all supplies
and capacities are integers, so the min-cost flow has an integral optimum, and OR-Tools'
cost-scaling algorithm returns an exact optimum for integer costs. Every integral flow is a
feasible assignment with the same objective, and every feasible assignment is some integral flow,
so the result maximises the *scaled* objective exactly. Lexicographic default: P = 2·C·F + 1,
where C bounds |scaled score| and F bounds the number of assigned pairs; two assignments'
scaled scores differ by at most 2·C·F < P, so filling one more seat always beats any score
gain: the fill is maximal, then the score is.
Scaling: scale = C / max|score| with C = 2^30 (lowered only if int64 could overflow), so each
pair's rounding error is ≤ 1/(2·scale) and the true (unscaled) total of the returned assignment is
within ``max_rounding_loss`` = F/scale of the true optimum. ``total_score`` is reported unscaled.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from vstid.engine.errors import EngineError

__all__ = ["AssignmentError", "AssignmentResult", "AssignmentSolverError", "Candidates", "assign"]

_INT64_SAFE = 2**62
# Bounds C on |scaled score|, tried in turn: OR-Tools rejects (BAD_COST_RANGE) cost ranges whose
# internal scaling could overflow int64, so a huge network falls back to coarser integers.
_PRECISIONS = (2**30, 2**20, 2**12)


class AssignmentError(EngineError, ValueError):
    """Malformed assignment input (negative demand, index out of range, duplicate pair, ...)."""


class AssignmentSolverError(EngineError, RuntimeError):
    """The flow solver did not report an optimum (should not happen: the network is feasible)."""


@dataclass(frozen=True)
class Candidates:
    """Sparse scores: one entry per allowed (order index, expert index) pair."""

    orders: np.ndarray
    experts: np.ndarray
    scores: np.ndarray

    @classmethod
    def from_dense(cls, matrix: np.ndarray) -> Candidates:
        """Every finite cell is a candidate; NaN or ±inf marks a pair that is not one."""
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2:
            raise AssignmentError(
                f"dense scores must be 2-D (orders × experts), got {matrix.shape}"
            )
        orders, experts = np.nonzero(np.isfinite(matrix))
        return cls(orders, experts, matrix[orders, experts])

    @classmethod
    def from_lists(cls, lists: Sequence[Iterable[tuple[int, float]]]) -> Candidates:
        """``lists[o]`` holds (expert index, score) pairs for order o, e.g. its top-K matches."""
        rows = [(o, e, s) for o, pairs in enumerate(lists) for e, s in pairs]
        arr = np.array(rows, dtype=np.float64).reshape(-1, 3)
        return cls(arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])


@dataclass(frozen=True)
class AssignmentResult:
    """Optimal assignment; orders and experts are the indices the caller used."""

    pairs: tuple[tuple[int, int], ...]  # (order, expert), sorted
    pair_scores: tuple[float, ...]  # unscaled score of each pair, same order
    total_score: float  # unscaled sum of pair_scores
    unfilled: tuple[int, ...]  # per order: demanded seats left empty
    abroad_unmet: tuple[int, ...]  # orders with demand but no abroad expert (require_abroad)
    status: str  # OR-Tools status name; always "OPTIMAL" (anything else raises)
    scale: float  # integer cost of a pair = −round(score · scale)
    max_rounding_loss: float  # proven: true optimum − returned objective ≤ this (see module)
    solve_seconds: float
    # Per order: the required groups (sorted) that got no expert; () for an order without
    # demand, and for every order when no groups are required.
    groups_unmet: tuple[tuple[str, ...], ...] = ()

    @property
    def total_unfilled(self) -> int:
        return sum(self.unfilled)


def assign(
    demand: Sequence[int] | np.ndarray,
    capacity: Sequence[int] | np.ndarray,
    scores: np.ndarray | Candidates | Sequence[Iterable[tuple[int, float]]],
    *,
    conflicts: Iterable[tuple[int, int]] = (),
    abroad: Sequence[bool] | np.ndarray | None = None,
    require_abroad: bool = False,
    groups: Sequence[str | None] | None = None,
    required_groups: Sequence[Iterable[str]] | None = None,
    unfilled_penalty: float | None = None,
) -> AssignmentResult:
    """Maximise total score subject to demand, capacity, conflicts, the abroad rule and the
    required groups (``groups[e]``: expert e's label or None; ``required_groups[o]``: the labels
    order o must each get one expert of).

    ``unfilled_penalty=None`` fills as many seats as possible first (lexicographic); a number
    instead charges that many score units per empty seat, so weak pairs may be left out.
    """
    started = time.perf_counter()
    need, cap = _counts(demand, "demand"), _counts(capacity, "capacity")
    cand = _usable(_as_candidates(scores, len(need), len(cap)), need, cap, conflicts)
    if abroad is None and require_abroad:
        raise AssignmentError("require_abroad needs the abroad flag of every expert")
    is_abroad = np.zeros(len(cap), bool) if abroad is None else np.asarray(abroad, dtype=bool)
    if is_abroad.shape != (len(cap),):
        raise AssignmentError(f"abroad has shape {is_abroad.shape}, expected ({len(cap)},)")
    if unfilled_penalty is not None and not (
        np.isfinite(unfilled_penalty) and unfilled_penalty >= 0
    ):
        raise AssignmentError("unfilled_penalty must be a finite number ≥ 0 (or None)")
    labels, member, required = _groups(
        len(need), len(cap), is_abroad if require_abroad else None, groups, required_groups
    )
    net = _Network(need, cap, cand, member, required & (need > 0)[:, None], labels)
    for c_max in _PRECISIONS:
        net.price(unfilled_penalty, c_max)
        if (flow := net.solve()) is not None:
            break
    else:
        raise AssignmentSolverError("costs out of the solver's range even at low precision")
    return net.result(flow, time.perf_counter() - started)


_ABROAD = object()  # the abroad rule's group: a label no caller can spell


def _groups(
    n_o: int,
    n_e: int,
    abroad: np.ndarray | None,
    groups: Sequence[str | None] | None,
    required_groups: Sequence[Iterable[str]] | None,
) -> tuple[list[object], np.ndarray, np.ndarray]:
    """Group labels, expert × label membership and order × label requirement matrices."""
    if groups is not None and len(groups) != n_e:
        raise AssignmentError(f"groups has {len(groups)} entries, expected {n_e}")
    if required_groups is not None and groups is None:
        raise AssignmentError("required_groups needs the group of every expert (groups)")
    wanted = [] if required_groups is None else [sorted(set(r)) for r in required_groups]
    if required_groups is not None and len(wanted) != n_o:
        raise AssignmentError(f"required_groups has {len(wanted)} entries, expected {n_o}")
    labels: list[object] = [*sorted({g for r in wanted for g in r})]
    if abroad is not None:
        labels.append(_ABROAD)
    index = {label: i for i, label in enumerate(labels)}
    member = np.zeros((n_e, len(labels)), bool)
    for e, g in enumerate(groups or ()):
        if g in index:
            member[e, index[g]] = True
    required = np.zeros((n_o, len(labels)), bool)
    for o, r in enumerate(wanted):
        required[o, [index[g] for g in r]] = True
    if abroad is not None:
        member[:, index[_ABROAD]] = abroad
        required[:, index[_ABROAD]] = True
    return labels, member, required


def _counts(values: Sequence[int] | np.ndarray, what: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise AssignmentError(f"{what} must be a 1-D sequence of integers")
    if arr.size and arr.min() < 0:
        raise AssignmentError(f"{what} must be non-negative")
    return arr.astype(np.int64)


def _as_candidates(
    scores: np.ndarray | Candidates | Sequence[Iterable[tuple[int, float]]], n_o: int, n_e: int
) -> Candidates:
    if isinstance(scores, np.ndarray):
        if scores.shape != (n_o, n_e):
            raise AssignmentError(f"dense scores have shape {scores.shape}, expected {(n_o, n_e)}")
        return Candidates.from_dense(scores)
    cand = scores if isinstance(scores, Candidates) else Candidates.from_lists(scores)
    o, e, s = (np.asarray(a) for a in (cand.orders, cand.experts, cand.scores))
    if not (o.shape == e.shape == s.shape) or o.ndim != 1:
        raise AssignmentError("candidate orders, experts and scores must be equal-length 1-D")
    if o.size and (o.min() < 0 or o.max() >= n_o or e.min() < 0 or e.max() >= n_e):
        raise AssignmentError("a candidate names an order or expert index out of range")
    if not np.isfinite(s).all():
        raise AssignmentError("candidate scores must be finite")
    keys = np.sort(o * n_e + e)  # sorting beats np.unique's hashing here (400k pairs: ~5x)
    if np.any(keys[1:] == keys[:-1]):
        raise AssignmentError("a candidate (order, expert) pair appears twice")
    return Candidates(o.astype(np.int64), e.astype(np.int64), s.astype(np.float64))


def _usable(
    cand: Candidates, need: np.ndarray, cap: np.ndarray, conflicts: Iterable[tuple[int, int]]
) -> Candidates:
    """Drop conflicting pairs and pairs that could never carry flow (zero demand or capacity)."""
    keep = (need[cand.orders] > 0) & (cap[cand.experts] > 0)
    banned = np.array([o * len(cap) + e for o, e in conflicts], dtype=np.int64)
    if banned.size:
        keep &= ~np.isin(cand.orders * len(cap) + cand.experts, banned)
    return Candidates(cand.orders[keep], cand.experts[keep], cand.scores[keep])


class _Network:
    """Node layout: experts [0, E), general order seats [E, E+O), reserved seats [E+O, E+O+R)
    (one per order with demand and group it requires), then the sink, then one pair node per
    candidate pair whose expert is in a group its order requires."""

    def __init__(
        self,
        need: np.ndarray,
        cap: np.ndarray,
        cand: Candidates,
        member: np.ndarray,
        required: np.ndarray,
        labels: list[object],
    ) -> None:
        self.need, self.cap, self.cand = need, cap, cand
        self.member, self.required, self.labels = member, required, labels
        n_e, n_o = len(cap), len(need)
        self.reserved = required.sum(axis=1).astype(np.int64)
        if np.any(self.reserved > need):
            o = int(np.flatnonzero(self.reserved > need)[0])
            raise AssignmentError(
                f"order {o} requires {self.reserved[o]} groups but demands {need[o]} experts"
            )
        self.seat_order, self.seat_group = np.nonzero(required)
        self.seat_id = np.full(required.shape, -1, np.int64)
        self.seat_id[self.seat_order, self.seat_group] = n_e + n_o + np.arange(len(self.seat_order))
        # (candidate, group) where the group is required by the order and held by the expert
        self.feeds = member[cand.experts] & required[cand.orders]
        self.via_pair = self.feeds.any(axis=1)
        self.sink = n_e + n_o + len(self.seat_order)
        self.n_nodes = self.sink + 1 + int(self.via_pair.sum())
        # Bound on assigned pairs, used by the lexicographic penalty and the rounding bound.
        self.max_pairs = int(min(need.sum(), cap.sum(), len(cand.scores)))

    def price(self, penalty: float | None, c_max: int) -> None:
        """Choose the integer scale (see module docstring) and the unfilled-seat cost P."""
        self.lexicographic = penalty is None
        top = max(float(np.abs(self.cand.scores).max(initial=0.0)), penalty or 0.0, 1e-12)
        while True:
            self.scale = c_max / top
            if penalty is None:
                self.penalty = 2 * c_max * self.max_pairs + 1
            else:
                self.penalty = round(penalty * self.scale)
            worst = max(self.penalty, c_max)
            # OR-Tools multiplies costs by (nodes + 1) internally; the total must fit too.
            if worst * (self.n_nodes + 1) < _INT64_SAFE and worst * self.need.sum() < _INT64_SAFE:
                return
            if c_max <= 2**8:
                raise AssignmentError("problem too large for int64 costs at useful precision")
            c_max //= 2

    def solve(self) -> np.ndarray | None:
        """Flow (0/1) on every candidate pair; None if the costs are out of the solver's range."""
        c, n_e, n_o = self.cand, len(self.cap), len(self.need)
        seat = n_e + c.orders
        cost = -np.rint(c.scores * self.scale).astype(np.int64)
        direct, paired = ~self.via_pair, np.flatnonzero(self.via_pair)
        pair_node = self.sink + 1 + np.arange(len(paired))
        # reserved seat → pair node, one arc per group the pair's expert holds for its order
        k, g = np.nonzero(self.feeds[paired])
        n_seats = len(self.seat_order)
        general = self.need - self.reserved
        arcs = [
            (np.arange(n_e), np.full(n_e, self.sink), self.cap, np.zeros(n_e, np.int64)),
            (n_e + np.arange(n_o), np.full(n_o, self.sink), general, np.full(n_o, self.penalty)),
            (
                n_e + n_o + np.arange(n_seats),
                np.full(n_seats, self.sink),
                np.ones(n_seats),
                np.full(n_seats, self.penalty),
            ),
            (seat[direct], c.experts[direct], np.ones(int(direct.sum())), cost[direct]),
            (seat[paired], pair_node, np.ones(len(paired)), cost[paired]),
            (self.seat_id[c.orders[paired][k], g], pair_node[k], np.ones(len(k)), cost[paired][k]),
            (pair_node, c.experts[paired], np.ones(len(paired)), np.zeros(len(paired))),
        ]
        solver = min_cost_flow.SimpleMinCostFlow()
        ids = [solver.add_arcs_with_capacity_and_unit_cost(*_typed(a)) for a in arcs]
        supply = np.concatenate([np.zeros(n_e), general, np.ones(n_seats), [-self.need.sum()]])
        nodes = np.arange(len(supply), dtype=np.int32)
        solver.set_nodes_supplies(nodes, supply.astype(np.int64))
        status = solver.solve()
        self.status = min_cost_flow.SimpleMinCostFlow.Status(status).name
        if status == solver.BAD_COST_RANGE:
            return None
        if status != solver.OPTIMAL:
            raise AssignmentSolverError(f"min-cost flow solver returned {self.status}")
        flow = np.zeros(len(c.scores), np.int64)
        flow[direct] = _flows(solver, ids[3])
        flow[paired] = _flows(solver, ids[6])
        return flow

    def result(self, flow: np.ndarray, seconds: float) -> AssignmentResult:
        c = self.cand
        chosen = np.flatnonzero(flow > 0)
        chosen = chosen[np.lexsort((c.experts[chosen], c.orders[chosen]))]
        pairs = tuple(zip(c.orders[chosen].tolist(), c.experts[chosen].tolist(), strict=True))
        pair_scores = tuple(c.scores[chosen].tolist())
        got = np.bincount(c.orders[chosen], minlength=len(self.need))
        # Derived from the pairs, not the unfilled arcs: with a group's expert in a general seat
        # and the group's seat empty, the arcs would wrongly say "nobody of that group".
        covered = np.zeros(self.required.shape, bool)
        np.logical_or.at(covered, c.orders[chosen], self.member[c.experts[chosen]])
        unmet = self.required & ~covered
        abroad_unmet: tuple[int, ...] = ()
        named = [i for i, label in enumerate(self.labels) if label is not _ABROAD]
        if len(named) < len(self.labels):
            abroad_unmet = tuple(np.flatnonzero(unmet[:, -1]).tolist())
        groups_unmet: tuple[tuple[str, ...], ...] = ()
        if named:
            groups_unmet = tuple(
                tuple(str(self.labels[i]) for i in named if row[i]) for row in unmet
            )
        # Rounding of each chosen pair (and of P in soft-penalty mode) is at most 1/(2·scale).
        slack = self.max_pairs + (0 if self.lexicographic else int(self.need.sum()))
        return AssignmentResult(
            pairs=pairs,
            pair_scores=pair_scores,
            total_score=float(np.sum(c.scores[chosen])),
            unfilled=tuple((self.need - got).tolist()),
            abroad_unmet=abroad_unmet,
            status=self.status,
            scale=self.scale,
            max_rounding_loss=float(slack) / self.scale,
            solve_seconds=seconds,
            groups_unmet=groups_unmet,
        )


def _typed(arc: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    tails, heads, caps, costs = arc
    return (
        np.asarray(tails, np.int32),
        np.asarray(heads, np.int32),
        np.asarray(caps, np.int64),
        np.asarray(costs, np.int64),
    )


def _flows(solver: min_cost_flow.SimpleMinCostFlow, arc_ids: np.ndarray) -> np.ndarray:
    if len(arc_ids) == 0:
        return np.zeros(0, np.int64)
    return np.asarray(solver.flows(np.asarray(arc_ids, np.int32)), np.int64)
