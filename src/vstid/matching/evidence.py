"""Evidence as a person reads it: the analyser's matched terms include compounds, their
syllables and diacritic-folded twins (kiểm_chứng, kiểm, chứng, kiem_chung); show each idea once,
in its written form, longest first.

Issue 9, defect 10: "shared terms" listed single Vietnamese syllables (kỹ, thuật, hóa) and
words every profile holds (engineer, factory, kỹ sư). A lone syllable of a Vietnamese text
means nothing on its own (its compound is the idea), and the generic words below say only
that both texts are about work: neither is shown. Acronyms and English words inside a
Vietnamese text (FOWLP, wafer) stay."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["display_terms"]

MAX_TERMS = 8
# Words of a job or a workplace, in the four languages, as the analysers emit them
# (English stemmed, Vietnamese compounds written with spaces), one entry per comma.
_GENERIC_LISTS = (
    "engineer, engineering, factory, research, researcher, company, system, technology, "
    "solution, develop, development, experience, year, project, work, team, industry, "
    "industrial, application, product, production, manufactur, expert, professor, lead, "
    "leader, head, senior",
    "エンジニア, 工場, 研究, 開発, 技術, 会社, システム, 経験, 企業, 製造, 研究者, 専門",
    "엔지니어, 공장, 연구, 개발, 기술, 회사, 시스템, 경험, 기업, 제조, 연구원, 전문",
    "kỹ sư, nhà máy, nghiên cứu, công ty, hệ thống, công nghệ, giải pháp, phát triển, "
    "kinh nghiệm, dự án, sản xuất, doanh nghiệp, chuyên gia, ứng dụng, kỹ thuật, năm",
)
GENERIC = frozenset(word.strip() for line in _GENERIC_LISTS for word in line.split(","))


def _fold(term: str) -> str:
    decomposed = unicodedata.normalize("NFD", term.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _informative(term: str, language: str | None) -> bool:
    if len(term) < 2 or term.replace(".", "").replace(",", "").isdigit():
        return False
    if term.casefold() in GENERIC:
        return False
    # A lone Vietnamese syllable: one word with Vietnamese letters (not an English word or
    # an acronym, which are ASCII).
    return not (language == "vi" and " " not in term and not term.isascii())


def display_terms(
    terms: Iterable[str], limit: int = MAX_TERMS, language: str | None = None
) -> list[str]:
    """Compounds win over their parts; accented forms win over folded ones; lone
    Vietnamese syllables and generic words are left out (see GENERIC)."""
    written = [t.replace("_", " ").strip() for t in terms]
    candidates = sorted(
        dict.fromkeys(t for t in written if _informative(t, language)),
        key=lambda t: (-len(t.split()), t.isascii(), written.index(t)),
    )
    kept: list[str] = []
    covered: set[str] = set()
    for term in candidates:
        folded = _fold(term)
        if folded in covered:
            continue
        kept.append(term)
        covered.add(folded)
        covered.update(_fold(part) for part in term.split())
        if len(kept) == limit:
            break
    return kept
