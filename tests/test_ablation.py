"""The cleanup ablation compares like with like: each step flipped alone, words scored against the PDF."""

from __future__ import annotations

import dataclasses

from capture.cleanup import DEFAULT_CLEANUP
from models.pagetext import PageText, Word
from samples.ablation import (
    CaseResult,
    format_table,
    key_fields_right,
    normalised_words,
    reference_words,
    summarise,
    variants,
    word_recall,
)
from samples.generator.generate import generate_one


def _page(*texts: str) -> PageText:
    words = tuple(Word(text=text, box=(0, 0, 10, 10), confidence=0.9) for text in texts)
    return PageText(page=1, width=100, height=100, unit="px", source="ocr", words=words)


def test_each_variant_differs_from_the_defaults_in_one_step_only() -> None:
    rows = variants()
    assert rows[0].cleanup == DEFAULT_CLEANUP
    default_fields = dataclasses.asdict(DEFAULT_CLEANUP)
    for row in rows[1:-1]:
        changed = {k for k, v in dataclasses.asdict(row.cleanup).items() if v != default_fields[k]}
        assert len(changed) == 1, row.name
    assert not rows[-1].cleanup.perspective and not rows[-1].cleanup.flatten_light  # "all off"


def test_word_accuracy_ignores_case_and_edge_punctuation_and_counts_repeats() -> None:
    expected = normalised_words([_page("Invoice", "Total:", "EUR", "EUR", "(net)")])
    found = normalised_words([_page("INVOICE", "total", "EUR", "net", "garbage")])
    assert word_recall(found, expected) == (4, 5)  # one of the two "EUR" missed


def test_key_field_recall_scores_only_fields_the_truth_has() -> None:
    truth = {"fields": {"invoice_number": "INV-1", "total": "10.00", "due_date": None, "vendor_name": "X"}}
    result = {"fields": {"invoice_number": "inv-1", "total": "11.00", "vendor_name": "Y"}}
    assert key_fields_right(result, truth) == (1, 2)


def test_reference_words_come_from_the_born_digital_twin_of_a_photo() -> None:
    photo = generate_one(7101, split="train", kind="photo")
    reference = reference_words(photo.truth)
    assert photo.truth["fields"]["invoice_number"].casefold() in reference


def test_table_has_one_row_per_variant_with_both_scores_and_time() -> None:
    row = summarise("defaults", [CaseResult(8, 10, 3, 4, 2.0), CaseResult(2, 10, 1, 4, 4.0)])
    assert (row.word_accuracy, row.key_field_recall, row.seconds_per_page) == (0.5, 0.5, 3.0)
    assert format_table([row]).splitlines()[-1].split() == ["defaults", "0.500", "0.500", "3.00"]
