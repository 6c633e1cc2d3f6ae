"""Reading a generated PDF back without poppler: the text from WeasyPrint's laid-out
document, the embedded fonts' names from the PDF's inflated streams."""

from __future__ import annotations

import re
import zlib
from typing import Any

from vstid.projects.reports.export import pdf_document

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_FONT = re.compile(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z0-9_-]+)")


def _walk(box: Any, out: list[str]) -> None:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        out.append(text)
    for child in getattr(box, "children", None) or []:
        _walk(child, out)


def document_text(html: str) -> str:
    """Every text box of the laid-out pages, in order."""
    out: list[str] = []
    for page in pdf_document(html).pages:  # type: ignore[attr-defined]
        _walk(page._page_box, out)
    return " ".join(out)


def embedded_fonts(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for match in _STREAM.finditer(pdf):
        try:
            names |= {n.decode() for n in _FONT.findall(zlib.decompress(match.group(1)))}
        except zlib.error:
            continue
    return names
