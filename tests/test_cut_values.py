"""On scans: a value OCR cut short (a name split inside a word, a number split in two) and an IBAN printed
but misread past repair send the invoice to review."""

from __future__ import annotations

from dataclasses import replace

from extraction import route, validate
from extraction.check_ocr import ocr_findings
from models.extraction import Evidence, FieldValue
from models.pagetext import PageText, Word
from tests.test_h2_check_ocr import read

_HEIGHT = 30.0


def _line(*words: tuple[str, float, float], line: int = 0) -> list[Word]:
    """Words of one printed line: (text, left, right) in px, 30 px high."""
    top = 100.0 * line
    return [Word(text, (left, top, right, top + _HEIGHT), 0.96, 0, line) for text, left, right in words]


def _page(*lines: list[Word]) -> PageText:
    words = tuple(word for line in lines for word in line)
    return PageText(page=1, width=2480, height=3508, unit="px", source="ocr", words=words, dpi=300)


def _codes(page: PageText, **values: tuple[str, tuple[float, float, float, float]]) -> list[str]:
    extraction = read(page, "en")
    fields = {
        name: FieldValue(value, 0.99, Evidence(1, box, "px", value)) for name, (value, box) in values.items()
    }
    extraction = replace(extraction, fields={**extraction.fields, **fields})
    return [finding.code for finding in ocr_findings(extraction, [page])]


def test_a_name_whose_word_goes_on_in_lower_case_was_cut_short():
    page = _page(_line(("Nexora", 100, 230), ("Manuf", 245, 360), ("ring", 440, 520), ("Ltd", 530, 600)))
    assert "name_cut" in _codes(page, buyer_name=("Nexora Manuf", (100, 0, 360, 30)))


def test_a_capitalised_word_alone_after_a_name_or_a_far_column_is_no_cut():
    page = _page(
        _line(("Kestrel", 100, 230), ("IT", 245, 280), ("Consulting", 400, 560)),
        _line(("Spree", 100, 200), ("AG", 215, 260), ("invoice", 900, 1000), line=1),
    )
    codes = _codes(
        page, vendor_name=("Kestrel IT", (100, 0, 280, 30)), buyer_name=("Spree AG", (100, 100, 260, 130))
    )
    assert "name_cut" not in codes


def test_a_legal_form_further_on_the_line_means_the_name_stopped_short():
    words = (("Kestrel", 100, 230), ("IT", 245, 280), ("Services", 330, 450), ("Ltd", 460, 530))
    rest_of_name = _page(_line(*words))
    assert "name_cut" in _codes(rest_of_name, vendor_name=("Kestrel IT", (100, 0, 280, 30)))
    stamped = _page(_line(("Mitchell", 100, 290), ("&", 300, 320), ("Harri", 335, 460), ("LLP", 540, 620)))
    assert "name_cut" in _codes(stamped, vendor_name=("Mitchell & Harri", (100, 0, 460, 30)))


def test_digits_within_a_word_space_and_a_half_after_a_number_are_part_of_it():
    split = _page(_line(("INV-2024-041", 100, 325), ("26", 333, 370)))
    assert "number_cut" in _codes(split, invoice_number=("INV-2024-041", (100, 0, 325, 30)))
    word_space = _page(_line(("CN-000061", 100, 283), ("17", 294, 332)))  # 0.37 word heights apart
    assert "number_cut" in _codes(word_space, invoice_number=("CN-000061", (100, 0, 283, 30)))
    next_column = _page(_line(("INV-2024-041", 100, 325), ("26", 355, 392)))
    assert "number_cut" not in _codes(next_column, invoice_number=("INV-2024-041", (100, 0, 325, 30)))


def test_an_iban_printed_but_misread_past_repair_stops_approval_and_says_so():
    misread = _page(
        _line(
            ("IBAN:", 100, 200),
            ("NL51", 210, 280),
            ("RABO", 290, 370),
            ("5857", 380, 450),
            ("5239", 460, 530),
            ("96", 540, 580),
        )
    )
    extraction = read(misread, "en")
    assert "vendor_iban" not in extraction.fields
    findings = [f for f in ocr_findings(extraction, [misread]) if f.code == "iban_misread"]
    assert len(findings) == 1 and "NL51 RABO 5857 5239 96" in findings[0].message
    assert not route(extraction, validate(extraction, [misread]), threshold=0.9).auto_approve
    valid = _page(
        _line(
            ("IBAN:", 100, 200),
            ("NL51", 210, 280),
            ("RABO", 290, 370),
            ("5867", 380, 450),
            ("5239", 460, 530),
            ("96", 540, 580),
        )
    )
    assert "iban_misread" not in [f.code for f in ocr_findings(read(valid, "en"), [valid])]


def test_an_unreadable_mark_right_before_a_number_may_be_its_lost_prefix():
    def number_after(mark: str, confidence: float) -> PageText:
        label = Word("Gutschriftsnummer:", (1323, 740, 1670, 786), 0.92, 0, 0)
        before = Word(mark, (1710, 745, 1757, 773), confidence, 0, 0)
        return _page([label, before, Word("24118141", (1773, 745, 1925, 773), 0.96, 0, 0)])

    number = ("24118141", (1773, 745, 1925, 773))
    assert "number_cut" in _codes(number_after(">", 0.57), invoice_number=number)  # printed "GS-24118141"
    assert "number_cut" not in _codes(number_after(">", 0.95), invoice_number=number)
    assert "number_cut" not in _codes(number_after("|", 0.5), invoice_number=number)  # a table rule
    assert "number_cut" not in _codes(number_after(";", 0.5), invoice_number=number)  # the label's colon
