"""The command line without a server: `extract` and `evaluate` on generated invoices."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from capture.cli import main
from samples.generator import generate_one
from tests.made_documents import INVOICE_LINES, pdf_with_lines


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def test_extract_json_prints_the_fields_md_shape(tmp_path, capsys):
    invoice = generate_one(3, kind="pdf")
    path = _write(tmp_path, "acme.pdf", invoice.data)
    assert main(["extract", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["document"] == "acme.pdf"
    assert {"fields", "lines", "confidence", "evidence"} <= set(result)
    assert result["fields"]["total"] == invoice.truth["fields"]["total"]
    assert set(result["confidence"]) == set(result["fields"])
    evidence = result["evidence"]["total"]
    assert evidence["page"] == 1 and evidence["unit"] == "pt" and len(evidence["box"]) == 4


def test_extract_out_writes_one_json_per_file_and_reports_bad_ones(tmp_path, capsys):
    good_pdf = _write(tmp_path, "a.pdf", generate_one(4, kind="pdf").data)
    scan = generate_one(5, kind="scan")
    good_scan = _write(tmp_path, f"b{scan.suffix}", scan.data)
    locked = _write(tmp_path, "locked.pdf", pdf_with_lines(INVOICE_LINES, password="x"))
    out = tmp_path / "out"
    code = main(["extract", str(good_pdf), str(locked), str(good_scan), "--out", str(out)])
    assert code == 3  # one document could not be read; the others were
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert json.loads((out / "b.json").read_text())["document"] == good_scan.name
    assert "locked.pdf: PDF is password-protected" in capsys.readouterr().err


def test_every_command_has_help():
    for command in ("up", "worker", "watch", "serve", "extract", "export", "evaluate", "bench"):
        done = subprocess.run(
            [sys.executable, "-m", "capture.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and "usage: invoice-capture" in done.stdout, command


def test_evaluate_scores_a_generated_set(tmp_path, capsys):
    for seed in (7, 8):
        invoice = generate_one(seed, kind="pdf")
        _write(tmp_path, f"{invoice.name}{invoice.suffix}", invoice.data)
        (tmp_path / f"{invoice.name}.truth.json").write_text(json.dumps(invoice.truth))
    numbers = tmp_path / "numbers.json"
    assert main(["evaluate", str(tmp_path), "--json", str(numbers), "--workers", "1", "--quiet"]) == 0
    report = capsys.readouterr().out
    assert "header F1" in report and "total" in report
    result = json.loads(numbers.read_text())
    assert result["overall"]["documents"] == 2
    assert set(result["by_kind"]) == {"pdf"}
    assert result["overall"]["fields"]["total"]["tp"] == 2  # born-digital totals are read exactly


def test_evaluate_without_truth_files_says_so(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path), "--quiet"]) == 2
    assert "no documents with a .truth.json" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1"])
def test_bad_settings_stop_with_a_clear_message(monkeypatch, capsys, value, tmp_path):
    monkeypatch.setenv("CAPTURE_WORKERS", value)
    assert main(["extract", str(tmp_path / "x.pdf")]) == 2
    assert "CAPTURE_WORKERS" in capsys.readouterr().err


def test_evaluate_read_cache_gives_the_same_scores_and_is_reused(tmp_path, capsys):
    invoice = generate_one(9, kind="scan")
    _write(tmp_path, f"{invoice.name}{invoice.suffix}", invoice.data)
    (tmp_path / f"{invoice.name}.truth.json").write_text(json.dumps(invoice.truth))
    cache, first, second = tmp_path / "cache", tmp_path / "first.json", tmp_path / "second.json"
    arguments = ["evaluate", str(tmp_path), "--workers", "1", "--quiet", "--read-cache", str(cache)]
    assert main([*arguments, "--json", str(first)]) == 0
    assert len(list(cache.iterdir())) == 1
    assert main([*arguments, "--json", str(second)]) == 0
    assert json.loads(first.read_text())["overall"] == json.loads(second.read_text())["overall"]
