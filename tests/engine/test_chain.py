"""Incremental saves: a full save plus segments loads to the same engine as the one that wrote
them (same rankings, slots, lexical index and means), whether loaded whole or caught up from
an earlier chain; a long chain or a mostly-changed engine is written whole again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from tests.engine._corpus import adc_problem, corpus, expert, wastewater_problem
from vstid.engine import HashingEmbedder, MatchEngine
from vstid.engine.chain import (
    MAX_SEGMENTS,
    Chain,
    catch_up,
    collect_garbage,
    load_chain,
    read_chain,
    write_chain,
    write_manifest,
)


def _same(a: MatchEngine, b: MatchEngine) -> None:
    for problem in (wastewater_problem(), adc_problem()):
        assert a.match(problem, None) == b.match(problem, None)
    assert a.experts == b.experts and a.store.size == b.store.size
    assert np.array_equal(a.store.alive, b.store.alive)
    assert np.array_equal(a.store.all_vectors, b.store.all_vectors)
    assert a.lexical.scores(["wastewater"]).tolist() == b.lexical.scores(["wastewater"]).tolist()
    for lang in ("en", "ja", "vi"):
        assert np.array_equal(a.passage_means.mean(lang), b.passage_means.mean(lang))  # type: ignore[arg-type]


def _change(eng: MatchEngine) -> None:
    first = corpus()[0]
    eng.index_experts([replace(first, headline="Membrane bioreactor specialist")])
    eng.remove_expert("E3")
    eng.index_experts([expert("N1", "Analog ADC front-end designer", language="en")])
    eng.index_experts([expert("N2", "Short-lived profile", language="en")])
    eng.remove_expert("N2")  # added and removed within one segment
    eng.calibrate_queries([adc_problem()])


def test_segments_replay_to_the_same_engine(tmp_path: Path) -> None:
    writer = MatchEngine(HashingEmbedder())
    writer.index_experts(corpus())
    base = write_chain(writer, tmp_path, None)
    held = load_chain(tmp_path, base, HashingEmbedder())
    _change(writer)
    chain = write_chain(writer, tmp_path, base)
    assert chain.base == base.base and len(chain.segments) == 1 and writer.journal == []
    _same(writer, load_chain(tmp_path, chain, HashingEmbedder()))
    catch_up(held, tmp_path, base, chain)  # a reader that held the base only replays
    _same(writer, held)
    assert held.journal == []


def test_long_chains_and_large_changes_are_written_whole(tmp_path: Path) -> None:
    eng = MatchEngine(HashingEmbedder())
    eng.index_experts(corpus())
    chain: Chain = write_chain(eng, tmp_path, None)
    for i in range(MAX_SEGMENTS):
        eng.index_experts([expert(f"S{i}", f"Expert number {i}", language="en")])
        chain = write_chain(eng, tmp_path, chain)
    assert len(chain.segments) == MAX_SEGMENTS
    eng.index_experts([expert("last", "One more", language="en")])
    assert write_chain(eng, tmp_path, chain).segments == ()
    again = MatchEngine(HashingEmbedder())
    again.index_experts(corpus())
    chain = write_chain(again, tmp_path, None)
    again.index_experts(corpus()[:-1])  # nearly every expert again: most live rows changed
    assert write_chain(again, tmp_path, chain).segments == ()


def test_garbage_collection_keeps_what_kept_manifests_name_and_young_parts(
    tmp_path: Path,
) -> None:
    eng = MatchEngine(HashingEmbedder())
    eng.index_experts(corpus())
    old = write_chain(eng, tmp_path, None)
    write_manifest(tmp_path, "v1.json", old)
    eng.index_experts(corpus())
    new = write_chain(eng, tmp_path, None)
    write_manifest(tmp_path, "v2.json", new)
    collect_garbage(tmp_path, lambda name: name != "v1.json", min_age_s=3600)
    assert not (tmp_path / "v1.json").exists() and (tmp_path / old.base).exists()  # too young
    collect_garbage(tmp_path, lambda name: name != "v1.json", min_age_s=0)
    assert not (tmp_path / old.base).exists()
    assert read_chain(tmp_path, "v2.json") == new and (tmp_path / new.base).exists()
