"""Fit the confidence calibration on a TRAIN set and write the table the pipeline ships with.

    python -m samples.calibrate DIR [DIR ...] --out extraction/calibration.json [--read-cache CACHE_DIR]

DIR holds generated documents with `.truth.json` beside them, e.g. from
`invoice-capture samples generate --out /tmp/calib-fit --count 300 --seed 7500 --split train --kind pdf`
(the shipped table). OCR'd fields (evidence in "px") keep their conservative raw scores: a 40-scan fit
set made them over-confident (on a train dev set 98.8% right at >= 0.9 instead of 99.9%, and a photo was
wrongly approved), so fit scans only with a few hundred scans and photos.
Never fit on the held-out split: the table would then claim an accuracy nobody measured. Re-run whenever
the extractor changes its raw scores; reading is cached, so a re-fit takes seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extraction.calibration import DEFAULT_PATH, Observation, fit, group_of
from samples.evaluate import Case, find_cases
from samples.scoring import field_matches


def observe(case: Case, cache_dir: Path | None) -> list[Observation]:
    """Every field the extractor found on one document, with its raw score and whether it is right."""
    from capture.pipeline import PipelineOptions, read_document
    from capture.settings import load_settings
    from extraction import extract_fields
    from samples.page_cache import read_document_cached

    options = PipelineOptions.from_settings(load_settings())
    data = case.document.read_bytes()
    pages = read_document_cached(data, options, cache_dir) if cache_dir else read_document(data, options)
    truth = json.loads(case.truth_path.read_text(encoding="utf-8"))["fields"]
    extraction = extract_fields(pages)
    return [
        Observation(
            group_of(name, found, extraction.language),
            found.confidence,
            field_matches(name, found.value, truth[name]),
        )
        for name, found in extraction.fields.items()
        if name in truth  # a field the truth does not score says nothing about right or wrong
    ]


def observe_all(cases: list[Case], cache_dir: Path | None, workers: int) -> Iterator[Observation]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for observations in pool.map(observe, cases, [cache_dir] * len(cases)):
            yield from observations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("directories", nargs="+", help="TRAIN split directories with .truth.json files")
    parser.add_argument("--out", default=str(DEFAULT_PATH), help="where to write the table")
    parser.add_argument("--read-cache", help="directory caching what was read from each document")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    cases = [case for directory in args.directories for case in find_cases(Path(directory))]
    if not cases:
        print(f"no documents with a .truth.json found under {args.directories}", file=sys.stderr)
        return 2
    cache_dir = Path(args.read_cache) if args.read_cache else None
    observations = list(observe_all(cases, cache_dir, args.workers))
    calibration = fit(observations)
    Path(args.out).write_text(json.dumps(calibration.to_json(), indent=1) + "\n", encoding="utf-8")
    right = sum(o.right for o in observations)
    print(
        f"fitted {len(calibration.groups)} groups on {len(observations)} fields ({right} right) "
        f"from {len(cases)} documents -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
