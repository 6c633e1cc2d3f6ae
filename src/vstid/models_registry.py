"""Every table of the platform, listed once, so that `Base.metadata` is complete for Alembic
and the tests. A new domain adds its models module here (see ARCHITECTURE.md)."""

from __future__ import annotations

from vstid.accounts import models as accounts
from vstid.audit import models as audit
from vstid.core.models import Base
from vstid.core.queue import models as queue
from vstid.core.storage import models as storage
from vstid.experts import models as experts
from vstid.hubs import models as hubs
from vstid.identity import models as identity
from vstid.imports import models as imports
from vstid.invitations import models as invitations
from vstid.matching import models as matching
from vstid.notifications import models as notifications
from vstid.orders import models as orders
from vstid.organizations import models as organizations
from vstid.programs import models as programs
from vstid.programs.applications import models as program_applications
from vstid.programs.calls import models as program_calls
from vstid.programs.mobility import models as program_mobility
from vstid.programs.reviews import models as program_reviews
from vstid.projects import models as projects
from vstid.projects.funding import models as project_funding
from vstid.projects.plan import models as project_plan
from vstid.projects.reports import models as project_reports
from vstid.projects.results import models as project_results
from vstid.projects.risks import models as project_risks
from vstid.proposals import models as proposals
from vstid.rates import models as rates
from vstid.taxonomy import models as taxonomy
from vstid.threads import models as threads

__all__ = ["MODEL_MODULES", "Base"]

MODEL_MODULES = (
    accounts,
    audit,
    queue,
    experts,
    hubs,
    identity,
    imports,
    invitations,
    matching,
    notifications,
    orders,
    organizations,
    programs,
    program_calls,
    program_applications,
    program_reviews,
    program_mobility,
    projects,
    project_funding,
    project_results,
    project_reports,
    project_risks,
    project_plan,
    proposals,
    rates,
    storage,
    taxonomy,
    threads,
)
