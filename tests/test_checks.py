"""The consistency checks beyond arithmetic: tax per rate, currency against printed symbols, terms."""

from __future__ import annotations

from decimal import Decimal

from extraction import route, validate
from extraction.check_currency import currency_findings, printed_markers
from extraction.check_labels import label_findings, labelled_fields
from extraction.check_tax import PrintedTax, printed_taxes, tax_findings
from extraction.check_terms import term_days, terms_findings
from extraction.validate import apply_findings
from models.extraction import Evidence, Extraction, FieldValue, Finding, LineItem
from models.pagetext import PageText, Word
from tests.extraction_fixtures import COMPLETE_FIELDS, page

COMPLETE = COMPLETE_FIELDS


def extraction(lines: tuple[LineItem, ...] = (), printed: dict[str, str] | None = None, **values: str):
    """Fields at confidence 0.99; `printed` gives a field's evidence text (the words as printed)."""
    printed = printed or {}
    fields = {
        name: FieldValue(
            value, 0.99, Evidence(1, (0, 0, 1, 1), "pt", printed[name]) if name in printed else None
        )
        for name, value in values.items()
    }
    return Extraction(fields=fields, lines=lines)


def text_page(*rows: str) -> PageText:
    """A text-layer page with one printed line per row, words left to right."""
    words = tuple(
        Word(text, (40.0 * i, 20.0 * n, 40.0 * i + 30, 20.0 * n + 10), 1.0, 0, n)
        for n, row in enumerate(rows)
        for i, text in enumerate(row.split())
    )
    return PageText(page=1, width=600, height=800, unit="pt", source="text-layer", words=words)


def line(amount: str, rate: str, **more: str) -> LineItem:
    return LineItem({"amount": amount, "tax_rate": rate, **more}, 0.9)


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


# --- tax = rate x base per rate -------------------------------------------------------------------


def test_printed_tax_rows_are_read_with_their_rate_base_and_tax():
    page = text_page(
        "20% £1,237.70 £247.54 Total VAT £247.54",
        "VAT (20%) €2,648.88",
        "MwSt. 19 % auf 1.000,00 € 190,00 €",
        "7% 3 036,97 EUR 212,59 EUR",
    )
    assert printed_taxes([page]) == [
        PrintedTax(Decimal(20), Decimal("1237.70"), Decimal("247.54")),
        PrintedTax(Decimal(20), None, Decimal("2648.88")),
        PrintedTax(Decimal(19), Decimal("1000.00"), Decimal("190.00")),
        PrintedTax(Decimal(7), Decimal("3036.97"), Decimal("212.59")),
    ]


def test_line_rates_totals_including_tax_and_repeated_rows_are_not_tax_rows():
    page = text_page(
        "1 Widget 2 pcs 10.00 19% 20.00",
        "Gesamtbetrag inkl. MwSt 19% 1.190,00",
        "VAT 19% 19.00",
        "VAT 19% 19.00",
    )
    assert printed_taxes([page]) == [PrintedTax(Decimal(19), None, Decimal("19.00"))]


def test_line_items_taxed_per_rate_must_give_the_tax_total():
    lines = (line("60.00", "19"), line("40.00", "7"))
    right = extraction(lines, **{**COMPLETE, "total_tax": "14.20", "total": "114.20"})
    assert tax_findings(right) == []
    wrong = extraction(lines, **COMPLETE)
    (finding,) = tax_findings(wrong)
    assert finding.code == "tax_rate_mismatch"
    assert finding.fields == ("total_tax", "lines")
    assert finding.message == (
        "the line items' tax rates give 14.20 (7% of 40.00, 19% of 60.00), but the tax total reads 19.00"
    )


def test_rounding_per_line_is_allowed_a_cent_per_line():
    # 3 x 0.33 at 19%: per line 0.06 each = 0.18, on the total 0.99 x 19% = 0.19
    lines = tuple(line("0.33", "19") for _ in range(3))
    values = {**COMPLETE, "total_net": "0.99", "total_tax": "0.18", "total": "1.17"}
    assert tax_findings(extraction(lines, **values)) == []
    values = {**values, "total_tax": "0.24", "total": "1.23"}
    assert codes(tax_findings(extraction(lines, **values))) == ["tax_rate_mismatch"]


def test_line_rates_that_cannot_be_rates_are_not_used():
    # the unit price read into the rate column: 4.5 x 65.00 = 292.50; and "8025" for 8.025 %
    swapped = (line("292.50", "65.00", quantity="4.5"),)
    values = {**COMPLETE, "total_net": "292.50", "total_tax": "23.69", "total": "316.19"}
    assert tax_findings(extraction(swapped, **values)) == []
    misread = (line("292.50", "8025", quantity="1", unit_price="292.50"),)
    assert tax_findings(extraction(misread, **values)) == []


def test_lines_read_partly_say_nothing_about_the_tax():
    partial = (line("60.00", "7"),)  # the net is 100.00: a line is missing
    assert tax_findings(extraction(partial, **COMPLETE)) == []


def test_a_printed_base_and_tax_that_disagree_with_the_rate_are_an_error():
    page = text_page("19% 100.00 18.00")
    (finding,) = tax_findings(extraction(**COMPLETE), [page])
    assert (
        finding.message
        == "19% of the printed base 100.00 is 19.00, but the tax printed for that rate is 18.00"
    )
    assert tax_findings(extraction(**COMPLETE), [text_page("19% 100.00 19.00")]) == []


def test_taxes_printed_per_rate_must_add_up_to_the_tax_total():
    page = text_page("VAT 19% 11.40", "VAT 7% 2.80")
    values = {**COMPLETE, "total_tax": "14.20", "total": "114.20"}
    assert tax_findings(extraction(**values), [page]) == []
    (finding,) = tax_findings(extraction(**{**values, "total_tax": "2.80"}), [page])
    assert finding.message == "the taxes printed per rate add up to 14.20, but the tax total reads 2.80"


