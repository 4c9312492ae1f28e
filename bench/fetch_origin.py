"""The bench's origin, in its own process: tests/origin.py on many 127.0.0.x addresses.

Prints `{"address": port, ...}` as one JSON line when ready, serves until its
standard input closes, then writes every request it saw (host, path, monotonic
arrival time) as JSON to the path given as its argument.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import orjson

from tests.origin import serve_origin


async def main(addresses: list[str]) -> list[tuple[str, str, float]]:
    async with serve_origin(addresses[0], also=addresses[1:]) as origin:
        print(orjson.dumps(origin.sites).decode(), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        return [(h.host, h.path, h.at) for h in origin.hits]


if __name__ == "__main__":
    Path(sys.argv[1]).write_bytes(orjson.dumps(asyncio.run(main(sys.argv[2].split(",")))))
