"""The workflow tests' world (a hub, an organization, a user per role) and API caller."""

from tests.workflow.conftest import api, world  # noqa: F401
