"""2,000 corpus URLs through the whole pipeline while every service is SIGKILLed and
restarted once and the broker is stopped and started once: nothing is lost or doubled.

Accounted for exactly once means, for every URL submitted:
- it has a terminal outcome: it is listed among the reports of a meeting (the latest
  enriched version of each meeting; an id a later version `replaces` is gone), or it has
  a fetch failure or a dead letter with a reason;
- it has only one: never in two meetings, never twice in one meeting's reports, never
  both a report and a failure. The same failure published twice (a refused URL replayed
  after a crash, at-least-once) is one outcome.
Not outcomes: the fetcher's "fetched recently" / "not modified" answers. It gives them
to a request it has already served: the copy of a batch replayed after a SIGKILL or
re-sent while the broker was down, and an original that a translation's source line
requests again. They carry the hash of the page published before, whose report counts.

And every province ends with the corpus' meeting count: every generated meeting is there,
once, under its id. The parser's accuracy is not on trial here (tests/eval has it): a page
the parser, run offline on the same bytes before the run, cannot place in its meeting's
province (today two German translations that name "Ho Chi Minh" without "Stadt") still
needs exactly one outcome, but the meeting it makes of it is not counted; a meeting whose
every page is like that would not be expected (none is).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from services.parser.parse import parse
from shared.settings import ServiceSettings
from tests.kafka_io import Broker
from tests.pipeline import Accounting, Recorder, Stack, account, pipeline_env, publish_paced
from tinhuy.corpus import Corpus, Meeting, Origin, generate, serve_corpus
from tinhuy.localbroker import LocalBroker, free_port

pytestmark = pytest.mark.timeout(900)

URLS = 2000
SEED = 6
RATE = 40.0  # URLs a second: the run lasts long enough for every fault to land mid-flow
DONE_DEADLINE_S = 420.0
FAULT_DEADLINE_S = 180.0


def choose(corpus: Corpus, count: int) -> tuple[list[str], list[Meeting]]:
    """Whole meetings (an original with all its translations) adding up to `count` URLs,
    in the corpus' shuffled submission order."""
    chosen: list[Meeting] = []
    total = 0
    for meeting in corpus.truth.meetings.values():
        if total + len(meeting.urls) <= count:
            chosen.append(meeting)
            total += len(meeting.urls)
    if total != count:
        raise ValueError(f"{total} URLs, not {count}")
    wanted = {u for m in chosen for u in m.urls}
    return [u for u in corpus.urls if u in wanted], chosen


def placed(origin: Origin, urls: list[str]) -> dict[str, str | None]:
    """The province code the parser gives each page offline (None: no meeting record)."""
    out: dict[str, str | None] = {}
    for url in urls:
        record = parse(origin.body(url), url=url, content_type="text/html; charset=utf-8").record
        out[url] = record.province.code if record and record.province else None
    return out


async def wait_for(what: str, done: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.2)


async def test_every_url_is_accounted_for_once_through_kills_and_a_broker_restart(
    broker: Broker, broker_control: LocalBroker, service_env: dict[str, str], tmp_path: Path
) -> None:
    corpus = generate(SEED, 1100)
    logical, meetings = choose(corpus, URLS)
    settings: ServiceSettings = broker.settings
    async with serve_corpus(corpus, hosts=20) as origin:
        urls = [origin.url_for(u) for u in logical]
        offline = placed(origin, urls)
        right = {u for m in meetings for u in map(origin.url_for, m.urls)
                 if offline[u] == m.province_code}  # fmt: skip
        expected = [m for m in meetings if right & set(map(origin.url_for, m.urls))]
        env = {
            **pipeline_env(service_env, tmp_path / "agg", free_port()),
            # A SIGKILLed worker's partitions move after this; the broker's minimum is 6 s.
            "TINHUY_AGG_SESSION_TIMEOUT_S": "8",
        }
        stack = Stack(env, tmp_path / "logs")
        stack.start_all()
        faults: list[str] = []
        try:
            async with Recorder(settings) as rec:
                sent: dict[str, float] = {}
                publisher = asyncio.create_task(publish_paced(settings, urls, RATE, sent))

                began = time.monotonic()

                def note(what: str) -> None:
                    at = time.monotonic() - began
                    faults.append(f"{at:.0f} s: {what} ({len(sent)} sent, "
                                  f"{len(rec['enriched'])} enriched)")  # fmt: skip

                async def after_sent(count: int) -> None:
                    await wait_for(f"{count} sent", lambda: len(sent) >= count, FAULT_DEADLINE_S)

                for name, count in (("fetcher", 300), ("parser", 700), ("aggregator", 1100)):
                    await after_sent(count)
                    stack.kill(name)
                    note(f"SIGKILL {name}")
                    await asyncio.sleep(1.0)
                    stack.start(name)
                await after_sent(1500)
                note("broker stopping")
                broker_control.stop()
                await asyncio.sleep(3.0)
                broker_control.start()
                note("broker started")
                await asyncio.wait_for(publisher, timeout=FAULT_DEADLINE_S)

                def settled() -> bool:
                    return not account(rec).missing(urls)

                try:
                    await wait_for("every URL's outcome", settled, DONE_DEADLINE_S)
                except TimeoutError:
                    pass  # reported below, with the diff
                await asyncio.sleep(5.0)  # anything duplicated late would show by now
                final = await rec.reread()
                result = account(final)
                live = account(rec).missing(urls)
            alive = stack.alive()
        finally:
            stack.stop()
    report = _report(result, urls, faults, stack)
    report += f"\nthe live recorder missed {len(live)} of them: {sorted(live)[:5]}"
    assert not result.missing(urls), report
    assert not result.ambiguous(urls), report
    assert all(alive.values()), f"{alive}\n{report}"
    counted = {mid: m for mid, m in result.latest.items()
               if right & {r["url"] for r in m["reports"]}}  # fmt: skip
    per_province = Counter(m["province"]["code"] for m in counted.values())
    assert per_province == Counter(m.province_code for m in expected), report
    assert set(counted) == {m.meeting_id for m in expected}, report
    not_counted = {r["url"] for mid, m in result.latest.items() if mid not in counted
                   for r in m["reports"]}  # fmt: skip
    assert not_counted <= set(urls) - right, report


def _report(result: Accounting, urls: list[str], faults: list[str], stack: Stack) -> str:
    ambiguous = result.ambiguous(urls)
    lines = [
        "faults: " + "; ".join(faults),
        result.diff(urls),
        f"{len(ambiguous)} URLs with more than one outcome:",
        *(f"  {u}: {o}" for u, o in list(ambiguous.items())[:20]),
        f"skips (not outcomes): {dict(result.skips)}",
    ]
    for name in stack.procs:
        lines += [f"--- {name} log tail", stack.tail(name, 15)]
    return "\n".join(lines)
