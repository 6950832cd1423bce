"""saved filters: each user's named filters of the targets and actions lists

Revision ID: 0013_ui
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_ui"
down_revision = "0012_docs"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "saved_filters",
        sa.Column("id", Id, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("list", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filters")),
        sa.UniqueConstraint("username", "list", "name", name=op.f("uq_saved_filters_name")),
    )
    op.create_index(op.f("ix_saved_filters_username"), "saved_filters", ["username"])


def downgrade() -> None:
    op.drop_index(op.f("ix_saved_filters_username"), table_name="saved_filters")
    op.drop_table("saved_filters")
