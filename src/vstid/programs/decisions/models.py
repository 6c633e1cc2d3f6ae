"""The decision's tables live with the reviews' (programs.reviews.models, migration 0021): an
agency's position and the joint decision. Named here so this part reads like every other."""

from __future__ import annotations

from vstid.programs.reviews.models import AgencyPosition, JointDecision, Position

__all__ = ["AgencyPosition", "JointDecision", "Position"]
