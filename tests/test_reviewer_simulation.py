"""The reviewer simulation on a few PDF invoices (no OCR): its counts add up, a lesson in the store is
recalled and counted, and a newer lesson of a field replaces the older one."""

from __future__ import annotations

import pytest

from capture.pipeline import PipelineOptions
from extraction.memory import VendorKeys, vendor_keys
from models.extraction import HEADER_FIELDS
from samples.generator.vendors import vendor
from samples.reviewer_simulation import (
    DEFAULT_SEED,
    Invoice,
    LessonStore,
    SimulationResult,
    format_report,
    invoice_kind,
    make_invoice,
    parse_vendors,
    simulate,
    simulate_vendor,
)

OPTIONS = PipelineOptions()
VENDOR = 100


@pytest.fixture(scope="module")
def first_invoice() -> Invoice:
    return make_invoice(vendor("train", VENDOR), 0, "pdf", DEFAULT_SEED, OPTIONS)


def _final(invoice: Invoice) -> dict[str, str | None]:
    return {name: invoice.truth.get(name) for name in HEADER_FIELDS}


def test_counts_are_consistent():
    result = simulate([100, 101], per_vendor=2, kind="pdf", options=OPTIONS)

    for run in (result.base, result.memory):
        assert run.documents == 2  # the second invoice of each vendor
        assert 0 <= run.all_right <= run.documents
        assert 0 <= run.wrong_auto_approved <= run.auto_approved <= run.documents
    # Both runs are scored against the same truth: the same fields, with as many values to find.
    assert result.base.fields.keys() == result.memory.fields.keys()
    for name, base in result.base.fields.items():
        memory = result.memory.fields[name]
        assert base.tp + base.fn == memory.tp + memory.fn, name
    assert result.lessons_learned <= result.corrections
    report = format_report(result)
    assert "2 train vendors (100..101)" in report
    assert f"all fields right {result.memory.all_right}/2" in report
    data = result.to_json()
    assert data["memory"]["documents"] == 2
    assert data["base"]["header_micro_f1"] == round(result.base.micro_f1(), 4)


@pytest.mark.parametrize("name", ["vendor_name", "invoice_number"])
def test_a_stored_lesson_is_recalled_and_counted(first_invoice: Invoice, name: str):
    store = LessonStore()
    lesson = store.remember(
        name, first_invoice.truth[name], first_invoice.pages, _final(first_invoice), document_id=1
    )
    assert lesson is not None
    result = SimulationResult(kind="pdf", vendors=[VENDOR], per_vendor=2, seed=DEFAULT_SEED)

    # The vendor's first invoice is the one the lesson came from; its second reads the field again.
    simulate_vendor(result, VENDOR, OPTIONS, store=store)

    assert result.recalled_right[name] == 1
    assert result.recalled_wrong[name] == 0
    assert f"{name:<16}    1 / 0" in format_report(result)


def test_a_newer_lesson_replaces_the_older(first_invoice: Invoice):
    store = LessonStore()
    final = _final(first_invoice)
    for document_id in (1, 2):
        store.remember(
            "invoice_number", final["invoice_number"], first_invoice.pages, final, document_id=document_id
        )

    assert len(store) == 1
    assert [lesson.document_id for lesson in store.lessons_for(vendor_keys(final))] == [2]
    assert store.lessons_for(VendorKeys(vat="XX000", iban="XX000", name="someone else")) == []


def test_mixed_runs_start_with_a_pdf():
    assert [invoice_kind("mixed", position) for position in range(3)] == ["pdf", "scan", "scan"]
    assert [invoice_kind("pdf", position) for position in range(3)] == ["pdf", "pdf", "pdf"]
    assert parse_vendors("100:103") == [100, 101, 102]
