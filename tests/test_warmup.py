"""A worker warms up before it forks job processes: the stages' lazily loaded tables are loaded
once in the worker, and a failure to warm up is logged, never fatal."""

import logging

import pytest

import capture.warmup as warmup
from capture.errors import OcrUnavailable
from capture.pipeline import PipelineOptions, decide
from extraction import towns
from extraction.spacy.predict import load_pipeline


def test_the_sample_invoice_gives_every_stage_something_to_do() -> None:
    for source in ("ocr", "text-layer"):
        outcome = decide([warmup.sample_page(source)], PipelineOptions())
        fields = {name: field.value for name, field in outcome.extraction.fields.items() if field}
        # Values from each part of the page, so the stages that read them all run.
        assert fields["vendor_address"] == "Hauptstraße 12\n01067 Dresden"
        assert fields["buyer_name"] == "Beispiel Handel AG"
        assert fields["vendor_iban"] == "DE89370400440532013000"
        assert fields["total"] == "119.00"
        assert len(outcome.extraction.lines) == 2


def test_warming_up_loads_the_town_tables_and_the_ner_model() -> None:
    towns._town_tables.cache_clear()
    load_pipeline.cache_clear()
    warmup.warm_up(PipelineOptions())
    assert towns._town_tables.cache_info().currsize == 1
    assert load_pipeline.cache_info().currsize == 1


def test_a_failure_while_warming_up_is_logged_and_the_worker_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args, **_kwargs):
        raise ValueError("a bug in a stage")

    monkeypatch.setattr(warmup, "decide", broken)
    with caplog.at_level(logging.ERROR, logger="capture.warmup"):
        seconds = warmup.warm_up(PipelineOptions())
    assert seconds >= 0
    assert "warming up the extraction stages failed" in caplog.text
    assert "a bug in a stage" in caplog.text


def test_a_missing_ocr_engine_is_told_at_start_and_the_worker_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def not_installed():
        raise OcrUnavailable("the OCR engine (tesseract) is not installed")

    monkeypatch.setattr(warmup, "available_languages", not_installed)
    with caplog.at_level(logging.WARNING, logger="capture.warmup"):
        warmup.warm_up(PipelineOptions())
    assert "the OCR engine (tesseract) is not installed: scans and photos will fail" in caplog.text
