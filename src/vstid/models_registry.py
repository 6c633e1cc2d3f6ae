"""Imports every model module so that Base.metadata is complete (Alembic, tests, create_all)."""

from vstid.accounts import models as accounts_models
from vstid.audit import models as audit_models
from vstid.core.models import Base
from vstid.experts import models as experts_models
from vstid.hubs import models as hubs_models
from vstid.orders import models as orders_models
from vstid.organizations import models as organizations_models
from vstid.proposals import models as proposals_models
from vstid.taxonomy import models as taxonomy_models

__all__ = [
    "Base",
    "accounts_models",
    "audit_models",
    "experts_models",
    "hubs_models",
    "orders_models",
    "organizations_models",
    "proposals_models",
    "taxonomy_models",
]