def test_a_single_printed_rate_caps_the_tax_at_rate_times_net():
    # exempt lines may lower the tax below 19% of the net, nothing raises it above
    values = {**COMPLETE, "total_tax": "9.50", "total": "109.50"}
    assert tax_findings(extraction(**values), [text_page("VAT 19% 9.50")]) == []
    values = {**COMPLETE, "total_tax": "29.00", "total": "129.00"}
    (finding,) = tax_findings(extraction(**values), [text_page("VAT 19% 29.00")])
    assert finding.fields == ("total_tax", "total_net")


# --- currency against the printed symbols ----------------------------------------------------------


def test_markers_are_symbols_and_codes_printed_next_to_numbers():
    assert printed_markers("€ 684,04") == ["€"]
    assert printed_markers("1 975,08 CHF") == ["CHF"]
    assert printed_markers("$3.29 and 12.00 USD") == ["$", "USD"]
    assert printed_markers("IBAN GB39 MYMB 1878 6734") == []
    assert printed_markers("EUR in words") == []


def test_a_euro_symbol_on_the_totals_contradicts_a_swiss_franc_currency():
    values = {**COMPLETE, "currency": "CHF"}
    wrong = extraction(printed={"total": "€ 119,00"}, **values)
    (finding,) = currency_findings(wrong)
    assert finding.code == "currency_mismatch"
    assert finding.message == "amounts are printed with € but the currency reads CHF"
    assert finding.fields == ("currency",)
    assert currency_findings(extraction(printed={"total": "CHF 119.00"}, **values)) == []


def test_a_dollar_sign_fits_every_dollar_currency():
    values = {**COMPLETE, "currency": "CAD"}
    assert currency_findings(extraction(printed={"total": "$119.00"}, **values)) == []
    assert codes(currency_findings(extraction(printed={"total": "£119.00"}, **values))) == [
        "currency_mismatch"
    ]


def test_a_stray_symbol_elsewhere_on_the_page_counts_only_without_any_amount_in_the_currency():
    values = {**COMPLETE, "currency": "CHF"}
    note = "a fixed fee of 40 € applies"
    with_francs = text_page("Total 119.00 CHF", note)
    assert currency_findings(extraction(**values), [with_francs]) == []
    only_euros = text_page("Total 119,00 €", note)
    assert codes(currency_findings(extraction(**values), [only_euros])) == ["currency_mismatch"]


# --- payment terms against the dates ---------------------------------------------------------------


def test_terms_say_how_many_days():
    assert term_days("Net 30") == {30}
    assert term_days("Zahlbar innerhalb von 14 Tagen ohne Abzug") == {14}
    assert term_days("2% Skonto bei Zahlung binnen 10 Tagen, 30 Tage netto") == {10, 30}
    assert term_days("Betaaltermijn 30 dagen") == {30}
    assert term_days("Due on receipt") == {0}
    assert term_days("30 jours fin de mois") is None
    assert term_days("As agreed") is None


def test_a_due_date_that_the_terms_do_not_give_names_both_dates_and_the_terms():
    values = {**COMPLETE, "payment_terms": "Net 30 days", "due_date": "2026-04-03"}
    assert terms_findings(extraction(**values)) == []
    (finding,) = terms_findings(extraction(**{**values, "issue_date": "2026-02-20"}))
    assert finding.fields == ("issue_date", "due_date", "payment_terms")
    assert finding.message == (
        "the terms 'Net 30 days' give 30 days, but the due date 2026-04-03 is 42 days after "
        "the issue date 2026-02-20"
    )


def test_a_failed_new_check_stops_auto_approval_and_lowers_its_fields():
    values = {**COMPLETE, "currency": "CHF"}
    wrong = extraction(printed={"total": "€ 119,00"}, **values)
    findings = validate(wrong)
    adjusted = apply_findings(wrong, findings)
    assert adjusted.fields["currency"].confidence <= 0.5
    decision = route(adjusted, findings, threshold=0.9)
    assert not decision.auto_approve
    assert "amounts are printed with € but the currency reads CHF" in decision.reasons


def test_validate_reads_the_pages_when_it_is_given_them():
    values = {**COMPLETE, "total_tax": "18.00", "total": "118.00"}
    assert validate(extraction(**values)) == ()
    assert codes(validate(extraction(**values), [text_page("19% 100.00 18.00")])) == ["tax_rate_mismatch"]


# --- a printed label whose value was not read -------------------------------------------------------


def labelled_page() -> PageText:
    return page(
        [
            (100, [(50, "N° de commande: PO-77646")]),
            (120, [(50, "Vielen Dank für Ihre Bestellung.")]),
            (140, [(50, "Invoice No."), (250, "Invoice date")]),
            (152, [(50, "R-1"), (250, "04.03.2026")]),
            (170, [(50, "Payment due within 30 days")]),
        ]
    )


def test_labels_followed_by_a_value_name_their_fields():
    assert labelled_fields([labelled_page()]) == {
        "purchase_order": "N° de commande:",
        "invoice_number": "Invoice No.",
        "issue_date": "Invoice date",
    }


def test_a_labelled_field_that_was_not_read_stops_approval():
    values = {**COMPLETE, "purchase_order": "PO-77646"}
    assert label_findings(extraction(**values), [labelled_page()]) == []
    (finding,) = label_findings(extraction(**COMPLETE), [labelled_page()])
    assert finding == Finding(
        "labelled_but_unread",
        "'N° de commande:' is printed but no purchase order was read",
        ("purchase_order",),
    )
    assert label_findings(extraction(**COMPLETE)) == []  # without the pages there is nothing to compare
