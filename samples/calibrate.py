"""Fit the confidence calibration on TRAIN sets and write the table the pipeline ships with.

The shipped table (extraction/calibration.json) is fitted by one command:

    python -m samples.calibrate --base /tmp/calib-fit --read-cache /tmp/calib-cache --workers 1

It fits on the sets of FIT_SETS under BASE, generating any that is missing exactly as

    invoice-capture samples generate --out BASE/pdf --count 800 --seed 24010 --split train --kind pdf
    invoice-capture samples generate --out BASE/scan --count 240 --seed 24001 --split train --kind scan
    invoice-capture samples generate --out BASE/photo --count 80 --seed 24002 --split train --kind photo

Reading the scans and photos (OCR) takes 15-25 minutes the first time and is cached in --read-cache;
a re-fit after the extractor changed its raw scores then takes a few minutes. OCR'd fields ("px") need
the few hundred scans and photos: a 40-scan fit set made them over-confident. Other TRAIN directories
can be given instead (`python -m samples.calibrate DIR [DIR ...] --out FILE`), e.g. for an experiment.
Never fit on the held-out split, nor on the dev sets the table is then measured on (/tmp/dev-train,
seed 7777): the table would claim an accuracy nobody measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extraction.calibration import DEFAULT_PATH, Calibration, Observation, fit, group_of
from samples.evaluate import Case, find_cases
from samples.scoring import field_matches


@dataclass(frozen=True)
class FitSet:
    """One generated TRAIN set of the shipped fit: BASE/name holds `count` documents of `kind`."""

    name: str
    kind: str
    count: int
    seed: int


FIT_SETS: tuple[FitSet, ...] = (
    FitSet("pdf", "pdf", 800, 24010),
    FitSet("scan", "scan", 240, 24001),
    FitSet("photo", "photo", 80, 24002),
)


def prepare_fit_sets(base: Path, workers: int) -> list[Path]:
    """The directories of FIT_SETS under base, each generated first when it holds fewer documents (the
    generator is deterministic: a set made again, or made larger, keeps the documents it had)."""
    from samples.generator.generate import generate_set

    directories = []
    for fit_set in FIT_SETS:
        directory = base / fit_set.name
        if len(find_cases(directory)) < fit_set.count:
            print(f"generating {fit_set.count} {fit_set.kind} documents (seed {fit_set.seed}) in {directory}")
            generate_set(
                directory,
                count=fit_set.count,
                seed=fit_set.seed,
                split="train",
                kind=fit_set.kind,
                workers=workers,
            )
        directories.append(directory)
    return directories


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
            group_of(name, found, extraction.language, extraction.locale_hints),
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
    parser.add_argument(
        "directories", nargs="*", help="TRAIN split directories with .truth.json files (default: FIT_SETS)"
    )
    parser.add_argument("--base", default="/tmp/calib-fit", help="where the FIT_SETS are (or are generated)")
    parser.add_argument("--out", default=str(DEFAULT_PATH), help="where to write the table")
    parser.add_argument("--read-cache", help="directory caching what was read from each document")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    directories = [Path(d) for d in args.directories] or prepare_fit_sets(Path(args.base), args.workers)
    cases = [case for directory in directories for case in find_cases(directory)]
    if not cases:
        print(f"no documents with a .truth.json found under {[str(d) for d in directories]}", file=sys.stderr)
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
    print(*summary(observations, calibration), sep="\n")
    return 0


def summary(observations: list[Observation], calibration: Calibration, threshold: float = 0.9) -> list[str]:
    """Per source, how many fit fields the new table puts at or above the threshold, and how many of those
    were right: a check that the table is not more sure than its own fit data."""
    rows = []
    for source in sorted({o.group.split("|")[1] for o in observations}):
        mine = [o for o in observations if o.group.split("|")[1] == source]
        sure = [o for o in mine if (calibration.probability(o.group, o.raw) or o.raw) >= threshold]
        right = sum(o.right for o in sure)
        share = f"{right / len(sure):.4f}" if sure else "-"
        rows.append(f"  {source}: {len(mine)} fields, {len(sure)} at >= {threshold} of which right {share}")
    return rows


if __name__ == "__main__":
    sys.exit(main())
