"""expert search in the database: expert_facets (list facets, keyword and name words) and a
folded sort name, back-filled from the stored profiles

Revision ID: 0007
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vstid.experts.search_keys import KEYED_COLUMNS, directory_columns, profile_keys

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
# the back-fill reads translations, which 0003 adds (0003 and 0004 are sibling branches)
depends_on: str | Sequence[str] | None = "0003"

_DIRECTORY = ["sort_name", "visibility", "residence_country", "availability", "hub_id",
              "fields_key", "languages_key", "user_id", "id"]  # fmt: skip
_LISTS = ("name_variants", "expertise", "translations", "fields", "languages")


def upgrade() -> None:
    op.create_table(
        "expert_facets",
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_expert_facets_expert_id_expert_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("facet", "value", "expert_id", name=op.f("pk_expert_facets")),
    )
    op.create_index("ix_expert_facets_expert_id", "expert_facets", ["expert_id"], unique=False)
    with op.batch_alter_table("expert_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sort_name", sa.String(length=200), nullable=False, server_default="")
        )
        for key in ("fields_key", "languages_key"):
            batch_op.add_column(
                sa.Column(key, sa.String(length=300), nullable=False, server_default="")
            )
        batch_op.create_index("ix_expert_profiles_directory", _DIRECTORY)
    _backfill()


def _backfill() -> None:
    columns = [sa.column(c, sa.JSON() if c in _LISTS else sa.Text()) for c in KEYED_COLUMNS]
    derived = [sa.column(c) for c in ("sort_name", "fields_key", "languages_key")]
    profiles = sa.table("expert_profiles", sa.column("id", sa.Uuid()), *derived, *columns)
    facets = sa.table("expert_facets", sa.column("facet"), sa.column("value"),
                      sa.column("expert_id", sa.Uuid()))  # fmt: skip
    conn = op.get_bind()
    for row in conn.execute(sa.select(profiles.c.id, *columns)).all():
        conn.execute(
            profiles.update().where(profiles.c.id == row.id).values(**directory_columns(row))
        )
        rows = [{"facet": f, "value": v, "expert_id": row.id} for f, v in profile_keys(row)]
        if rows:
            conn.execute(facets.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("expert_profiles", schema=None) as batch_op:
        batch_op.drop_index("ix_expert_profiles_directory")
        for column in ("languages_key", "fields_key", "sort_name"):
            batch_op.drop_column(column)
    op.drop_index("ix_expert_facets_expert_id", table_name="expert_facets")
    op.drop_table("expert_facets")
