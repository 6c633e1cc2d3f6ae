"""The data side of merge and undo: what a merge changes, as JSON that undo can replay."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, object_session

from vstid.experts.models import ExpertProfile, Publication
from vstid.experts.profiles import PROFILE_FIELDS, ExpertProfileService, publication_key
from vstid.experts.repository import ExpertRepository

__all__ = ["absorb", "restore", "take"]

_LIST_FIELDS = ("name_variants", "languages", "expertise", "fields", "engagement_types")
_FILL_FIELDS = (
    "email",
    "orcid",
    "openalex_id",
    "residence_country",
    "affiliation",
    "headline",
    "bio",
)
_BASE = ("slug", "hub_id", "organization_id", "user_id", "claimed")
_PUB_FIELDS = ("title", "abstract", "year", "venue", "doi", "language", "source_key")


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def take(survivor: ExpertProfile, merged: ExpertProfile) -> dict[str, Any]:
    fields = {f: _json(getattr(merged, f)) for f in (*PROFILE_FIELDS, *_BASE)}
    return {
        "id": str(merged.id),
        "profile": fields,
        "publications": [
            {"id": str(p.id), **{f: getattr(p, f) for f in _PUB_FIELDS}}
            for p in merged.publications
        ],
        "external_ids": [{"scheme": x.scheme, "value": x.value} for x in merged.external_ids],
        # only these move; ids the survivor already had stay with it on undo
        "moved_external_ids": sorted(
            [x.scheme, x.value]
            for x in merged.external_ids
            if (x.scheme, x.value) not in {(y.scheme, y.value) for y in survivor.external_ids}
        ),
        "survivor_before": {
            f: _json(getattr(survivor, f))
            for f in (*_LIST_FIELDS, *_FILL_FIELDS, "user_id", "claimed", "display_name")
        },
    }


def absorb(survivor: ExpertProfile, merged: ExpertProfile, profiles: ExpertProfileService) -> None:
    """Every distinct publication and every external id moves; empty fields are filled."""
    keys = {
        k
        for p in survivor.publications
        for k in (p.doi, p.source_key, publication_key(p.title, p.year))
        if k
    }
    for pub in list(merged.publications):
        if not {pub.doi, pub.source_key, publication_key(pub.title, pub.year)} & keys:
            merged.publications.remove(pub)
            survivor.publications.append(pub)
    held = {(x.scheme, x.value) for x in survivor.external_ids}
    for ext in list(merged.external_ids):
        merged.external_ids.remove(ext)
        if (ext.scheme, ext.value) not in held:
            survivor.external_ids.append(ext)
    for name in _LIST_FIELDS:
        extra = [merged.display_name] if name == "name_variants" else []
        combined = [*(getattr(survivor, name) or []), *(getattr(merged, name) or []), *extra]
        setattr(survivor, name, [v for v in dict.fromkeys(combined) if v != survivor.display_name])
    for name in _FILL_FIELDS:
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    if merged.user_id and not survivor.user_id:
        user_id, merged.user_id = merged.user_id, None
        session = object_session(merged)
        if session is not None:
            ExpertRepository(session).flush()  # user_id is unique: free it before reuse
        survivor.user_id, survivor.claimed = user_id, True


def restore(session: Session, survivor: ExpertProfile, snap: dict[str, Any]) -> ExpertProfile:
    before = snap["survivor_before"]
    for name, value in before.items():
        setattr(survivor, name, uuid.UUID(value) if name == "user_id" and value else value)
    experts = ExpertRepository(session)
    experts.flush()
    fields = dict(snap["profile"])
    for name in ("hub_id", "organization_id", "user_id"):
        fields[name] = uuid.UUID(fields[name]) if fields[name] else None
    restored = experts.add(ExpertProfile(id=uuid.UUID(snap["id"]), **fields))
    with session.no_autoflush:  # a moved row must not be flushed as an orphan halfway
        _restore_children(session, survivor, restored, snap)
    experts.flush()
    return restored


def _restore_children(
    session: Session, survivor: ExpertProfile, restored: ExpertProfile, snap: dict[str, Any]
) -> None:
    ids = {uuid.UUID(p["id"]) for p in snap["publications"]}
    moved = {p.id for p in survivor.publications if p.id in ids}
    for pub in [p for p in survivor.publications if p.id in moved]:
        survivor.publications.remove(pub)
        restored.publications.append(pub)
    for p in snap["publications"]:
        if uuid.UUID(p["id"]) not in moved:  # a duplicate that the merge dropped
            restored.publications.append(Publication(**{f: p[f] for f in _PUB_FIELDS}))
    moved_ids = {(scheme, value) for scheme, value in snap["moved_external_ids"]}
    for ext in [x for x in survivor.external_ids if (x.scheme, x.value) in moved_ids]:
        survivor.external_ids.remove(ext)
        restored.external_ids.append(ext)
