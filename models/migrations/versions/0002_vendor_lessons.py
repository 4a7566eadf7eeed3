"""vendor lessons: reviewers' corrections remembered per vendor and layout

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:42:34.041169
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vendor_lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vat_key", sa.String(length=64), nullable=True),
        sa.Column("iban_key", sa.String(length=64), nullable=True),
        sa.Column("name_key", sa.String(length=255), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("place", sa.JSON(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("vendor_lessons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_lessons_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendor_lessons_iban_key"), ["iban_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendor_lessons_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_vendor_lessons_vat_key"), ["vat_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vendor_lessons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_lessons_vat_key"))
        batch_op.drop_index(batch_op.f("ix_vendor_lessons_name_key"))
        batch_op.drop_index(batch_op.f("ix_vendor_lessons_iban_key"))
        batch_op.drop_index(batch_op.f("ix_vendor_lessons_document_id"))

    op.drop_table("vendor_lessons")
