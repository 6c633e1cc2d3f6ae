"""Language-aware analysis of text into lexical terms.

Each analyser turns text into lowercase terms. Latin/digit runs inside Japanese
or Korean text (IoT, 5G, OPC UA) go through the English analyser so that they
meet the same terms in English profiles. Vietnamese texts also emit diacritic-
folded terms with an ``~`` prefix, and queries emit folded forms of every Latin
token, so a query typed without diacritics still finds accented text.

The analysers (underthesea, fugashi+unidic-lite, kiwipiepy) are heavy and are
created once per process, on first use.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from typing import Any

from vstid.engine.text import detect_language, fold_vietnamese, normalise

__all__ = ["FOLD_PREFIX", "analyse", "analyse_query", "english_terms", "stem_english"]

FOLD_PREFIX = "~"
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
_LATIN_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_SPLIT_CJK = re.compile(r"([A-Za-z0-9][A-Za-z0-9+#.\- ]*[A-Za-z0-9+#]|[A-Za-z0-9])")
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "with",
        "within",
        "via",
        "using",
        "based",
        "new",
        "can",
        "will",
        "over",
        "per",
        "than",
        "these",
        "those",
        "such",
        "not",
        "also",
        "more",
        "most",
    ]
)
_VI_STOP = frozenset(
    [
        "và",
        "của",
        "cho",
        "các",
        "những",
        "là",
        "có",
        "được",
        "trong",
        "với",
        "một",
        "này",
        "để",
        "từ",
        "tại",
        "theo",
        "như",
        "khi",
        "đã",
        "về",
        "đến",
        "cần",
        "hiện",
        "nay",
        "không",
        "nhằm",
        "do",
        "trên",
        "dưới",
        "nên",
        "thì",
        "mà",
        "ra",
        "vào",
        "làm",
    ]
)
_JA_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_KO_CONTENT = frozenset({"NNG", "NNP", "SL", "SH", "XR", "VV", "VA", "SN"})
_lock = threading.Lock()


def stem_english(word: str) -> str:
    """A light S-stemmer plus -ing/-ed: enough to join 'sensors' and 'sensor'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        return word[:-2]
    return word


def english_terms(text: str) -> list[str]:
    terms = []
    for word in _LATIN_WORD.findall(text):
        low = word.lower()
        if low in _EN_STOP:
            continue
        # Acronyms (CMOS, LiDAR) are not plurals: keep them whole.
        terms.append(low if sum(c.isupper() for c in word) > 1 else stem_english(low))
    return terms


@functools.cache
def _shared(name: str) -> Any:
    """Create each heavy analyser once per process (thread-safe)."""
    with _lock:
        if name == "vi":
            from underthesea import word_tokenize

            return word_tokenize
        if name == "ja":
            import fugashi

            return fugashi.Tagger()
        from kiwipiepy import Kiwi

        return Kiwi()


def vietnamese_terms(text: str) -> list[str]:
    """Compounds joined by '_' (xử_lý) plus their syllables, plus folded forms."""
    terms: list[str] = []
    for token in _shared("vi")(text):
        words = [w for w in _LATIN_WORD.findall(token) if w.lower() not in _VI_STOP]
        if not words:
            continue
        if len(words) > 1:
            terms.append("_".join(w.lower() for w in words))
        for word in words:
            # English words and acronyms inside Vietnamese text meet English profiles.
            terms.extend(english_terms(word) if word.isascii() else [word.lower()])
    return terms + [FOLD_PREFIX + fold_vietnamese(t) for t in terms if not t.isascii()]


def _japanese_chunk(text: str) -> list[str]:
    terms: list[str] = []
    run: list[str] = []
    for word in _shared("ja")(text):
        pos = word.feature.pos1
        if pos == "名詞" and word.feature.pos2 != "数詞":
            run.append(word.surface)
        elif run:
            terms.extend(_noun_run(run))
            run = []
        if pos in _JA_CONTENT:
            terms.append(word.surface if pos == "名詞" else (word.feature.lemma or word.surface))
            # UniDic glosses loanwords ("ローカル-local"): a free bridge to English.
            lemma = word.feature.lemma or ""
            if "-" in lemma and lemma.split("-", 1)[1].isascii():
                terms.extend(english_terms(lemma.split("-", 1)[1]))
    terms.extend(_noun_run(run))
    return [t.lower() for t in terms if t.strip()]


def _noun_run(run: list[str]) -> list[str]:
    """Consecutive nouns also count as one compound (排水+処理 -> 排水処理)."""
    return ["".join(run)] if len(run) > 1 else []


def _korean_chunk(text: str) -> list[str]:
    terms: list[str] = []
    for token in _shared("ko").tokenize(text):
        tag = str(token.tag).split("-")[0]
        if tag in _KO_CONTENT:
            form = token.form + "다" if tag in {"VV", "VA"} else token.form
            terms.append(form.lower())
    return terms


def _mixed_script(text: str, chunk: Callable[[str], list[str]]) -> list[str]:
    """Send Latin/digit runs to the English analyser, the rest to `chunk`."""
    terms: list[str] = []
    for i, part in enumerate(_SPLIT_CJK.split(text)):
        if not part.strip():
            continue
        terms.extend(english_terms(part) if i % 2 else chunk(part))
    return terms


def analyse(text: str, language: str | None = None) -> list[str]:
    """Terms of `text`; `language` is detected when not given."""
    text = normalise(text)
    lang = language or detect_language(text)
    if lang == "vi":
        return vietnamese_terms(text)
    if lang == "ja":
        return _mixed_script(text, _japanese_chunk)
    if lang == "ko":
        return _mixed_script(text, _korean_chunk)
    return english_terms(text)


def analyse_query(text: str, language: str | None = None) -> list[str]:
    """Like `analyse`, plus folded forms of Latin words for diacritic-free queries."""
    terms = analyse(text, language)
    folded = {FOLD_PREFIX + fold_vietnamese(t) for t in terms if t.isascii() and t.isalpha()}
    return terms + sorted(folded - set(terms))
