"""On scans: a name or address word OCR was unsure of, and a label printed without its value read."""

from __future__ import annotations

from dataclasses import replace

from extraction import route, validate
from extraction.check_ocr import ocr_findings
from models.extraction import Evidence, Extraction, FieldValue
from models.pagetext import PageText, Word
from tests.extraction_fixtures import COMPLETE_FIELDS

ADDRESS = "12 avenue Jean Jaures\n75019 Paris"
SELLER_VAT_ID = "FR40303265045"  # a valid French VAT number


def scan(*rows: list[tuple[str, float]]) -> PageText:
    """An OCR'd page: each row a list of (word, OCR confidence), words 100 px apart."""
    words = tuple(
        Word(text, (100.0 * i, 50.0 * n, 100.0 * i + 80, 50.0 * n + 30), confidence, 0, n)
        for n, row in enumerate(rows)
        for i, (text, confidence) in enumerate(row)
    )
    return PageText(page=1, width=2480, height=3508, unit="px", source="ocr", words=words, dpi=300)


def address_scan(jaures_confidence: float) -> PageText:
    return scan(
        [("12", 0.96), ("avenue", 0.95), ("Jean", 0.96), ("Jaures", jaures_confidence)],
        [("75019", 0.97), ("Paris", 0.96)],
    )


def read(page: PageText, language: str = "fr") -> Extraction:
    """Every field at 0.99, the vendor address read from the first two rows of the scan."""
    fields = {name: FieldValue(value, 0.99) for name, value in COMPLETE_FIELDS.items()}
    fields["vendor_address"] = FieldValue(ADDRESS, 0.99, Evidence(1, (0, 0, 400, 80), "px", ADDRESS))
    fields.update(total_net=FieldValue("100.00", 0.99), total_tax=FieldValue("19.00", 0.99))
    fields["vendor_vat_id"] = FieldValue(SELLER_VAT_ID, 0.99)
    return Extraction(fields=fields, language=language)


def test_a_short_address_token_ocr_only_guessed_stops_approval():
    page = scan([("a:", 0.01)], [("12", 0.96), ("avenue", 0.95), ("Jean", 0.96), ("Jaurès", 0.96)])
    extraction = read(page)
    address = "a:\n12 avenue Jean Jaurès"
    field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
    guessed = replace(extraction, fields={**extraction.fields, "vendor_address": field})
    findings = [f for f in ocr_findings(guessed, [page]) if f.code == "ocr_word_unsure"]
    assert len(findings) == 1 and "'a:'" in findings[0].message


def test_an_address_word_ocr_was_unsure_of_stops_approval_and_says_which_word():
    page = address_scan(0.88)
    unsure = read(page)
    (finding,) = ocr_findings(unsure, [page])
    assert finding.fields == ("vendor_address",)
    assert "'Jaures'" in finding.message and "0.88" in finding.message and "accents" in finding.message
    assert not route(unsure, validate(unsure, [page]), threshold=0.9).auto_approve


def test_in_a_language_with_few_accents_only_a_plainly_unsure_word_counts():
    assert ocr_findings(read(address_scan(0.88), "en"), [address_scan(0.88)]) == []
    (finding,) = ocr_findings(read(address_scan(0.6), "en"), [address_scan(0.6)])
    assert finding.fields == ("vendor_address",)


def test_words_ocr_was_sure_of_and_text_layer_pages_raise_nothing():
    assert ocr_findings(read(address_scan(0.96)), [address_scan(0.96)]) == []
    text_layer = replace(address_scan(0.5), source="text-layer", unit="pt")
    assert ocr_findings(read(text_layer), [text_layer]) == []


def test_a_label_printed_on_a_scan_without_its_value_read_names_the_field():
    page = scan([("USt-ldNr.:", 0.7), ("DEAT", 0.5), ("8307471", 0.6)], [("IBAN:", 0.9), ("DE6U", 0.4)])
    fields = read(page).fields
    without = Extraction(fields={k: v for k, v in fields.items() if k != "vendor_vat_id"}, language="fr")
    codes = {finding.fields: finding.message for finding in ocr_findings(without, [page])}
    assert codes == {
        ("vendor_vat_id",): "'USt-ldNr.:' is printed on the scan but no vendor VAT number was read",
        ("vendor_iban",): "'IBAN:' is printed on the scan but no vendor IBAN was read",
    }
    both = replace(
        without,
        fields={
            **without.fields,
            "vendor_vat_id": FieldValue("DE478397471", 0.9),
            "vendor_iban": FieldValue("DE61280622497713490758", 0.9),
        },
    )
    assert ocr_findings(both, [page]) == []


def test_a_tax_column_header_on_a_scan_is_no_unread_tax_total_but_a_tax_row_is():
    header = [("Description", 0.95), ("Qty", 0.95), ("Tax", 0.9), ("Net", 0.95)]
    rates = [("Widget", 0.95), ("1", 0.95), ("0%", 0.9), ("100.00", 0.95)]
    fields = {k: v for k, v in read(address_scan(0.96)).fields.items() if k != "total_tax"}
    no_tax = Extraction(fields=fields, language="en")
    assert ocr_findings(no_tax, [scan(header, rates)]) == []
    (finding,) = ocr_findings(no_tax, [scan(header, rates, [("Tax", 0.9), ("19.0O", 0.5)])])
    assert finding.fields == ("total_tax",)


