"""incidents incident reports link facts link keys pins

Revision ID: 0002_incidents
Revises: 0001_foundation
Create Date: 2026-11-29 18:30:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0002_incidents"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("title_ko", sa.String(length=300), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("summary_ko", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("people_min", sa.Integer(), nullable=True),
        sa.Column("people_max", sa.Integer(), nullable=True),
        sa.Column("children", sa.Integer(), nullable=True),
        sa.Column("first_event_date", sa.String(length=10), nullable=True),
        sa.Column("last_event_date", sa.String(length=10), nullable=True),
        sa.Column("first_reported", sa.String(length=10), nullable=True),
        sa.Column("last_reported", sa.String(length=10), nullable=True),
        _when("last_news_at", nullable=True),
        sa.Column("days_in_custody", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.Float(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("conflict_count", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["merged_into_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_first_reported"), ["first_reported"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_urgency"), ["urgency"], unique=False)

    op.create_table(
        "incident_reports",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=True),
        _when("assigned_at"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id"),
    )
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_reports_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_link_facts",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("published_day", sa.Integer(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=True),
        _when("computed_at"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id"),
    )

    op.create_table(
        "incident_link_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("report_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("key", "report_id"),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "incident_pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_pins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_pins_incident_id"), ["incident_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_pins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_pins_incident_id"))
    op.drop_table("incident_pins")
    op.drop_table("incident_link_keys")
    op.drop_table("incident_link_facts")
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_reports_incident_id"))
    op.drop_table("incident_reports")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name in ("urgency", "updated_at", "status", "state", "published", "first_reported", "country"):
            batch_op.drop_index(batch_op.f(f"ix_incidents_{name}"))
    op.drop_table("incidents")
