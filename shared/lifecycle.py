"""Running a service until SIGTERM or SIGINT, then letting it finish its batch."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from shared import logs
from shared.settings import ServiceSettings


def run_until_signalled(
    settings: ServiceSettings, serve: Callable[[asyncio.Event], Coroutine[Any, Any, None]]
) -> None:
    logs.configure(settings.log_level, settings.log_json)

    async def _main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(stop)

    asyncio.run(_main())
