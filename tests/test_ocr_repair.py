"""OCR look-alike repairs of IBANs, VAT numbers and BICs, taken only when a checksum or the bank registry
confirms exactly one reading."""

from __future__ import annotations

import pytest

from extraction.candidates import find_candidates
from extraction.layout import build_layout
from extraction.ocr_repair import repair_bic, repair_iban, repair_vat
from tests.extraction_fixtures import page


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("DEOS 7535 1960 0057 3774 00", "DE05753519600057377400"),  # O for 0 and S for 5 among digits
        ("NL59 BUNG 1703 1927 09", "NL59BUNQ1703192709"),  # G for Q in the bank code
        ("GB49 LLDC 7114 5437 0704 46", "GB49LLDC71145437070446"),  # printed right: nothing to change
    ],
)
def test_an_iban_is_repaired_when_its_check_digits_confirm_it(printed, value):
    repaired = repair_iban(printed)
    assert repaired is not None and repaired.value == value


def test_an_iban_with_a_misread_digit_is_not_guessed():
    # Two digits read wrong: no look-alike reading passes mod 97, so nothing is made up.
    assert repair_iban("FR76 3000 4985 3621 2677 5029 028") is None
    assert repair_iban("DE05 7535 1960") is None  # too short for a German IBAN


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("FRO2649750940", "FR02649750940"),  # O for 0 after the country
        ("NL156084910801", "NL156084910B01"),  # 8 for the B of a Dutch VAT number
        ("PR63826251449", "FR63826251449"),  # the country letters themselves misread
    ],
)
def test_a_vat_number_is_repaired_when_its_checksum_confirms_it(printed, value):
    repaired = repair_vat(printed)
    assert repaired is not None and (repaired.value, repaired.changes) == (value, 1)


def test_a_valid_vat_number_is_left_as_read_and_an_invalid_one_is_not_forced():
    assert repair_vat("DE557869085") == repair_vat("DE 557 869 085")
    assert repair_vat("DE557869085").changes == 0
    assert repair_vat("DE557869084") is None


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("GENODEFIBOG", "GENODEF1BOG"),
        ("BUNONL2A", "BUNQNL2A"),
        ("UBSWCHZHB0A", "UBSWCHZH80A"),
        ("NOLADEZIRUE", "NOLADE21RUE"),
        ("BYLADEMI1ESB", "BYLADEM1ESB"),  # one character too many
    ],
)
def test_a_bic_is_repaired_to_the_one_the_bank_registry_knows(printed, value):
    repaired = repair_bic(printed)
    assert repaired is not None and repaired.value == value


def test_a_word_that_no_registered_bic_resembles_stays_unrepaired():
    assert repair_bic("RECHNUNG") is None
    assert repair_bic("INVOICES") is None


def _candidates(text: str, *, confidence: float = 0.9, space: float = 0.3):
    scan = page([(100, [(50, text)])], unit="px", confidence=confidence, scale=300 / 72, space=space)
    layout = build_layout([scan])
    return find_candidates(layout, "dmy")[0]


def test_a_repaired_iban_becomes_a_candidate_that_is_surer_than_its_ocr_words():
    found = [c for c in _candidates("IBAN: DEOS 7535 1960 0057 3774 00", confidence=0.2) if c.kind == "iban"]
    assert [c.value for c in found] == ["DE05753519600057377400"]
    assert found[0].clean < 1.0  # a repair is a little less sure than a clean reading
    assert found[0].confidence > 0.6  # but the check digits vouch for it more than OCR's 0.2 does


def test_the_groups_of_an_iban_may_sit_wider_apart_than_words_of_other_values():
    found = [c.value for c in _candidates("IBAN: GB49 LLDC 7114 5437 0704 46", space=1.3) if c.kind == "iban"]
    assert found == ["GB49LLDC71145437070446"]


def test_a_bic_split_before_its_branch_code_is_read_as_one():
    found = [c.value for c in _candidates("BIC: NOLADEZI RUE") if c.kind == "bic"]
    assert found == ["NOLADE21RUE"]


def test_a_vat_number_keeps_no_trailing_full_stop():
    found = [c.value for c in _candidates("VAT No: GB 506 9661 29 .") if c.kind == "vat"]
    assert found == ["GB506966129"]
