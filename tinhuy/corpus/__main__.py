"""`python -m tinhuy.corpus serve|write`: the corpus on loopback for manual runs, or as a WARC."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from tinhuy.corpus import generate, serve_corpus, write_warc


async def _serve(args: argparse.Namespace) -> None:
    corpus = generate(args.seed, args.meetings, provinces=args.provinces, hostile=args.hostile)
    async with serve_corpus(corpus, args.hosts, port=args.port, names=args.names) as origin:
        if args.urls:
            _write_lines(Path(args.urls), origin.urls)
        print(
            json.dumps(
                {
                    "port": origin.port,
                    "hosts": origin.hosts,
                    "urls": len(origin.urls),
                    "pages": len(corpus.pages),
                    "meetings": len(corpus.truth.meetings),
                    "resolve": origin.resolve if args.names else None,
                    "example": origin.urls[0],
                }
            ),
            flush=True,
        )
        await asyncio.Event().wait()  # until Ctrl-C


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _write(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    corpus = generate(args.seed, args.meetings, provinces=args.provinces, hostile=args.hostile)
    count = write_warc(corpus, Path(args.out))
    took = time.perf_counter() - started
    print(f"{args.out}: {count} responses, {len(corpus.truth.meetings)} meetings, {took:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tinhuy.corpus", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "write"):
        p = sub.add_parser(name)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--meetings", type=int, default=2000)
        p.add_argument("--provinces", type=int, default=None)
        p.add_argument("--hostile", action="store_true", help="add the hostile extras")
    serve = sub.choices["serve"]
    serve.add_argument("--port", type=int, default=8800)
    serve.add_argument("--hosts", type=int, default=20, help="loopback addresses 127.0.0.2…")
    serve.add_argument("--names", action="store_true", help="address pages by host name")
    serve.add_argument("--urls", help="write the served URLs, one a line, to this file")
    sub.choices["write"].add_argument("out", help="OUT.warc.gz")
    args = parser.parse_args(argv)
    if args.command == "write":
        _write(args)
        return 0
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