def test_a_tax_number_label_on_a_scan_without_the_number_read_names_the_vendor_tax_id():
    page = scan([("Steuernummer", 0.8), ("119/97l/93566", 0.5)])
    (finding,) = ocr_findings(read(page, "de"), [page])
    assert finding.fields == ("vendor_tax_id",)
    assert finding.message == "'Steuernummer' is printed on the scan but no vendor tax number was read"
    with_number = read(page, "de")
    with_number = replace(
        with_number, fields={**with_number.fields, "vendor_tax_id": FieldValue("119/971/93566", 0.9)}
    )
    assert ocr_findings(with_number, [page]) == []


def _with(extraction: Extraction, name: str, value: str) -> Extraction:
    field = FieldValue(value, 0.99, Evidence(1, (0, 0, 400, 80), "px", value))
    return replace(extraction, fields={**extraction.fields, name: field})


def test_an_unpaired_bracket_in_an_ocr_address_is_flagged_a_paired_one_is_not():
    page = address_scan(0.96)
    misread = _with(read(page, "en"), "vendor_address", "148 Brunswick Place\nBirmingham\nB24 8N)")
    codes = [f.code for f in ocr_findings(misread, [page])]
    assert "ocr_odd_character" in codes
    assert not route(misread, validate(misread, [page]), threshold=0.9).auto_approve
    fine = _with(read(page, "en"), "vendor_name", "Acme (Pty) Ltd")
    assert "ocr_odd_character" not in [f.code for f in ocr_findings(fine, [page])]


def test_an_ocr_tax_number_with_too_few_digits_is_flagged():
    page = address_scan(0.96)
    short = _with(read(page, "de"), "vendor_tax_id", "115342")
    (finding,) = [f for f in ocr_findings(short, [page]) if f.code == "tax_number_short"]
    assert finding.fields == ("vendor_tax_id",)
    whole = _with(read(page, "de"), "vendor_tax_id", "191/272/31602")
    assert "tax_number_short" not in [f.code for f in ocr_findings(whole, [page])]


def test_footer_print_no_ocr_pass_could_read_stops_approval():
    page = replace(address_scan(0.96), cleanup={"unread_footer_share": 0.004})
    extraction = read(page)
    (finding,) = ocr_findings(extraction, [page])
    assert finding.code == "footer_unread" and "footer of page 1" in finding.message
    assert not route(extraction, validate(extraction, [page]), threshold=0.9).auto_approve
    a_speck = replace(page, cleanup={"unread_footer_share": 0.0005})
    assert ocr_findings(read(a_speck), [a_speck]) == []


def test_a_scanned_euro_invoice_without_the_sellers_vat_number_goes_to_review():
    page = address_scan(0.96)
    fields = {name: value for name, value in read(page).fields.items() if name != "vendor_vat_id"}
    extraction = Extraction(fields=fields, language="fr")
    (finding,) = [f for f in ocr_findings(extraction, [page]) if f.code == "vat_id_unread"]
    assert finding.fields == ("vendor_vat_id",)
    assert not route(extraction, validate(extraction, [page]), threshold=0.9).auto_approve
    in_dollars = replace(extraction, fields={**fields, "currency": FieldValue("USD", 0.99)})
    assert not [f for f in ocr_findings(in_dollars, [page]) if f.code == "vat_id_unread"]
    text_layer = replace(page, source="text-layer", unit="pt")
    assert not [f for f in ocr_findings(extraction, [text_layer]) if f.code == "vat_id_unread"]


def test_a_french_ie_re_ending_without_its_accent_is_flagged_however_sure_ocr_was():
    page = scan(
        [("87", 0.96), ("ZI", 0.9), ("des", 0.95), ("Mercieres,", 0.96)], [("44070", 0.97), ("Nantes", 0.96)]
    )
    address = "87 ZI des Mercieres,\n44070 Nantes"
    extraction = read(page)
    field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
    unaccented = replace(extraction, fields={**extraction.fields, "vendor_address": field})
    (finding,) = [f for f in ocr_findings(unaccented, [page]) if f.code == "ocr_accent_lost"]
    assert finding.fields == ("vendor_address",) and "'Mercieres,'" in finding.message
    in_english = replace(unaccented, language="en")
    assert [f for f in ocr_findings(in_english, [page]) if f.code == "ocr_accent_lost"] == []


def test_an_ocr_siren_or_employer_id_failing_its_check_digit_is_flagged():
    page = address_scan(0.96)
    misread = _with(read(page, "fr"), "vendor_tax_id", "217675629")  # printed 217675529
    (finding,) = [f for f in ocr_findings(misread, [page]) if f.code == "tax_number_invalid"]
    assert finding.fields == ("vendor_tax_id",) and "SIREN" in finding.message
    assert "tax_number_invalid" not in codes_of(_with(read(page, "fr"), "vendor_tax_id", "217 675 529"), page)
    assert "tax_number_invalid" in codes_of(_with(read(page, "en"), "vendor_tax_id", "07-1234567"), page)
    assert "tax_number_invalid" not in codes_of(_with(read(page, "en"), "vendor_tax_id", "26-5820881"), page)
    # A German Steuernummer has no check digit: nine digits there are not a SIREN.
    german = _with(read(page, "de"), "vendor_vat_id", "DE136695976")
    assert "tax_number_invalid" not in codes_of(_with(german, "vendor_tax_id", "217675629"), page)


def codes_of(extraction: Extraction, page: PageText) -> list[str]:
    return [f.code for f in ocr_findings(extraction, [page])]
