"""The validate stage: checks an extraction against itself (arithmetic, dates, checksums).

Each finding names the fields involved and says the numbers, so a reviewer sees what does not add up.
Errors stop auto-approval; warnings are shown but do not (a buyer's VAT number is the customer's own
business). Line amounts that do not add up are an error: the export writes one row per line, so an ERP
would import a misread table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from schwifty import BIC, IBAN
from stdnum import vatin

from extraction.check_bank_bic import bank_bic_findings
from extraction.check_currency import currency_findings
from extraction.check_labels import label_findings
from extraction.check_ocr import ocr_findings
from extraction.check_printed import printed_findings
from extraction.check_printed_amounts import printed_amount_findings
from extraction.check_tax import tax_findings
from extraction.check_terms import terms_findings
from extraction.check_unsure_labels import unsure_label_findings
from models.extraction import Extraction, Finding
from models.pagetext import PageText

TOLERANCE = Decimal("0.02")
# A field named by a failed check is doubtful whatever the extractor thought: the reviewer sees it flagged.
FAILED_CHECK_CONFIDENCE = 0.5
# net + tax = total read from three separate places rarely holds by accident.
CONFIRMED_CONFIDENCE = 0.99


def validate(extraction: Extraction, pages: Sequence[PageText] = ()) -> tuple[Finding, ...]:
    """Every check's findings. With the pages, the checks also read what is printed beyond the extracted
    fields: a per-rate tax breakdown, every amount's currency symbol, labels of fields not read."""
    checks = (
        _total_present,
        _totals_add_up,
        _lines_add_up,
        _due_after_issue,
        terms_findings,
        _iban,
        _bic,
        bank_bic_findings,
        _vat_ids,
    )
    findings = [finding for check in checks for finding in check(extraction)]
    findings += tax_findings(extraction, pages)
    findings += currency_findings(extraction, pages)
    findings += label_findings(extraction, pages)
    findings += printed_findings(extraction, pages)
    findings += printed_amount_findings(extraction, pages)
    findings += ocr_findings(extraction, pages)
    findings += unsure_label_findings(extraction, pages)
    return tuple(findings)


def _amount(extraction: Extraction, name: str) -> Decimal | None:
    value = extraction.value(name)
    return None if value is None else Decimal(value)


def _total_present(extraction: Extraction) -> list[Finding]:
    if extraction.value("total") is None:
        return [Finding("total_missing", "no invoice total was found", ("total",))]
    return []


def _totals_add_up(extraction: Extraction) -> list[Finding]:
    net, tax, total = (_amount(extraction, n) for n in ("total_net", "total_tax", "total"))
    if net is None or tax is None or total is None or abs(net + tax - total) <= TOLERANCE:
        return []
    message = f"net {net} + tax {tax} = {net + tax}, but the total reads {total}"
    return [Finding("totals_mismatch", message, ("total_net", "total_tax", "total"))]


def _lines_add_up(extraction: Extraction) -> list[Finding]:
    amounts = [Decimal(line.values["amount"]) for line in extraction.lines if "amount" in line.values]
    net, total = _amount(extraction, "total_net"), _amount(extraction, "total")
    if not amounts or net is None:
        return []
    line_sum = sum(amounts, Decimal(0))
    if abs(line_sum - net) <= TOLERANCE or (total is not None and abs(line_sum - total) <= TOLERANCE):
        return []  # lines printed without tax add up to the net, lines with tax to the total
    message = f"the {len(amounts)} line amounts add up to {line_sum}, but the net total reads {net}"
    return [Finding("lines_mismatch", message, ("lines", "total_net"))]


def _due_after_issue(extraction: Extraction) -> list[Finding]:
    issue, due = extraction.value("issue_date"), extraction.value("due_date")
    if issue is None or due is None or due >= issue:
        return []
    message = f"the due date {due} is before the issue date {issue}"
    return [Finding("due_before_issue", message, ("issue_date", "due_date"))]


def _iban(extraction: Extraction) -> list[Finding]:
    value = extraction.value("vendor_iban")
    if value is None:
        return []
    try:
        IBAN(value)
    except ValueError as error:
        return [Finding("iban_invalid", f"IBAN {value} is not valid: {error}", ("vendor_iban",))]
    return []


def _bic(extraction: Extraction) -> list[Finding]:
    value = extraction.value("vendor_bic")
    if value is None:
        return []
    try:
        BIC(value)
    except ValueError as error:
        return [Finding("bic_invalid", f"BIC {value} is not valid: {error}", ("vendor_bic",), "warning")]
    return []


def _vat_ids(extraction: Extraction) -> list[Finding]:
    findings = []
    for name, whose, severity in (("vendor_vat_id", "vendor", "error"), ("buyer_vat_id", "buyer", "warning")):
        value = extraction.value(name)
        if value is not None and not vatin.is_valid(value):
            message = f"the {whose} VAT number {value} fails its check digits"
            findings.append(Finding("vat_id_invalid", message, (name,), severity))
    return findings


def apply_findings(extraction: Extraction, findings: tuple[Finding, ...]) -> Extraction:
    """Lower the fields a failed check names; raise net, tax and total when they add up."""
    doubtful = {name for finding in findings if finding.severity == "error" for name in finding.fields}
    confirmed = _confirmed_amounts(extraction)
    fields = {}
    for name, found in extraction.fields.items():
        if name in doubtful:
            found = replace(found, confidence=min(found.confidence, FAILED_CHECK_CONFIDENCE))
        elif name in confirmed:
            found = replace(found, confidence=max(found.confidence, CONFIRMED_CONFIDENCE))
        fields[name] = found
    return replace(extraction, fields=fields)


def _confirmed_amounts(extraction: Extraction) -> set[str]:
    names = ("total_net", "total_tax", "total")
    net, tax, total = (_amount(extraction, n) for n in names)
    if net is None or tax is None or total is None or abs(net + tax - total) > TOLERANCE:
        return set()
    return set(names)
