"""login failures: what counts towards locking a user name or an address out

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", Id, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(op.f("ix_login_failures_username"), "login_failures", ["username"])
    op.create_index(op.f("ix_login_failures_address"), "login_failures", ["address"])
    op.create_index(op.f("ix_login_failures_at"), "login_failures", ["at"])


def downgrade() -> None:
    op.drop_table("login_failures")
