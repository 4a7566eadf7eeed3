"""A tax, net total or amount due printed with its amount but not read stops approval."""

from __future__ import annotations

from extraction import route, validate
from extraction.check_printed_amounts import printed_amount_findings, printed_amount_labels
from models.pagetext import PageText
from tests.extraction_fixtures import COMPLETE_FIELDS, page, right_aligned
from tests.test_checks import extraction


def totals_page(*rows: tuple[str, str], unit: str = "pt", confidence: float = 1.0) -> PageText:
    """A totals block: each label at the left, its amount right-aligned far away (a wide gap)."""
    return page(
        [
            (100, [(50, "Description Qty Price Tax Net")]),
            (112, [(50, "Widget 1 100,00 19% 100,00")]),
            *(
                (140 + 14 * n, [(300, label), right_aligned(540, amount)])
                for n, (label, amount) in enumerate(rows)
            ),
            (300, [(50, "Tax ID: 14-7097219")]),
        ],
        unit=unit,
        confidence=confidence,
        scale=1.0 if unit == "pt" else 4.17,
    )


def without(*names: str):
    return extraction(**{k: v for k, v in COMPLETE_FIELDS.items() if k not in names})


def test_tax_net_and_amount_due_labels_with_an_amount_far_right_are_printed_amounts():
    printed = totals_page(("Zwischensumme", "100,00 €"), ("MwSt. 19 %", "19,00 €"), ("Zu zahlen", "119,00 €"))
    assert printed_amount_labels([printed], "total_net") == ["Zwischensumme"]
    assert printed_amount_labels([printed], "total_tax") == ["MwSt."]
    assert printed_amount_labels([printed], "amount_due") == ["Zu zahlen"]


def test_a_tax_column_header_and_a_tax_id_are_no_printed_tax():
    assert printed_amount_labels([totals_page(("Total", "119,00 €"))], "total_tax") == []


def test_an_amount_due_printed_but_not_read_stops_approval_and_names_the_field():
    printed = totals_page(("Subtotal", "100.00"), ("VAT", "19.00"), ("Balance due", "119.00"))
    unread = without()
    (finding,) = printed_amount_findings(unread, [printed])
    assert finding.fields == ("amount_due",)
    assert finding.message == "'Balance due' is printed with an amount but no amount due was read"
    assert not route(unread, validate(unread, [printed]), threshold=0.9).auto_approve
    read = extraction(**COMPLETE_FIELDS, amount_due="119.00")
    assert printed_amount_findings(read, [printed]) == []


def test_a_printed_tax_or_net_that_was_not_read_names_its_field():
    printed = totals_page(("Subtotal", "100.00"), ("VAT 19%", "19.00"), ("Total", "119.00"))
    (tax,) = printed_amount_findings(without("total_tax"), [printed])
    assert tax.fields == ("total_tax",) and "19.00" in tax.message and "19" in tax.message
    (net,) = printed_amount_findings(without("total_net"), [printed])
    assert net.fields == ("total_net",) and "'Subtotal'" in net.message


def test_an_ocr_label_one_letter_off_still_counts():
    printed = totals_page(("Zahibetrag", "119,00 €"), unit="px", confidence=0.8)
    assert printed_amount_labels([printed], "amount_due") == ["Zahibetrag"]
    assert printed_amount_labels([totals_page(("Zahibetrag", "119,00 €"))], "amount_due") == []
