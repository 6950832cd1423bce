"""notifications: each user's e-mail address and language, and the reminders sent

Revision ID: 0011
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("email", sa.String(length=320), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="")
        )
    op.create_table(
        "reminders_sent",
        sa.Column("id", Id, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint("username", "kind", "item", "day", name=op.f("uq_reminders_sent_once")),
    )


def downgrade() -> None:
    op.drop_table("reminders_sent")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
        batch.drop_column("email")
