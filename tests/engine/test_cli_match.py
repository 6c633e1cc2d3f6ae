import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from vstid.cli.match import match

EXPERT = {
    "id": "X1",
    "profile_language": "en",
    "headline": "Wastewater engineer",
    "bio": "Textile wastewater treatment.",
    "expertise": ["wastewater"],
    "publications": [{"title": "Dye removal", "year": 2020, "abstract": "Membranes."}],
}
PROBLEM = {
    "id": "D1",
    "language": "vi",
    "title": "Xử lý nước thải",
    "description": "Nhuộm.",
    "field": "environment",
    "relevant": {"X1": 3},
}


def app() -> typer.Typer:
    application = typer.Typer()
    application.command()(match)
    return application


def write(path: Path, rows: list) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def invoke(tmp_path: Path, experts: list, problems: list):
    args = [
        "--experts",
        str(write(tmp_path / "e.jsonl", experts)),
        "--problems",
        str(write(tmp_path / "p.jsonl", problems)),
        "--out",
        str(tmp_path / "out.jsonl"),
        "--embedder",
        "hashing",
    ]
    return CliRunner().invoke(app(), args)


def test_writes_one_ranking_per_problem(tmp_path: Path) -> None:
    second = EXPERT | {"id": "X2", "headline": "Historian", "bio": "Medieval archives."}
    result = invoke(tmp_path, [EXPERT, second], [PROBLEM, PROBLEM | {"id": "D2"}])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [x["problem"] for x in lines] == ["D1", "D2"]
    assert sorted(lines[0]["ranking"]) == ["X1", "X2"]
    assert len(lines[0]["scores"]) == 2 and lines[0]["scores"][0] >= lines[0]["scores"][1]


@pytest.mark.parametrize(
    ("experts", "problems", "message"),
    [
        ([EXPERT, "{not json"], [PROBLEM], "e.jsonl:2: invalid JSON"),
        (
            [EXPERT],
            [PROBLEM, {"id": "D2", "title": "t"}],
            "p.jsonl:2: missing required field 'description'",
        ),
        ([{"id": "X9"}], [PROBLEM], "e.jsonl:1: expert has no profile text"),
        ([EXPERT | {"expertise": "wastewater"}], [PROBLEM], "e.jsonl:1: field 'expertise' must be"),
        ([EXPERT], [PROBLEM | {"language": "fr"}], "p.jsonl:1: unsupported language 'fr'"),
        ([EXPERT, EXPERT], [PROBLEM], "e.jsonl:2: duplicate expert id 'X1'"),
        ([EXPERT], ["[1, 2]"], "p.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_input_names_file_and_line(tmp_path: Path, experts, problems, message) -> None:
    result = invoke(tmp_path, experts, problems)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out.jsonl").exists()
