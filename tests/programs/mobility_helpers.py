"""Builders for the mobility tests: a record's body as the API takes it, and a file that the
platform's upload checks accept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.programs.world import ProgramWorld

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date.today()


def record_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person_name": "Nguyễn Thị Lan",
        "sex": "female",
        "nationality": "VN",
        "career_stage": "phd_candidate",
        "field": "semiconductors",
        "home_institution": "Đại học Bách khoa Hà Nội",
        "home_country": "VN",
        "host_institution": "Tohoku University",
        "host_country": "JP",
        "supervisor": "Prof. Tanaka",
        "planned_departure": (TODAY - timedelta(days=30)).isoformat(),
        "planned_return": (TODAY + timedelta(days=700)).isoformat(),
    }
    body.update(overrides)
    return body


def base(pw: ProgramWorld) -> str:
    return f"/programs/{pw.program.slug}/mobility"
