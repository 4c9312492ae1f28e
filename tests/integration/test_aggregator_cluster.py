"""Two aggregator workers: shared partitions, rebalances, and queries routed between them.

Faust's known failure modes here: duplicates or crashes when a rebalance moves
a partition mid-transaction, and web-view table routing that sends a query to
the wrong worker (or fails) once the partitions are spread over two.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests.integration.test_aggregator_service import (
    api_rows,
    enriched_ids,
    eventually,
    local_details,
    rows,
    send_all,
    truth,
    worker,
)
from tests.kafka_io import Broker
from tests.records import report_stream


async def test_two_workers_answer_for_every_province_and_rebalances_lose_or_duplicate_nothing(
    broker: Broker, service_env: dict[str, str], tmp_path: Path
) -> None:
    records = report_stream(120)
    third = len(records) // 3
    with worker(service_env, tmp_path, "a") as a:
        await send_all(broker, records[:third])
        with worker(service_env, tmp_path, "b") as b:  # joins mid-stream: a rebalance
            await send_all(broker, records[third : 2 * third])
            state, _ = truth(records[: 2 * third])
            for w in (a, b):
                await eventually(lambda w=w: api_rows(w), lambda r: r == rows(state), 120, w.url)
            [status_a, meta_a] = await a.get("/provinces")
            assert status_a == 200 and meta_a["provinces"]
            # 503 while a partition moves (a rebalance may still settle): ask again.
            for code in state.provinces:
                expected = local_details(state, code)
                for w in (a, b):
                    await eventually(
                        lambda w=w, code=code: w.get(f"/provinces/{quote(code)}"),
                        lambda got, e=expected: got[0] == 200 and {k: got[1][k] for k in e} == e,
                        60,
                        f"{code} from {w.url}",
                    )
            some = sorted(k.split("/", 1)[1] for k in state.meetings)[:5]
            for mid in some:
                for w in (a, b):
                    status, body = await eventually(
                        lambda w=w, mid=mid: w.get(f"/meetings/{quote(mid, safe='')}"),
                        lambda got: got[0] != 503,
                        60,
                        f"{mid} from {w.url}",
                    )
                    assert (status, body["meeting"]["meeting_id"]) == (200, mid)
            assert "Traceback" not in a.log.read_text() + b.log.read_text()
            await send_all(broker, records[2 * third :])
            b.proc.kill()  # dies mid-stream: its partitions move back to a
            b.proc.wait()
        state, enriched = truth(records)
        await eventually(lambda: api_rows(a), lambda r: r == rows(state), 120, "after b died")
        assert await enriched_ids(broker, len(enriched)) == enriched
        assert "Traceback" not in a.log.read_text()
