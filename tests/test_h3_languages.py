"""The second look at skipped print loads only the languages the page already showed."""

from __future__ import annotations

import numpy as np
import pytest

from capture.languages import languages_shown
from capture.lighting import flatten_lighting
from models.pagetext import Word

CONFIGURED = "eng+deu+fra"


def _words(*texts: str) -> list[Word]:
    return [Word(text=text, box=(0.0, 0.0, 10.0, 5.0), confidence=0.9) for text in texts]


def test_english_page_is_read_again_in_english_alone() -> None:
    assert languages_shown(_words("Invoice", "Total", "Due", "date"), CONFIGURED) == "eng"


def test_german_page_is_read_again_in_german() -> None:
    words = _words("Rechnung", "Gebühr", "Straße", "Summe")
    assert languages_shown(words, CONFIGURED) == "eng+deu"


def test_french_page_is_read_again_in_french() -> None:
    assert languages_shown(_words("Facture", "Échéance", "réglé", "à"), CONFIGURED) == "eng+fra"


def test_one_stray_accent_does_not_make_an_english_page_german() -> None:
    assert languages_shown(_words("Invoice", "Totäl", "Due"), CONFIGURED) == "eng"


def test_page_with_both_accents_keeps_both_languages() -> None:
    words = _words("Größe", "Straße", "réglé", "payé")
    assert languages_shown(words, CONFIGURED) == CONFIGURED


@pytest.mark.parametrize("configured", ["eng+ita", "nld"])
def test_languages_the_rule_cannot_judge_or_no_unaccented_one_are_kept(configured: str) -> None:
    assert languages_shown(_words("Invoice", "Total"), configured) == configured


def test_only_configured_languages_are_chosen() -> None:
    assert languages_shown(_words("Straße", "Größe", "Invoice"), "eng+fra") == "eng"


def test_accented_languages_alone_fall_back_to_all_configured_when_none_is_shown() -> None:
    assert languages_shown(_words("Invoice", "Total"), "deu+fra") == "deu+fra"


def test_light_flattening_makes_shadowed_paper_evenly_white_and_keeps_ink_dark() -> None:
    height, width = 1200, 900
    light = np.linspace(110, 240, width, dtype=np.float32)[None, :].repeat(height, axis=0)
    page = light.copy()
    page[300:320, 100:800] = light[300:320, 100:800] * 0.3  # a printed line across the shadow
    flat = flatten_lighting(page.astype(np.uint8))
    paper = np.concatenate([flat[100:200].ravel(), flat[600:700].ravel()])
    assert paper.min() >= 230
    assert flat[305:315, 150:750].max() <= 110
