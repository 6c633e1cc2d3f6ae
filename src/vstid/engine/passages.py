"""Splitting an expert profile into passages and a problem into query text.

One passage per idea keeps a strong publication from being diluted by a long
bio, and lets the evidence shown to users point at the sentence that matched.
"""

from __future__ import annotations

from vstid.engine.documents import ExpertDoc, Passage, ProblemDoc
from vstid.engine.errors import InvalidDocumentError
from vstid.engine.text import LANGUAGES, detect_language, normalise

__all__ = ["expert_language", "expert_passages", "problem_language", "problem_text"]


def _checked_language(language: str | None, text: str) -> str:
    if language is None:
        return detect_language(text)
    if language not in LANGUAGES:
        raise InvalidDocumentError(f"unsupported language code {language!r}")
    return language


def expert_language(expert: ExpertDoc) -> str:
    return _checked_language(expert.language, f"{expert.headline} {expert.bio}")


def expert_passages(expert: ExpertDoc) -> list[Passage]:
    """Profile (headline + bio), expertise (headline + keywords), each publication."""
    if not expert.id:
        raise InvalidDocumentError("expert id must not be empty")
    lang = expert_language(expert)
    head = normalise(expert.headline)
    out: list[Passage] = []
    profile = normalise(f"{head}. {expert.bio}") if expert.bio else head
    if profile:
        out.append(Passage(expert.id, "profile", profile, lang))
    keywords = ", ".join(normalise(k) for k in expert.expertise if k.strip())
    if keywords:
        text = f"{head}: {keywords}" if head else keywords
        out.append(Passage(expert.id, "expertise", text, lang))
    for pub in expert.publications:
        title = normalise(pub.title)
        if not title:
            continue
        # Titles are often English in a Japanese profile: detect per publication.
        text = normalise(f"{title}. {pub.abstract}") if pub.abstract else title
        out.append(Passage(expert.id, "publication", text, detect_language(title)))
    return out


def problem_text(problem: ProblemDoc) -> str:
    if not problem.id:
        raise InvalidDocumentError("problem id must not be empty")
    return normalise(f"{problem.title}. {problem.description}")


def problem_language(problem: ProblemDoc) -> str:
    return _checked_language(problem.language, problem_text(problem))
