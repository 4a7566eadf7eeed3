"""The evaluation report names each wrong auto-approval and the share right at the routing threshold."""

from __future__ import annotations

from samples.evaluate import CalibrationTable, Evaluation, format_calibration, format_report
from samples.scoring import Summary


def test_the_calibration_report_gives_the_share_right_at_or_above_the_threshold():
    table = CalibrationTable()
    truth = {"fields": {"total": "119.00", "buyer_name": "Fennick Retail Ltd", "currency": "EUR"}}
    result = {
        "fields": {"total": "119.00", "buyer_name": "Accounts Payable", "currency": "EUR"},
        "confidence": {"total": 0.97, "buyer_name": 0.92, "currency": 0.5},
    }
    table.add(result, truth)
    rows = format_calibration(table)
    assert rows[-1] == "at confidence >= 0.90: 2 fields, 0.5000 right (target 0.99)"


def test_the_report_lists_the_wrong_auto_approvals():
    documents = [
        {
            "document": "a.pdf",
            "auto_approved": True,
            "wrong": {"issue_date": {"predicted": "2025-01-05", "truth": "2025-01-17"}},
        },
        {
            "document": "b.pdf",
            "auto_approved": False,
            "wrong": {"total": {"predicted": None, "truth": "1.00"}},
        },
        {"document": "c.pdf", "auto_approved": True, "wrong": {}},
    ]
    report = format_report(Evaluation(Summary(), {}, documents))
    assert "  a.pdf issue_date: '2025-01-05' (truth '2025-01-17')" in report.splitlines()
    assert "b.pdf" not in report and "c.pdf" not in report
    assert "wrong auto-approvals: none" in format_report(Evaluation(Summary(), {}, documents[1:]))
