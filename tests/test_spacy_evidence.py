"""How the model's entities enter the choice of parties (the model replaced by fixed predictions)."""

from __future__ import annotations

import pytest

import extraction.parties
from extraction import extract_fields
from extraction.spacy.text import RowSpan
from tests.extraction_fixtures import page

# The sender's address printed beside its name, not under it: the layout alone gives no address.
ROWS = [
    (40, [(50, "Nordwind Handel GmbH"), (380, "Hafenstraße 12")]),
    (54, [(380, "20457 Hamburg")]),
    (120, [(50, "Rechnung Nr. 4711")]),
]
PREDICTED = [RowSpan("VENDOR", 0, 0, 3), RowSpan("ADDRESS", 0, 3, 5), RowSpan("ADDRESS", 1, 0, 2)]


@pytest.fixture
def fixed_predictions(monkeypatch):
    monkeypatch.setattr(extraction.parties, "predict_entities", lambda layout: PREDICTED)


def test_model_address_fills_in_what_the_layout_does_not_give(fixed_predictions):
    fields = extract_fields([page(ROWS)]).fields
    assert fields["vendor_name"].value == "Nordwind Handel GmbH"
    assert fields["vendor_address"].value == "Hafenstraße 12\n20457 Hamburg"


def test_switched_off_model_adds_nothing(fixed_predictions):
    fields = extract_fields([page(ROWS)], use_ner=False).fields
    assert fields["vendor_name"].value == "Nordwind Handel GmbH"
    assert "vendor_address" not in fields


def test_model_vote_raises_vendor_confidence(fixed_predictions):
    with_vote = extract_fields([page(ROWS)]).fields["vendor_name"].confidence
    without_vote = extract_fields([page(ROWS)], use_ner=False).fields["vendor_name"].confidence
    assert with_vote > without_vote
