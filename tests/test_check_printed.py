"""An IBAN printed on the page but not read blocks approval: the payment account would be missing."""

from __future__ import annotations

from extraction import route, validate
from extraction.check_printed import printed_findings, printed_ibans
from tests.extraction_fixtures import COMPLETE_FIELDS
from tests.test_checks import extraction, text_page

# A footer whose text layer interleaves two columns: the IBAN's label is mangled, its digits are not.
INTERLEAVED = "GmbH invoice@example-gebaeudeIBnAgN.d: eDE76 4205 0001 7084 2739 92 Amtsgericht Bielefeld"
COMPLETE = COMPLETE_FIELDS


def test_an_iban_is_found_in_interleaved_footer_text_and_cut_before_the_next_word():
    assert printed_ibans([text_page("Summe 119,00", INTERLEAVED)]) == ["DE76420500017084273992"]


def test_a_number_that_fails_the_iban_checksum_is_not_an_iban():
    assert printed_ibans([text_page("Kundennummer DE77 4205 0001 7084 2739 92")]) == []


def test_a_printed_iban_that_was_not_read_stops_auto_approval_and_names_the_field():
    page = text_page("Rechnung R-1", INTERLEAVED)
    unread = extraction(**COMPLETE)
    (finding,) = printed_findings(unread, [page])
    assert finding.fields == ("vendor_iban",)
    assert "DE76420500017084273992" in finding.message
    assert not route(unread, validate(unread, [page]), threshold=0.9).auto_approve


def test_no_finding_when_the_iban_was_read_or_none_is_printed():
    page = text_page("Rechnung R-1", INTERLEAVED)
    read = extraction(**COMPLETE, vendor_iban="DE76420500017084273992")
    assert printed_findings(read, [page]) == []
    assert printed_findings(extraction(**COMPLETE), [text_page("Rechnung R-1", "Zahlbar sofort")]) == []
