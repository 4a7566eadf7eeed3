"""The bench's report: stage rows per kind of page and pipeline/bare-tesseract ratios."""

from samples.bench import PageTiming, stage_report


def _page(kind: str, read: float, bare: float | None) -> PageTiming:
    seconds = {"cleanup": 0.1, "read": read, "extract": 0.05, "validate": 0.05}
    return PageTiming(kind, seconds, bare_tesseract=bare)


def test_ratios_are_given_per_kind_of_ocr_page_and_for_all_of_them() -> None:
    timings = [
        _page("born-digital", 0.02, None),
        _page("scanned", 0.8, 1.0),  # pipeline 1.0 s
        _page("photographed", 1.8, 1.0),  # pipeline 2.0 s
    ]
    report = "\n".join(stage_report(timings))
    assert "scanned pages (1): pipeline 1.000 s/page, bare tesseract 1.000 s/page: " in report
    assert "photographed pages (1): pipeline 2.000 s/page" in report
    assert "all OCR'd pages (2): pipeline 1.500 s/page, bare tesseract 1.000 s/page" in report
    assert report.endswith("pipeline time / bare tesseract time = 1.50")
    assert "born-digital  pipeline" in report


def test_a_set_without_scans_has_no_ratio() -> None:
    report = stage_report([_page("born-digital", 0.02, None)])
    assert not any("bare tesseract" in row for row in report)


def test_photos_are_also_set_against_tesseract_on_their_flattened_page() -> None:
    photo = _page("photographed", 1.8, 1.0)  # pipeline 2.0 s
    photo.flattened_tesseract = 1.6
    report = stage_report([_page("scanned", 0.8, 1.0), photo])
    assert report[-1] == (
        "photographed pages (1): pipeline 2.000 s/page, tesseract on the flattened page 1.600 s/page: "
        "pipeline time / tesseract on the flattened page time = 1.25"
    )
    assert "all OCR'd pages (2): pipeline 1.500 s/page, bare tesseract 1.000 s/page" in "\n".join(report)
