"""`invoice-capture extract`: the pipeline in process on files, printing or writing results."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from capture.errors import CaptureError
from capture.pipeline import PipelineOptions, outcome_to_json, process_bytes
from capture.settings import Settings

EXIT_DOCUMENT_FAILED = 3


def extract_files(files: Sequence[Path], *, as_json: bool, out_dir: Path | None, settings: Settings) -> int:
    """Returns 0 when every file was read, else the exit code of the last failure."""
    options = PipelineOptions.from_settings(settings)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    exit_code = 0
    for path in files:
        try:
            result = extract_one(path, options)
        except CaptureError as error:
            print(f"{path}: {error.message}", file=sys.stderr)
            exit_code = error.exit_code
            continue
        except OSError as error:
            print(f"{path}: cannot read the file ({error.strerror})", file=sys.stderr)
            exit_code = EXIT_DOCUMENT_FAILED
            continue
        emit(result, path, as_json=as_json, out_dir=out_dir)
    return exit_code


def extract_one(path: Path, options: PipelineOptions) -> dict:
    outcome, _pages = process_bytes(path.read_bytes(), options)
    return outcome_to_json(outcome, document=path.name)


def emit(result: dict, path: Path, *, as_json: bool, out_dir: Path | None) -> None:
    if out_dir is not None:
        target = out_dir / f"{path.stem}.json"
        target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path} -> {target}", file=sys.stderr)
    elif as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(human_summary(result))


def human_summary(result: dict) -> str:
    lines = [f"{result['document']}:"]
    for name, value in result["fields"].items():
        confidence = result["confidence"].get(name, 0.0)
        lines.append(f"  {name:<16} {value!s:<40} {confidence:.2f}")
    lines.append(f"  {len(result['lines'])} line item(s)")
    route = result.get("route", {})
    if route.get("auto_approve"):
        lines.append("  route: auto-approve")
    else:
        lines.append("  route: needs review — " + "; ".join(route.get("reasons", [])))
    return "\n".join(lines)
