"""Mapping stored records to the engine's plain documents."""

from __future__ import annotations

from vstid.engine.documents import ExpertDoc, ProblemDoc, Publication
from vstid.experts.models import Availability, ExpertProfile
from vstid.orders.models import Order

__all__ = ["expert_doc", "order_doc"]


def expert_doc(expert: ExpertProfile) -> ExpertDoc:
    return ExpertDoc(
        id=str(expert.id),
        name=expert.display_name,
        headline=expert.headline or "",
        bio=expert.bio or "",
        expertise=tuple(expert.expertise or ()),
        publications=tuple(
            Publication(title=p.title, year=p.year, abstract=p.abstract or "")
            for p in expert.publications
        ),
        language=expert.bio_language or None,
        languages=tuple(expert.languages or ()),
        fields=tuple(expert.fields or ()),
        organization_id=str(expert.organization_id) if expert.organization_id else None,
        available=expert.availability != Availability.unavailable.value,
    )


def order_doc(order: Order) -> ProblemDoc:
    return ProblemDoc(
        id=str(order.id),
        title=order.title,
        description=order.description,
        language=order.language or None,
        fields=tuple(order.fields or ()),
        requester_organization_id=str(order.organization_id),
    )
