"""Training data from the generator: TRAIN-split PDFs, their text layer, entities from the truth."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import pdfplumber

from capture.text_layer import read_text_layer
from extraction.layout import build_layout
from extraction.spacy.text import layout_text
from samples.generator.generate import generate_one

# truth field -> entity label
LABELS = {"vendor_name": "VENDOR", "buyer_name": "BUYER", "vendor_address": "ADDRESS"}


@dataclass(frozen=True)
class Example:
    text: str
    entities: tuple[tuple[int, int, str], ...]  # (start char, end char, label)


def invoice_text(pdf_bytes: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = [read_text_layer(pdf, number) for number in range(1, len(pdf.pages) + 1)]
    return layout_text(build_layout(pages)).text


def entities_from_truth(text: str, fields: dict) -> tuple[tuple[int, int, str], ...] | None:
    """Each truth value's first exact occurrence; None when one is missing or they overlap, because a
    document with an unmarked party would teach the model that the party is no entity."""
    found = []
    for field, label in LABELS.items():
        value = fields.get(field)
        if not value:
            continue
        start = text.find(value)
        if start < 0:
            return None
        found.append((start, start + len(value), label))
    found.sort()
    if any(a[1] > b[0] for a, b in pairwise(found)):
        return None
    return tuple(found)


def examples(seeds: Iterable[int]) -> Iterator[Example]:
    """Generated TRAIN-split PDF invoices whose parties can be located exactly in their text."""
    for seed in seeds:
        invoice = generate_one(seed, split="train", kind="pdf")
        text = invoice_text(invoice.data)
        entities = entities_from_truth(text, invoice.truth["fields"])
        if entities is not None:
            yield Example(text, entities)
