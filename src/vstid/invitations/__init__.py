"""Invitations: order <-> expert. Importing the package registers the invite visibility rule."""

from vstid.invitations import permissions as _permissions  # noqa: F401  (registers the rule)
