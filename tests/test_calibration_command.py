"""`python -m samples.calibrate`: one command makes the fit sets it lacks and writes the table."""

from __future__ import annotations

import json

from extraction.calibration import Calibration, Observation
from samples import calibrate
from samples.calibrate import FitSet, prepare_fit_sets, summary
from samples.evaluate import find_cases


def test_the_fit_sets_are_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(calibrate, "FIT_SETS", (FitSet("pdf", "pdf", 2, 24998),))
    (directory,) = prepare_fit_sets(tmp_path, workers=1)
    assert directory == tmp_path / "pdf"
    first = sorted(p.name for p in directory.iterdir())
    assert len(find_cases(directory)) == 2
    stamp = (directory / first[0]).stat().st_mtime_ns
    prepare_fit_sets(tmp_path, workers=1)
    assert (directory / first[0]).stat().st_mtime_ns == stamp  # complete: not generated again


def test_the_command_fits_the_given_directories_and_writes_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(calibrate, "FIT_SETS", (FitSet("pdf", "pdf", 2, 24997),))
    (directory,) = prepare_fit_sets(tmp_path, workers=1)
    out = tmp_path / "table.json"
    assert calibrate.main([str(directory), "--out", str(out), "--workers", "1"]) == 0
    table = Calibration.from_json(json.loads(out.read_text()))
    assert any(group.startswith("total|pt") for group in table.groups)
    assert "pt:" in capsys.readouterr().out


def test_the_summary_counts_fit_fields_at_or_above_the_threshold_per_source():
    observations = [Observation("total|pt|en", 0.95, True), Observation("total|px|en", 0.5, False)]
    table = Calibration((0.5, 1.0), {"total|pt|en": (0.5, 0.99), "total|px|en": (0.4, 0.9)})
    assert summary(observations, table) == [
        "  pt: 1 fields, 1 at >= 0.9 of which right 1.0000",
        "  px: 1 fields, 0 at >= 0.9 of which right -",
    ]
