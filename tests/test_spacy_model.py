"""The shipped pipeline on invoices it was not trained on (seeds outside its training range)."""

from __future__ import annotations

import io
import time

import pdfplumber

from capture.text_layer import read_text_layer
from extraction import extract_fields
from extraction.layout import build_layout
from extraction.spacy.predict import load_pipeline, predict_entities
from samples.generator.generate import generate_one

UNSEEN_SEEDS = [900001, 900002, 900003, 900004, 900005]  # training used 500000-500499


def _pages(seed: int):
    invoice = generate_one(seed, split="train", kind="pdf")
    with pdfplumber.open(io.BytesIO(invoice.data)) as pdf:
        pages = [read_text_layer(pdf, n) for n in range(1, len(pdf.pages) + 1)]
    return pages, invoice.truth["fields"]


def _predicted_text(layout, label: str) -> list[str]:
    return [layout.rows[s.row].text(s.start, s.end) for s in predict_entities(layout) if s.label == label]


def test_shipped_model_finds_the_vendor_on_unseen_invoices():
    found = 0
    for seed in UNSEEN_SEEDS:
        pages, truth = _pages(seed)
        found += truth["vendor_name"] in _predicted_text(build_layout(pages), "VENDOR")
    assert found >= 4


def test_model_is_loaded_once_and_runs_fast():
    pages, _ = _pages(UNSEEN_SEEDS[0])
    layout = build_layout(pages)
    predict_entities(layout)
    assert load_pipeline() is not None and load_pipeline() is load_pipeline()
    started = time.perf_counter()
    predict_entities(layout)
    assert time.perf_counter() - started < 0.5  # budget 50 ms a page; generous for a shared CI core


def test_extraction_runs_with_and_without_the_model():
    pages, truth = _pages(UNSEEN_SEEDS[1])
    with_model = extract_fields(pages).fields
    without_model = extract_fields(pages, use_ner=False).fields
    assert with_model["vendor_name"].value == truth["vendor_name"]
    assert "vendor_name" in without_model
