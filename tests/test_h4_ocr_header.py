"""Header fields read from OCR'd pages despite misread characters, lost labels and skewed word boxes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extraction.bank_details import bic_of_iban, confirm_bics
from extraction.candidates import find_candidates
from extraction.extract import extract_fields
from extraction.invoice_numbers import self_labelled_invoice_number
from extraction.labels import find_labels
from extraction.layout import build_layout
from extraction.ocr_repair import repair_iban, repair_vat
from extraction.parties_text import is_contact_line, repair_postcode_line
from extraction.tax_ids import unlabelled_vendor_vat, written_vat
from tests.extraction_fixtures import page

_SCALE = 300 / 72


def _scan(rows, confidence: float = 0.9):
    return page(rows, unit="px", confidence=confidence, scale=_SCALE)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("PR76 1170 6178 4157 0296 3662 106", "FR7611706178415702963662106"),  # country letters misread
        ("DEAS 5408 0021 4246 2382 71", "DE48540800214246238271"),  # A for 4, S for 8 in the check digits
        ("NLSS BUUT 6513 9849 69", "NL88BUUT6513984969"),  # S may be a 5 or an 8: the check digits say 8
        ("FR76 2004 1790 9679 0372 S181 545", "FR7620041790967903725181545"),  # S among account digits
    ],
)
def test_an_iban_is_repaired_when_exactly_one_look_alike_reading_passes_its_check(printed, value):
    repaired = repair_iban(printed)
    assert repaired is not None and repaired.value == value


def test_an_iban_with_a_digit_misread_as_another_digit_is_still_not_guessed():
    assert repair_iban("CH17 3188 1229 1423 2203 5") is None  # 9 read as 0: no look-alike undoes that


def test_a_dutch_vat_number_gets_back_the_b_its_format_fixes():
    repaired = repair_vat("NL447199547601")
    assert repaired is not None and repaired.value == "NL447199547B01"


def test_a_swiss_uid_is_written_with_its_dots_whatever_ocr_made_of_them():
    assert written_vat("CHE-709527458MWST") == "CHE-709.527.458MWST"
    assert written_vat("CHE709527458") == "CHE-709.527.458"
    assert written_vat("DE123456789") == "DE123456789"


def test_the_bank_registry_gives_the_bic_of_an_ibans_bank_code():
    assert bic_of_iban("DE14370800879693839929") == "DRESDEFFI96"
    assert bic_of_iban("not an iban") is None


def _confirmed_bics(rows) -> list[str]:
    layout = build_layout([_scan(rows)])
    candidates = confirm_bics(layout, find_candidates(layout, "dmy"))
    return [c.value for found in candidates.values() for c in found if c.kind == "bic"]


def test_a_misread_bic_is_read_as_the_bic_of_the_iban_printed_with_it():
    # "DRESDEFFI56" is registered too, so the registry alone would take the misread "S" for a 5.
    rows = [(100, [(50, "IBAN: DE14 3708 0087 9693 8399 29")]), (115, [(50, "BIC: DRESDEFFIS6")])]
    assert _confirmed_bics(rows) == ["DRESDEFFI96"]


def test_a_head_office_branch_misread_as_other_letters_is_read_as_xxx():
    rows = [(100, [(50, "IBAN: CH24 8000 0867 6354 5196 8")]), (115, [(50, "BIC: RAIFCH22 KKK")])]
    assert _confirmed_bics(rows) == ["RAIFCH22XXX"]


def test_a_bic_of_another_bank_is_not_made_to_agree_with_the_iban():
    rows = [(100, [(50, "IBAN: DE14 3708 0087 9693 8399 29")]), (115, [(50, "BIC: COBADEFFXXX")])]
    assert _confirmed_bics(rows) == ["COBADEFFXXX"]


def _unlabelled_vat(rows) -> list[str]:
    layout = build_layout([_scan(rows)])
    links = unlabelled_vendor_vat(layout, find_labels(layout), find_candidates(layout, "dmy"))
    return [link.candidate.value for link in links]


def test_a_checksum_valid_vat_number_behind_an_unreadable_label_is_the_vendors():
    assert _unlabelled_vat([(700, [(50, "Spree AG"), (300, "USHD: DE214620281")])]) == ["DE214620281"]


def test_the_buyers_vat_number_and_two_unlabelled_numbers_are_not_taken_for_the_vendors():
    assert _unlabelled_vat([(200, [(50, "Ihre USt-10Nr.: DE214620281")])]) == []
    two = [(700, [(50, "USHD: DE214620281")]), (720, [(50, "USL-I0Nr.: DE675822524")])]
    assert _unlabelled_vat(two) == []


def test_a_skewed_letterhead_keeps_its_address_under_the_name():
    # The name's words are tall (a larger type and a descender); the street's digits and capitals are low.
    name = page([(100, [(400, "Crown Group plc")])], unit="px", confidence=0.95, scale=_SCALE, size=14)
    street = page(
        [(118, [(400, "178 Commercial Road")]), (128, [(400, "Oxford")]), (138, [(400, "OX4 6RF")])],
        unit="px",
        confidence=0.95,
        scale=_SCALE,
        size=8,
    )
    lines_below = tuple(replace(word, line=word.line + 1) for word in street.words)
    merged = replace(name, words=name.words + lines_below)
    fields = extract_fields([merged], use_ner=False).fields
    assert fields["vendor_name"].value == "Crown Group plc"
    assert fields["vendor_address"].value == "178 Commercial Road\nOxford\nOX4 6RF"


def test_a_stamp_across_the_letterhead_is_nobodys_name():
    rows = [
        (40, [(50, "BEZAHLT")]),
        (60, [(50, "Spree AG")]),
        (74, [(50, "Bahnhofstraße 56")]),
        (88, [(50, "93058 Regensburg")]),
        (400, [(380, "Gesamtbetrag"), (480, "€ 119,00")]),
    ]
    names = extract_fields([_scan(rows)], use_ner=False).fields
    assert names["vendor_name"].value == "Spree AG"


def test_the_vendors_return_line_misread_is_not_taken_for_the_buyer():
    # No buyer label: the block under the sender's return line is the buyer's, and the return line's
    # "Bernand & Fils" is the vendor "Bernard & Fils" read with one slip.
    rows = [
        (40, [(350, "Bernard & Fils")]),
        (54, [(350, "40 boulevard Pasteur")]),
        (68, [(350, "49090 Angers")]),
        (120, [(50, "Bernand & Fils - 40 boulevard Pasteur - 49090 Angers")]),
        (134, [(50, "Quintara Industrie SA")]),
        (148, [(50, "32 bis rue de la République")]),
        (162, [(50, "37000 Tours")]),
        (400, [(380, "Total TTC"), (480, "119,00 €")]),
    ]
    fields = extract_fields([_scan(rows)], use_ner=False).fields
    assert fields["buyer_name"].value == "Quintara Industrie SA"


def test_each_word_of_the_address_comes_from_the_printing_ocr_read_best():
    # The letterhead reads surer as a whole, but OCR doubted its "Lame"; the footer read "Lane" surer.
    letterhead = _scan(
        [
            (40, [(350, "Pioneer Logistics LLC")]),
            (54, [(350, "1789 Cedar Lame")]),
            (68, [(350, "Kansas City, MO 64127")]),
        ],
        confidence=0.95,
    )
    doubted = tuple(replace(w, confidence=0.4) if w.text == "Lame" else w for w in letterhead.words)
    footer = _scan(
        [
            (780, [(50, "Pioneer Logistics LLC")]),
            (794, [(50, "1789 Cedar Lane")]),
            (808, [(50, "Kansas City, MO 64127")]),
        ],
        confidence=0.6,
    )
    shifted = tuple(replace(word, line=word.line + 10) for word in footer.words)
    fields = extract_fields([replace(letterhead, words=doubted + shifted)], use_ner=False).fields
    assert fields["vendor_address"].value == "1789 Cedar Lane\nKansas City, MO 64127"


def test_a_registered_bic_split_by_ocr_is_read_whole_and_kept_as_printed():
    rows = [(100, [(50, "IBAN: DE14 3708 0087 9693 8399 29")]), (115, [(50, "BIC: DR ESDEFFI56")])]
    assert _confirmed_bics(rows) == ["DRESDEFFI56"]  # another branch of the IBAN's bank, as printed


def _self_labelled(rows) -> list[str]:
    layout = build_layout([_scan(rows)])
    return [
        link.candidate.value for link in self_labelled_invoice_number(layout, find_candidates(layout, "dmy"))
    ]


def test_an_inv_number_whose_label_ocr_lost_names_itself():
    assert _self_labelled([(200, [(50, "“Ret."), (300, "Date")]), (215, [(50, "INV-2024-02199")])]) == [
        "INV-2024-02199"
    ]


def test_two_inv_numbers_or_one_low_on_the_page_name_nothing():
    two = [(200, [(50, "INV-2024-02199")]), (215, [(50, "Bezug: INV-2024-01877")])]
    assert _self_labelled(two) == []
    assert _self_labelled([(700, [(50, "INV-2024-02199")])]) == []


def test_payment_terms_read_by_ocr_get_their_words_back():
    rows = [
        (200, [(50, "Zahlungsbedingungen: 30 Tage netio")]),
        (400, [(380, "Gesamtbetrag"), (480, "€ 119,00")]),
    ]
    assert extract_fields([_scan(rows)], use_ner=False).fields["payment_terms"].value == "30 Tage netto"
    french = [(200, [(50, "Conditions de paiement: Payable a réception")])]
    assert (
        extract_fields([_scan(french)], use_ner=False).fields["payment_terms"].value == "Payable à réception"
    )


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("OX41TR", "OX4 1TR"),
        ("RGS 4YU", "RG5 4YU"),
        ("Bidg E", "Bldg E"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("LEl 9SA", "LE1 9SA"),
        ("SchillerstraBe 125a", "Schillerstraße 125a"),
        ("Hauptstra8e 5", "Hauptstraße 5"),
        ("Brandenburger Straße 3", "Brandenburger Straße 3"),
    ],
)
def test_an_address_line_gets_back_what_ocr_made_of_a_postcode_or_an_abbreviation(read, meant):
    assert repair_postcode_line(read) == meant


def test_a_phone_number_whose_brackets_ocr_misread_is_still_no_address_line():
    assert is_contact_line("(650: 555-0150") and is_contact_line("-3] 20 703 6952")
    assert not is_contact_line("1072 EN Amsterdam")


def test_a_phone_number_behind_a_garbled_prefix_is_no_address_line():
    assert is_contact_line("T 1808: 555-0195") and is_contact_line("Ph (650) 555-0150")
    assert not is_contact_line("Kansas City, MO 64138") and not is_contact_line("D-01118 Dresden")
    assert not is_contact_line("3534 BW Utrecht")


def test_an_address_the_model_marks_keeps_only_its_address_lines():
    from extraction.parties import Span, _address_part

    lines = ["Services LLC", "7594 Elm Street", "Unit 483", "Salt Lake City, UT 84107", "T (233) 555-0148 -"]
    spans = [Span(row, 0, 1, text) for row, text in enumerate(lines)]
    assert [s.text for s in _address_part(spans)] == lines[1:4]
    one_line = [Span(0, 0, 1, "2028 Corporate Boulevard, Boston, MA 02119"), Span(1, 0, 1, "Tax ID")]
    assert [s.text for s in _address_part(one_line)] == ["2028 Corporate Boulevard, Boston, MA 02119"]


def test_the_buyers_vat_number_behind_ihre_misread_as_thre_is_the_buyers():
    rows = [
        (40, [(50, "Spree AG")]),
        (60, [(50, "Hauptstraße 1, 10115 Berlin")]),
        (200, [(50, "Kunde GmbH")]),
        (220, [(50, "Thre USt-IdNr.: DE919865596")]),
        (700, [(50, "USt-IdNr.: DE761845340")]),
    ]
    fields = extract_fields([_scan(rows)], use_ner=False).fields
    assert fields["vendor_vat_id"].value == "DE761845340"
    assert fields["buyer_vat_id"].value == "DE919865596"


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("Tax ID: 26 5820881", "26-5820881"),  # a US employer id whose hyphen OCR lost
        ("Tax ID: 26-5820881", "26-5820881"),
        ("SIREN: 532 847 013", "532847013"),  # other ids keep their digits as printed, gaps aside
    ],
)
def test_a_us_employer_id_keeps_its_hyphen_when_ocr_lost_it(printed, value):
    rows = [(40, [(50, "Summit Corp")]), (700, [(50, printed)])]
    assert extract_fields([_scan(rows)], use_ner=False).fields["vendor_tax_id"].value == value
