"""Each scoring rule of fields.md, with a test that fails if the rule were broken."""

from __future__ import annotations

import pytest

from samples.scoring import Counts, score_document, score_field, score_lines, summarise


def _doc(fields: dict, lines: list | None = None, auto: bool = False) -> dict:
    result = {"fields": fields, "route": {"auto_approve": auto}}
    if lines is not None:
        result["lines"] = lines
    return result


def test_a_field_missing_from_the_truth_is_not_scored():
    assert score_field("purchase_order", "PO-1", {"total": "1.00"}) is None
    score = score_document(_doc({"purchase_order": "PO-1", "total": "1.00"}), _doc({"total": "1.00"}))
    assert set(score.fields) == {"total"} and score.all_header_right


def test_a_value_where_the_truth_is_null_is_a_false_positive():
    assert score_field("purchase_order", "PO-7", {"purchase_order": None}) == Counts(fp=1)
    assert score_field("purchase_order", None, {"purchase_order": None}) == Counts()


def test_a_wrong_value_is_a_false_positive_and_a_miss():
    assert score_field("invoice_number", "INV-2", {"invoice_number": "INV-1"}) == Counts(fp=1, fn=1)
    assert score_field("invoice_number", None, {"invoice_number": "INV-1"}) == Counts(fn=1)


@pytest.mark.parametrize(
    ("name", "predicted", "truth", "right"),
    [
        ("issue_date", "2026-03-01", "2026-03-01", True),
        ("issue_date", "2026-03-02", "2026-03-01", False),
        ("issue_date", "01/03/2026", "2026-03-01", False),  # results carry ISO dates
        ("total", "1190.0", "1190.00", True),
        ("total", "1190", "1190.00", True),
        ("total", "1190.01", "1190.00", False),
        ("total_tax", "-19.00", "-19", True),
    ],
)
def test_dates_and_decimals_compare_by_value(name, predicted, truth, right):
    assert (score_field(name, predicted, {name: truth}) == Counts(tp=1)) is right


@pytest.mark.parametrize(
    ("name", "predicted", "truth", "right"),
    [
        ("invoice_number", "inv-0042", "INV-0042", True),
        ("invoice_number", "INV 0042", "INV-0042", False),  # dashes are kept, only spaces go
        ("vendor_iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000", True),
        ("vendor_vat_id", "DE 123456789", "DE123456789", True),
        ("purchase_order", "PO-12", "PO-13", False),
    ],
)
def test_identifiers_compare_without_white_space_and_case(name, predicted, truth, right):
    assert (score_field(name, predicted, {name: truth}) == Counts(tp=1)) is right


@pytest.mark.parametrize(
    ("predicted", "truth", "right"),
    [
        ("ACME  GmbH.", "Acme GmbH", True),  # case, punctuation, white space
        ("Müller & Söhne KG", "müller söhne kg", True),
        ("Acme GmbH", "Acme GmbH Berlin", True),  # token-set similarity ≥ 0.9
        ("Acme GmbH", "Apex GmbH", False),
        ("Azure Interior", "Azure Interiors", True),
        ("Northwind Traders", "Contoso Ltd", False),
    ],
)
def test_names_compare_normalised_or_by_token_set_similarity(predicted, truth, right):
    assert (score_field("vendor_name", predicted, {"vendor_name": truth}) == Counts(tp=1)) is right


def test_addresses_compare_normalised_but_not_fuzzily():
    truth = {"vendor_address": "Hauptstr. 1\n10115 Berlin"}
    assert score_field("vendor_address", "HAUPTSTR 1 10115 berlin", truth) == Counts(tp=1)
    assert score_field("vendor_address", "Hauptstr. 1\n10117 Berlin", truth) == Counts(fp=1, fn=1)


def test_lines_match_on_amount_quantity_and_similar_description():
    truth = [
        {"description": "Widget, blue", "quantity": "10", "amount": "1000.00"},
        {"description": "Consulting hours", "quantity": "2.5", "amount": "250.00"},
    ]
    predicted = [
        {"description": "widget blue", "quantity": "10.0", "amount": "1000"},  # match
        {"description": "Consulting hours", "quantity": "2", "amount": "250.00"},  # quantity differs
        {"description": "Freight", "quantity": "1", "amount": "25.00"},  # not in the truth
    ]
    assert score_lines(predicted, truth) == Counts(tp=1, fp=2, fn=1)


def test_a_line_with_a_dissimilar_description_does_not_match():
    truth = [{"description": "Office chair ergonomic", "quantity": "1", "amount": "70.00"}]
    assert score_lines([{"description": "Desk lamp", "quantity": "1", "amount": "70.00"}], truth).tp == 0


def test_each_true_line_is_matched_once():
    truth = [{"description": "Bolt", "quantity": "1", "amount": "2.00"}]
    predicted = [dict(truth[0]), dict(truth[0])]
    assert score_lines(predicted, truth) == Counts(tp=1, fp=1)


def test_summary_micro_f1_all_right_share_and_routing():
    truth = _doc({"invoice_number": "A1", "total": "10.00", "purchase_order": None}, lines=[])
    right = _doc({"invoice_number": "A1", "total": "10"}, lines=[], auto=True)
    wrong_auto = _doc({"invoice_number": "A2", "total": "10"}, lines=[], auto=True)
    review = _doc({"invoice_number": "A1", "total": "10", "purchase_order": "X"}, lines=[])
    summary = summarise(score_document(r, truth) for r in (right, wrong_auto, review))
    # header: tp = 2 + 1 + 2 = 5, fp = 0 + 1 + 1 = 2, fn = 0 + 1 + 0 = 1
    assert (summary.header.tp, summary.header.fp, summary.header.fn) == (5, 2, 1)
    assert summary.header.f1 == pytest.approx(2 * (5 / 7) * (5 / 6) / ((5 / 7) + (5 / 6)))
    assert summary.share_all_right == pytest.approx(1 / 3)
    assert summary.straight_through_rate == pytest.approx(2 / 3)
    assert summary.wrong_auto_approval_rate == pytest.approx(1 / 2)
    assert summary.per_field["purchase_order"] == Counts(fp=1)
