"""The mobility register as CSV for the agencies: one row per record, codes as stored (ISO
countries, taxonomy codes), dates in ISO; a cell that a spreadsheet would run as a formula
is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from vstid.experts.export import neutralise
from vstid.programs.mobility.models import MobilityRecord

__all__ = ["COLUMNS", "to_csv"]

COLUMNS = (
    "id", "status", "person_name", "sex", "nationality", "career_stage", "field",
    "home_institution", "home_country", "host_institution", "host_country", "supervisor",
    "planned_departure", "planned_return", "departed_on", "returned_on", "next_destination",
    "next_country", "degree_obtained", "evidence",
)  # fmt: skip


def _row(record: MobilityRecord) -> dict[str, Any]:
    row = {name: getattr(record, name, None) for name in COLUMNS}
    row["evidence"] = "|".join(sorted({e.kind for e in record.evidence}))
    return {k: "" if v is None else neutralise(str(v)) for k, v in row.items()}


def to_csv(records: Iterable[MobilityRecord]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(_row(record))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
