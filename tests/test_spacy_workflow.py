"""The spaCy training workflow end to end on a tiny generated corpus, and its conversion rules."""

from __future__ import annotations

import json

import spacy

from extraction.spacy.corpus import entities_from_truth, examples
from extraction.spacy.train import train_model


def test_workflow_trains_saves_and_loads_a_pipeline(tmp_path):
    out = tmp_path / "model"
    scores = train_model(out, count=5, seed=500000, max_steps=2)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"VENDOR", "BUYER", "ADDRESS"}
    assert json.loads((out / "scores.json").read_text())["train_docs"] == scores["train_docs"] >= 1


def test_generated_invoices_become_examples_with_truth_entities():
    example = next(examples([500000]))
    marked = {label: example.text[a:b] for a, b, label in example.entities}
    assert marked["VENDOR"] == "Johnson & Robinson LLP"
    assert marked["ADDRESS"] == "5 Mill Lane\nReading\nRG3 2SR"


def test_documents_with_a_party_missing_from_the_text_are_skipped():
    text = "Acme GmbH\nHauptstr. 1\n10115 Berlin\nBill to\nGlobex Ltd\n"
    fields = {"vendor_name": "Acme GmbH", "buyer_name": "Globex Ltd", "vendor_address": "Hauptstr. 1"}
    assert [label for _, _, label in entities_from_truth(text, fields)] == ["VENDOR", "ADDRESS", "BUYER"]
    assert entities_from_truth(text, fields | {"buyer_name": "Initech Inc."}) is None
