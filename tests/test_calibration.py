"""Calibrated confidence: monotone in the raw score, low where the fit data was often wrong, and the
pipeline keeps working (on raw scores, with a warning) when no table is shipped."""

from __future__ import annotations

import json
import logging

from extraction.calibration import (
    DEFAULT_PATH,
    Calibration,
    Observation,
    calibrate,
    fit,
    group_of,
    load_calibration,
)
from models.extraction import Evidence, Extraction, FieldValue


def observations(group: str, raw: float, right: int, wrong: int) -> list[Observation]:
    return [Observation(group, raw, True)] * right + [Observation(group, raw, False)] * wrong


def field(value: str, confidence: float, unit: str = "pt") -> FieldValue:
    return FieldValue(value, confidence, Evidence(1, (0.0, 0.0, 1.0, 1.0), unit))


def test_calibrated_scores_never_fall_as_the_raw_score_rises():
    # more right at a middle score than at a high one: the table must still not go down
    data = observations("total|pt|en", 0.55, 50, 0) + observations("total|pt|en", 0.95, 30, 10)
    data += observations("total|pt|en", 0.2, 2, 8)
    table = fit(data)
    scores = [table.probability("total|pt|en", raw / 100) for raw in range(0, 101)]
    assert scores == sorted(scores)
    assert scores[20] < 0.5


def test_a_field_group_often_wrong_gets_low_confidence_and_a_reliable_one_high():
    data = observations("payment_terms|pt|en", 0.92, 60, 40) + observations("total|pt|en", 0.92, 200, 0)
    table = fit(data)
    assert table.probability("payment_terms|pt|en", 0.92) < 0.7
    assert table.probability("total|pt|en", 0.92) > 0.97


def test_a_sparse_bin_does_not_jump_to_certainty():
    table = fit(
        observations("vendor_name|pt|en", 0.5, 60, 40) + observations("vendor_name|pt|en", 0.99, 2, 0)
    )
    assert table.probability("vendor_name|pt|en", 0.99) < 0.9


def test_text_layer_and_ocr_are_calibrated_apart():
    table = fit(observations("total|pt|en", 0.8, 100, 0) + observations("total|px|en", 0.8, 50, 50))
    raw = Extraction(fields={"total": field("119.00", 0.8, "px")})
    assert calibrate(raw, table).fields["total"].confidence < 0.6
    raw = Extraction(fields={"total": field("119.00", 0.8, "pt")})
    assert calibrate(raw, table).fields["total"].confidence > 0.95


def test_a_field_the_table_does_not_know_keeps_its_raw_score():
    table = fit(observations("total|pt|en", 0.8, 100, 0))
    raw = Extraction(fields={"buyer_name": field("Fennick Retail Ltd", 0.42)})
    assert calibrate(raw, table).fields["buyer_name"].confidence == 0.42


def test_the_table_round_trips_through_json(tmp_path):
    table = fit(observations("total|pt|en", 0.8, 10, 1))
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(table.to_json()))
    loaded = load_calibration(path)
    assert loaded is not None
    assert loaded.probability("total|pt|en", 0.8) == round(table.probability("total|pt|en", 0.8), 4)


def test_without_a_table_raw_scores_are_kept_and_a_warning_is_logged(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="extraction.calibration"):
        table = load_calibration(tmp_path / "missing.json")
    assert table is None
    assert "no calibration table" in caplog.text
    raw = Extraction(fields={"total": field("119.00", 0.8)})
    assert calibrate(raw, table) == raw


def test_the_shipped_table_loads_and_covers_the_required_fields():
    table = load_calibration(DEFAULT_PATH)
    assert isinstance(table, Calibration)
    for name in ("invoice_number", "issue_date", "vendor_name", "currency", "total"):
        assert f"{name}|pt" in table.groups


def test_a_language_where_the_field_goes_wrong_is_calibrated_lower():
    data = observations("payment_terms|pt|fr", 0.92, 20, 20) + observations(
        "payment_terms|pt|en", 0.92, 200, 0
    )
    table = fit(data)
    french = Extraction(fields={"payment_terms": field("Règlement à 10 jours", 0.92)}, language="fr")
    english = Extraction(fields={"payment_terms": field("Net 30 days", 0.92)}, language="en")
    assert calibrate(french, table).fields["payment_terms"].confidence < 0.7
    assert calibrate(english, table).fields["payment_terms"].confidence > 0.95
    # a language the fit set did not have falls back to the field and source
    dutch = Extraction(fields={"payment_terms": field("30 dagen netto", 0.92)}, language="nl")
    assert 0.7 < calibrate(dutch, table).fields["payment_terms"].confidence < 0.95


def test_a_one_line_address_is_calibrated_apart_from_a_full_one():
    data = observations("vendor_address/one-line|pt|de", 0.92, 5, 20)
    data += observations("vendor_address|pt|de", 0.92, 200, 1)
    table = fit(data)
    street_only = Extraction(fields={"vendor_address": field("Am Hafen 79", 0.92)}, language="de")
    full = Extraction(fields={"vendor_address": field("Am Hafen 79\n20457 Hamburg", 0.92)}, language="de")
    assert calibrate(street_only, table).fields["vendor_address"].confidence < 0.5
    assert calibrate(full, table).fields["vendor_address"].confidence > 0.97


