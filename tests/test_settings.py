from __future__ import annotations

import pytest

from capture.settings import SettingsError, load_settings


def test_defaults_are_the_embedded_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.data_dir == tmp_path / "data"
    assert settings.inbox_dir == tmp_path / "inbox"
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'capture.db'}"
    assert settings.redis_url is None
    assert settings.workers >= 1
    assert settings.ocr_languages == "eng+deu+fra"


def test_environment_overrides(tmp_path):
    settings = load_settings(
        {"REDIS_URL": "redis://example:6379/1", "CAPTURE_WORKERS": "3", "CAPTURE_CONFIDENCE_THRESHOLD": "0.8"}
    )
    assert (settings.redis_url, settings.workers, settings.confidence_threshold) == (
        "redis://example:6379/1",
        3,
        0.8,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CAPTURE_WORKERS", "two"), ("CAPTURE_CONFIDENCE_THRESHOLD", "1.5"), ("CAPTURE_PORT", "0")],
)
def test_bad_values_name_the_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_passwords_are_masked_in_the_startup_log():
    settings = load_settings({"DATABASE_URL": "postgresql://ap:secret@db/capture"})
    assert "secret" not in settings.describe()
    assert "postgresql://ap:***@db/capture" in settings.describe()
