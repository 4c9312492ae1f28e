"""The `tinhuy` command: run the pipeline, feed it, read it, parse and score offline."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tinhuy import client


def _settings() -> ServiceSettings:
    return ServiceSettings()


def cmd_seed(args: argparse.Namespace) -> int:
    settings = _settings()
    outputs = client.seed_articles(Path(args.dir))
    asyncio.run(ensure_topics(settings))
    count = asyncio.run(client.publish(settings, outputs))
    print(f"published {count} seed articles from {args.dir}", file=sys.stderr)
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    settings = _settings()
    asyncio.run(ensure_topics(settings))
    count = asyncio.run(client.publish(settings, client.url_requests(args.urls, force=args.force)))
    print(f"published {count} URL requests", file=sys.stderr)
    return 0


def cmd_tail(args: argparse.Namespace) -> int:
    topic = client.topic_named(args.topic)

    async def _tail() -> None:
        seen = 0
        async for key, value in client.read_topic(_settings(), topic, follow=args.follow):
            line = {"key": key.decode("utf-8", "replace") if key else None, "value": value}
            sys.stdout.buffer.write(orjson.dumps(line) + b"\n")
            sys.stdout.flush()
            seen += 1
            if args.max and seen >= args.max:
                return

    try:
        asyncio.run(_tail())
    except KeyboardInterrupt:
        pass
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from services.parser.parse import parse  # heavy: only for the commands that parse

    path = Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"tinhuy parse: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    parsed = parse(data, url=args.url)
    if parsed.record is None:
        out = {"meeting": None, "reason": parsed.reason}
    else:
        out = parsed.record.model_dump(mode="json", by_alias=True)
    sys.stdout.buffer.write(orjson.dumps(out, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from tinhuy.evaluate import format_table, score

    report = score(Path(args.gold), Path(args.docs))
    print(format_table(report))
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    created = asyncio.run(ensure_topics(_settings()))
    print("created: " + (", ".join(created) or "nothing (all exist)"), file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tinhuy.launcher import run_pipeline

    return run_pipeline(seeds=Path(args.seeds), out=Path(args.out), keep=args.keep)


def cmd_stop(args: argparse.Namespace) -> int:
    from tinhuy.launcher import stop_stack

    return stop_stack()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tinhuy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("seed", help="publish seed articles (and the sources they name)")
    p.add_argument("dir", nargs="?", default="seeds")
    p.set_defaults(func=cmd_seed)
    p = sub.add_parser("submit", help="publish URL requests")
    p.add_argument("urls", nargs="+")
    p.add_argument("--force", action="store_true", help="fetch even if fetched recently")
    p.set_defaults(func=cmd_submit)
    p = sub.add_parser("tail", help="print a topic's records as JSON lines")
    p.add_argument("topic", help="e.g. enriched, meetings, dead-letters, or a full name")
    p.add_argument("-f", "--follow", action="store_true", help="keep waiting for new records")
    p.add_argument("-n", "--max", type=int, default=0, help="stop after N records")
    p.set_defaults(func=cmd_tail)
    p = sub.add_parser("parse", help="print the meeting record of one HTML or text file")
    p.add_argument("path")
    p.add_argument("--url", default=None, help="the page's URL (outlet, relative links)")
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("eval", help="score the parser against gold annotations")
    p.add_argument("--gold", required=True)
    p.add_argument("--docs", required=True, help="folder the gold's `file` paths are under")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("topics", help="create the contract topics that are missing")
    p.set_defaults(func=cmd_topics)
    p = sub.add_parser("run", help="broker + services on the seeds, offline; summary at the end")
    p.add_argument("--seeds", default="seeds")
    p.add_argument("--out", default="out/enriched.jsonl")
    p.add_argument("--keep", action="store_true", help="leave the stack running")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("stop", help="stop the stack `run --keep` left running")
    p.set_defaults(func=cmd_stop)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (FileNotFoundError, ValueError) as exc:
        print(f"tinhuy {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
