"""The `invoice-capture` command: the service's processes, and the pipeline without a server."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from capture.settings import Settings, SettingsError, load_settings

log = logging.getLogger("invoice-capture")

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin list says nothing to a user
    try:
        return args.handler(args)
    except SettingsError as error:
        print(f"invoice-capture: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invoice-capture",
        description="OCR capture of supplier invoices: intake, reading, extraction, review and ERP export.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser(
        "up",
        help="start everything: Redis (unless REDIS_URL is set), workers, inbox watcher and web UI",
        description="Start the whole service on this machine and keep it running until Ctrl-C. "
        "Starts its own redis-server unless REDIS_URL is set; restarts a process that dies.",
    )
    up.set_defaults(handler=_up)

    worker = commands.add_parser(
        "worker",
        help="run one pipeline worker (needs REDIS_URL)",
        description="Take documents from the Redis queue and run the pipeline on them "
        "(cleanup, reading, extraction, validation, routing).",
    )
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(handler=_worker)

    watch = commands.add_parser(
        "watch",
        help="watch the inbox folder and take new files (needs REDIS_URL)",
        description="Poll the inbox folder, take each PDF, PNG, JPEG or TIFF once it is completely "
        "written, store and record it, queue it, and re-queue documents whose worker died.",
    )
    watch.set_defaults(handler=_watch)

    serve = commands.add_parser(
        "serve",
        help="run the review web UI and JSON API",
        description="Serve the review queue, invoice pages, uploads, exports and the JSON API "
        "on CAPTURE_HOST:CAPTURE_PORT.",
    )
    serve.set_defaults(handler=_serve)

    extract = commands.add_parser(
        "extract",
        help="read invoice files and print or write the extracted fields (no server needed)",
        description="Run the pipeline in this process on each FILE and print the result "
        "(fields, lines, confidence, evidence). Nothing is stored.",
    )
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF, PNG, JPEG or TIFF files")
    extract.add_argument("--json", action="store_true", help="print the result as JSON (fields.md shape)")
    extract.add_argument(
        "--out", type=Path, metavar="DIR", help="write DIR/<name>.json for each file instead"
    )
    extract.set_defaults(handler=_extract)

    export = commands.add_parser(
        "export",
        help="write a CSV export batch of approved, not yet exported invoices",
        description="Create one export batch of every approved invoice not exported yet and print the "
        "CSV file's path. Each invoice is exported exactly once.",
    )
    export.add_argument("--by", default="cli", help="who made the export (recorded in the audit trail)")
    export.set_defaults(handler=_export)

    _add_sample_commands(commands)

    migrate = commands.add_parser(
        "migrate",
        help="create or upgrade the database schema",
        description="Apply the database migrations (every other command also does this when needed).",
    )
    migrate.set_defaults(handler=_migrate)
    return parser


def _add_sample_commands(commands) -> None:
    samples = commands.add_parser(
        "samples",
        help="synthetic invoices with exact ground truth",
        description="Make synthetic invoices (born-digital PDFs, scans, phone photos) with ground truth.",
    )
    sample_commands = samples.add_subparsers(dest="samples_command", required=True, metavar="SUBCOMMAND")
    generate = sample_commands.add_parser(
        "generate",
        help="write N invoices and their .truth.json files",
        description="Write COUNT synthetic invoices with NAME.truth.json beside each; the same seed makes "
        "the same set. The heldout split uses layouts and vendors the train split never contains.",
    )
    generate.add_argument("--out", type=Path, required=True, metavar="DIR")
    generate.add_argument("--count", type=int, required=True, metavar="N")
    generate.add_argument("--seed", type=int, default=0, metavar="S")
    generate.add_argument("--split", choices=("train", "heldout"), default="train")
    generate.add_argument("--kind", choices=("pdf", "scan", "photo", "mixed"), default="mixed")
    generate.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    generate.set_defaults(handler=_samples_generate)

    evaluate = commands.add_parser(
        "evaluate",
        help="score extraction on documents with ground truth",
        description="Run extraction on every document in DIR that has a NAME.truth.json and score it by "
        "the rules of fields.md: precision, recall and F1 per field, header micro-F1, share of documents "
        "with every header field right, line-item F1, straight-through rate and wrong auto-approvals.",
    )
    evaluate.add_argument("directory", metavar="DIR")
    evaluate.add_argument(
        "--json", nargs="?", const="-", metavar="FILE", help="write the numbers as JSON (to FILE, or stdout)"
    )
    evaluate.add_argument(
        "--against", metavar="RESULTS.json", help="show the difference to an earlier --json run"
    )
    evaluate.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")
    evaluate.add_argument(
        "--read-cache",
        metavar="DIR",
        help="keep read pages (OCR) in DIR and reuse them: for measuring extraction changes quickly",
    )
    evaluate.set_defaults(handler=_evaluate)

    bench = commands.add_parser(
        "bench",
        help="measure speed per stage and end to end",
        description="Per stage (cleanup, read, extract, validate): median and p95 seconds per page, pages "
        "per second and peak memory, for born-digital and scanned pages; bare tesseract on the same "
        "uncleaned pages as the reference; then documents per minute through Redis and RQ workers "
        "with 1 and N workers, and the time from an inbox drop to the review queue.",
    )
    bench.add_argument("directory", metavar="DIR")
    bench.add_argument(
        "--workers", type=int, default=2, metavar="N", help="most workers end to end (default 2)"
    )
    bench.add_argument("--limit", type=int, default=0, help="only the first N documents")
    bench.add_argument("--no-end-to-end", action="store_true", help="only the per-stage timings")
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    bench.set_defaults(handler=_bench)


def _samples_generate(args) -> int:
    from samples.generator import generate_set

    paths = generate_set(
        args.out,
        count=args.count,
        seed=args.seed,
        split=args.split,
        kind=args.kind,
        workers=args.workers or None,
        progress=True,
    )
    print(f"wrote {len(paths)} documents with ground truth to {args.out}")
    return EXIT_OK


def _evaluate(args) -> int:
    from samples.evaluate import main as evaluate_main

    return evaluate_main(args)


def _bench(args) -> int:
    from samples.bench import main as bench_main

    return bench_main(args)


def _settings(*, announce: bool = False) -> Settings:
    """The settings from the environment; `up` logs them once, its children only when verbose."""
    settings = load_settings()
    log.log(logging.INFO if announce else logging.DEBUG, "settings:\n%s", settings.describe())
    return settings


def _up(_args) -> int:
    from capture.supervisor import run_up

    return run_up(_settings(announce=True))


def _require_redis(settings: Settings) -> None:
    if not settings.redis_url:
        raise SettingsError("REDIS_URL is not set (`invoice-capture up` sets it for the processes it starts)")


def _worker(args) -> int:
    from rq import Worker
    from rq.serializers import JSONSerializer

    import capture.jobs  # noqa: F401  (loaded once here, every forked job process inherits it)
    from capture.pipeline import PipelineOptions
    from capture.queue import connect, make_queue
    from capture.warmup import warm_up

    settings = _settings()
    _require_redis(settings)
    # Each job forks from this process: what the stages load here, they load only once.
    seconds = warm_up(PipelineOptions.from_settings(settings))
    log.info("worker warmed up in %.1f s", seconds)
    redis = connect(settings.redis_url)
    worker = Worker([make_queue(redis)], connection=redis, serializer=JSONSerializer)
    worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")
    return EXIT_OK


def _watch(_args) -> int:
    from capture.intake import receive
    from capture.recovery import requeue_stalled
    from capture.runtime import Runtime
    from capture.watcher import InboxWatcher, watch_forever

    settings = _settings()
    _require_redis(settings)
    runtime = Runtime(settings)
    runtime.prepare_storage()
    watcher = InboxWatcher(
        settings.inbox_dir,
        stable_seconds=settings.stable_seconds,
        receive=lambda incoming: receive(
            incoming, data_dir=settings.data_dir, sessions=runtime.sessions, enqueue=runtime.enqueue
        ),
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    log.info("watching %s for invoices", settings.inbox_dir)
    watch_forever(
        watcher,
        poll_seconds=settings.poll_seconds,
        sweep=lambda: requeue_stalled(runtime),
        should_stop=lambda: bool(stop),
    )
    return EXIT_OK


def _serve(_args) -> int:
    import uvicorn

    from capture.runtime import Runtime
    from review_ui.app import create_app

    settings = _settings()
    runtime = Runtime(settings)
    runtime.prepare_storage()
    uvicorn.run(create_app(runtime), host=settings.host, port=settings.port, log_level="info")
    return EXIT_OK


def _extract(args) -> int:
    from capture.extract_command import extract_files

    return extract_files(args.files, as_json=args.json, out_dir=args.out, settings=_settings())


def _export(args) -> int:
    from capture.runtime import Runtime
    from review_ui.exports import create_export

    settings = _settings()
    runtime = Runtime(settings)
    runtime.prepare_storage()
    batch = create_export(runtime, actor=args.by)
    if batch is None:
        print("nothing to export: no approved invoice is waiting", file=sys.stderr)
        return EXIT_OK
    print(json.dumps({"batch_id": batch.id, "invoices": batch.invoice_count, "rows": batch.row_count}))
    print(settings.data_dir / batch.path)
    return EXIT_OK


def _migrate(_args) -> int:
    from capture.runtime import Runtime

    Runtime(_settings()).prepare_storage()
    print("database schema is up to date")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
