"""an organization's profile: its name's language and translations, a public contact, a logo

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        # server defaults fill the organizations already there (named in Vietnamese)
        batch.add_column(
            sa.Column("language", sa.String(length=5), server_default=sa.text("'vi'"),
                      nullable=False)
        )  # fmt: skip
        batch.add_column(
            sa.Column("name_translations", sa.JSON(), server_default=sa.text("'{}'"),
                      nullable=False)
        )  # fmt: skip
        batch.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("logo_key", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("logo_key")
        batch.drop_column("contact_phone")
        batch.drop_column("contact_email")
        batch.drop_column("name_translations")
        batch.drop_column("language")