def test_the_evaluation_reports_count_and_share_right_per_confidence_bucket():
    from samples.evaluate import CalibrationTable, format_calibration

    table = CalibrationTable()
    truth = {"fields": {"total": "119.00", "buyer_name": "Fennick Retail Ltd"}}
    table.add(
        {
            "fields": {"total": "119.0", "buyer_name": "Accounts Payable"},
            "confidence": {"total": 0.97, "buyer_name": 0.92},
        },
        truth,
    )
    table.add({"fields": {"total": "191.00"}, "confidence": {"total": 0.4}}, truth)
    numbers = table.to_json()
    assert numbers["all"]["[0.95,1.00]"] == {"count": 1, "share_right": 1.0}
    assert numbers["buyer_name"]["[0.90,0.95)"] == {"count": 1, "share_right": 0.0}
    assert numbers["total"]["[0.00,0.50)"] == {"count": 1, "share_right": 0.0}
    report = "\n".join(format_calibration(table))
    assert "[0.90,0.95)" in report and "buyer_name" in report


def dated(value: str, printed: str, confidence: float = 0.9, unit: str = "pt") -> FieldValue:
    return FieldValue(value, confidence, Evidence(1, (0.0, 0.0, 1.0, 1.0), unit, printed))


def test_a_date_whose_day_and_month_could_be_swapped_is_its_own_group_unless_the_page_settles_it():
    guessed = {"date_order": "mdy", "date_order_reason": "USD and English"}
    settled = {"date_order": "dmy", "date_order_reason": "unambiguous date"}
    ambiguous = dated("2026-06-02", "06/02/2026")
    assert group_of("issue_date", ambiguous, "en", guessed) == "issue_date/ambiguous|pt|en"
    assert group_of("issue_date", ambiguous, "en", settled) == "issue_date|pt|en"
    assert group_of("issue_date", dated("2023-12-31", "31/12/2023"), "en", guessed) == "issue_date|pt|en"
    assert group_of("due_date", dated("2026-06-06", "06/06/2026"), "en", guessed) == "due_date|pt|en"


def test_an_address_led_by_a_word_in_capitals_is_its_own_group():
    assert group_of("vendor_address", field("KOMPAS Marktplein 227\n6525 WW Nijmegen", 0.8), "nl") == (
        "vendor_address/stray-lead|pt|nl"
    )
    assert group_of("vendor_address", field("KG\nHafenstraße 90a\n86164 Augsburg", 0.9), "de") == (
        "vendor_address/stray-lead|pt|de"
    )
    assert group_of("vendor_address", field("12 HIGH STREET\nLONDON", 0.9), "en") == "vendor_address|pt|en"


def test_a_value_only_the_model_voted_for_is_its_own_group():
    by_model = FieldValue("Acme GmbH", 0.9, Evidence(1, (0.0, 0.0, 1.0, 1.0), "pt"), basis="model")
    assert group_of("vendor_name", by_model, "de") == "vendor_name/model|pt|de"
    assert group_of("vendor_name", field("Acme GmbH", 0.9), "de") == "vendor_name|pt|de"


def test_ocr_groups_are_smoothed_towards_ocr_not_towards_the_text_layer():
    # a sparse OCR group must not borrow the near-perfect text layer's rate
    data = observations("total|pt|en", 0.95, 2000, 0) + observations("iban|px|en", 0.95, 60, 20)
    data += observations("vendor_bic|px|en", 0.95, 3, 0)
    table = fit(data)
    assert table.probability("vendor_bic|px|en", 0.95) < 0.9


def test_a_sparse_bin_of_low_raw_scores_stays_low_but_plenty_of_right_values_lift_it():
    sparse = fit(
        observations("invoice_number|pt|nl", 0.99, 300, 0) + observations("invoice_number|pt|nl", 0.38, 1, 0)
    )
    assert sparse.probability("invoice_number|pt|nl", 0.38) < 0.65
    plenty = fit(observations("buyer_name|pt|en", 0.6, 80, 0) + observations("buyer_name|pt|en", 0.9, 300, 0))
    assert plenty.probability("buyer_name|pt|en", 0.6) > 0.95


def test_a_bin_without_data_never_gets_more_than_the_measured_bin_below_it():
    data = observations("total_tax|px|de", 0.55, 30, 10) + observations("total_tax|px|de", 0.99, 200, 0)
    table = fit(data)
    assert table.probability("total_tax|px|de", 0.8) == table.probability("total_tax|px|de", 0.55)
    assert table.probability("total_tax|px|de", 0.8) < 0.9


def test_a_language_without_data_in_a_bin_takes_the_parents_value_for_that_bin():
    data = observations("buyer_name|pt|en", 0.6, 80, 0) + observations("buyer_name|pt|nl", 0.9, 80, 0)
    table = fit(data)
    assert table.probability("buyer_name|pt|nl", 0.6) > 0.9


def test_a_short_bare_number_as_invoice_or_order_number_is_its_own_group_and_unseen_keeps_its_raw_score():
    short = field("6811", 0.385)
    assert group_of("invoice_number", short, "nl") == "invoice_number/short-number|pt|nl"
    assert group_of("purchase_order", field("4500566662", 0.9), "en") == "purchase_order|pt|en"
    assert group_of("invoice_number", field("R-6811", 0.9), "en") == "invoice_number|pt|en"
    table = fit(observations("invoice_number|pt|nl", 0.385, 100, 0))
    raw = Extraction(fields={"invoice_number": short}, language="nl")
    assert calibrate(raw, table).fields["invoice_number"].confidence == 0.385
