"""Where the shared sample data lives: read in place beside the clone, never copied."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "data"
SAMPLES = SHARED / "samples"
XLING_EXPERTS = SHARED / "xling-dev" / "experts.jsonl"
