"""dashboard indexes: events by verb, captures by start

The dashboard finds the repeat-infringement flags among half a million events by
their verb, and counts the last twelve weeks' captures by their start.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 15:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_verb", ["verb"], unique=False)
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.create_index("ix_captures_started_at", ["started_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_index("ix_captures_started_at")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_verb")
