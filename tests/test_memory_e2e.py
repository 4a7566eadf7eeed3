"""Learning from a reviewer, end to end on a real database: a field corrected once on a vendor's invoice
is right on the vendor's next invoice of that layout, and only there."""

from __future__ import annotations

import dataclasses
import random

import pytest
from sqlalchemy import select

from capture.intake import IncomingFile, receive
from capture.jobs import run_document
from capture.pipeline import PipelineOptions, decide
from models.db import transaction
from models.documents import get_document, load_page_texts
from models.memory import StoredMemory
from models.tables import VendorLesson
from review_ui.review import save_review
from samples.generator import content
from samples.generator.layouts import layout
from samples.generator.render_pdf import render_pdf
from samples.generator.vendors import Vendor, vendor

# A label the extractor does not know: it finds no invoice number on these invoices by itself.
UNKNOWN_LABEL = "Document key"
VENDOR_INDEX, OTHER_VENDOR_INDEX = 11, 3


def _vendor(index: int, *, layout_id: int | None = None) -> Vendor:
    seller = vendor("train", index)
    seller = dataclasses.replace(seller, labels=seller.labels | {"invoice_number": UNKNOWN_LABEL})
    return dataclasses.replace(seller, layout_id=layout_id) if layout_id is not None else seller


def _invoice(seller: Vendor, seed: int) -> tuple[bytes, str]:
    invoice = content.compose(seller, random.Random(f"memory-test/{seed}"), max_lines=8)
    return render_pdf(invoice, layout(seller.layout_id)).data, invoice.number


def _process(runtime, data: bytes, name: str) -> int:
    incoming = IncomingFile(data, name, "upload")
    document_id = receive(
        incoming, data_dir=runtime.settings.data_dir, sessions=runtime.sessions, enqueue=str
    ).document_id
    run_document(runtime, document_id, job_id=f"job-{name}", retries_left=0)
    return document_id


def _field(runtime, document_id: int, name: str):
    with transaction(runtime.sessions) as session:
        return get_document(session, document_id=document_id).invoice.field_map().get(name)


def _decided_again(runtime, document_id: int):
    """The pipeline's decision on the stored pages, to see how each value was chosen."""
    with transaction(runtime.sessions) as session:
        pages = load_page_texts(session, document_id=document_id)
    return decide(pages, PipelineOptions(), memory=StoredMemory(runtime.sessions))


@pytest.fixture
def corrected(runtime) -> int:
    """The vendor's first invoice, processed, with its invoice number typed in by a reviewer."""
    data, number = _invoice(_vendor(VENDOR_INDEX), seed=1)
    document_id = _process(runtime, data, "first.pdf")
    assert _field(runtime, document_id, "invoice_number") is None  # the extractor cannot read it alone
    save_review(runtime, document_id=document_id, actor="alice", fields={"invoice_number": number})
    return document_id


def test_a_corrected_field_is_right_on_the_vendors_next_invoice_of_that_layout(runtime, corrected):
    data, number = _invoice(_vendor(VENDOR_INDEX), seed=2)
    first_number = _field(runtime, corrected, "invoice_number").value
    assert number != first_number

    document_id = _process(runtime, data, "second.pdf")

    stored = _field(runtime, document_id, "invoice_number")
    assert stored.value == number and stored.confidence >= 0.9
    assert stored.page == 1 and len(stored.box) == 4
    recalled = _decided_again(runtime, document_id).extraction.fields["invoice_number"]
    assert recalled.value == number and recalled.basis == "memory" and recalled.confidence >= 0.9


def test_the_reviewer_is_told_where_a_recalled_value_came_from(runtime, corrected):
    data, _ = _invoice(_vendor(VENDOR_INDEX), seed=3)
    document_id = _process(runtime, data, "third.pdf")
    decision = _decided_again(runtime, document_id).decision
    if not decision.auto_approve:  # reasons are shown only on invoices that wait for review
        assert any(f"correction on document #{corrected}" in reason for reason in decision.reasons)


def _stranger() -> Vendor:
    """Another vendor printing the same labels on the same layout: only who it is differs."""
    known = _vendor(VENDOR_INDEX)
    return dataclasses.replace(
        vendor("train", OTHER_VENDOR_INDEX), labels=known.labels, layout_id=known.layout_id
    )


@pytest.mark.parametrize(
    "seller",
    [_vendor(VENDOR_INDEX, layout_id=4), _stranger()],
    ids=["same-vendor-other-layout", "other-vendor-same-layout"],
)
def test_the_lesson_stays_with_its_vendor_and_layout(runtime, corrected, seller):
    data, _ = _invoice(seller, seed=4)
    document_id = _process(runtime, data, "other.pdf")
    found = _decided_again(runtime, document_id).extraction.fields.get("invoice_number")
    assert found is None or found.basis != "memory"
    assert _field(runtime, document_id, "invoice_number") is None


def test_each_correction_replaces_the_lesson_of_its_field(runtime, corrected):
    data, number = _invoice(_vendor(VENDOR_INDEX), seed=5)
    document_id = _process(runtime, data, "fifth.pdf")
    assert _lessons(runtime) == [(corrected, "alice")]
    # a value printed nowhere teaches no place, but the lesson it contradicts is gone
    save_review(runtime, document_id=document_id, actor="bob", fields={"invoice_number": number + "X"})
    assert _lessons(runtime) == []
    save_review(runtime, document_id=document_id, actor="bob", fields={"invoice_number": number})
    assert _lessons(runtime) == [(document_id, "bob")]
    save_review(runtime, document_id=document_id, actor="bob", fields={"invoice_number": None})
    assert _lessons(runtime) == []


def _lessons(runtime) -> list[tuple[int, str]]:
    with transaction(runtime.sessions) as session:
        rows = session.scalars(select(VendorLesson).where(VendorLesson.field == "invoice_number"))
        return [(row.document_id, row.actor) for row in rows]


def test_the_evidence_box_follows_the_correction_onto_the_printed_value(runtime, corrected):
    stored = _field(runtime, corrected, "invoice_number")
    with transaction(runtime.sessions) as session:
        (page,) = [p for p in load_page_texts(session, document_id=corrected) if p.page == stored.page]
    x0, y0, x1, y1 = stored.box
    printed = " ".join(
        w.text
        for w in page.words
        if x0 - 1 <= w.box[0] and w.box[2] <= x1 + 1 and y0 - 1 <= w.box[1] and w.box[3] <= y1 + 1
    )
    assert stored.value in printed.replace(" ", "") or stored.value in printed
    assert stored.box_unit == page.unit

    save_review(runtime, document_id=corrected, actor="alice", fields={"invoice_number": "NOT-PRINTED-1"})
    unprinted = _field(runtime, corrected, "invoice_number")
    assert unprinted.page is None and unprinted.box is None  # no box rather than one on other words
