"""The dashboard in a real headless Chromium (Debian's chromium + chromedriver, selenium).

`scripts/install-browser.sh` installs them; a missing browser is a failure
that names that script, never a skip.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from shared.contracts import Document, Province, Quantity
from tests.integration.test_aggregator_service import api_rows, eventually, send_all, worker
from tests.kafka_io import Broker
from tests.records import meeting_record, person

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
PAGE = "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-52d2fd8/"
MID = "VN-03-2025-03-17-standing_committee"
TUYEN_QUANG = Province(code="VN-07", name="Tuyên Quang", name_ascii="Tuyen Quang")
SCREENSHOTS = Path(tempfile.gettempdir()) / "tinhuy-dashboard"


def three_languages() -> list[tuple[str, object]]:
    chair = person("Le Minh Hung", "Politburo member", name="Lê Minh Hưng")
    vi = meeting_record(
        "vi",
        chairs=[chair],
        participants=[chair, person("Thao Hong Son", "Secretary", name="Thào Hồng Sơn")],
        documents=[Document(type="resolution", number="18", code="18-NQ/TW")],
        targets=[Quantity(metric="economic_growth", value=8, unit="%", year=2025)],
        source={"url": PAGE, "outlet": "baohagiang.vn", "lang": "vi"},
    )
    undated = {"meeting_id": None, "date": None, "date_precision": None}
    de = meeting_record("de", **undated, source={"lang": "de", "source_urls": [PAGE]})
    ru = meeting_record(
        "ru",
        **undated,
        documents=[Document(type="conclusion", number="118", code="118-KL/TW")],
        source={"lang": "ru", "source_urls": [PAGE]},
    )
    later = meeting_record(
        "tq",
        meeting_id="VN-07-2025-08-05-executive_committee",
        province=TUYEN_QUANG,
        date="2025-08-05",
        body="executive_committee",
        participants=[person("Thao Hong Son", "Secretary")],
    )
    return [("VN-03", de), ("VN-03", vi), ("VN-03", ru), ("VN-07", later)]


def browser() -> webdriver.Chrome:
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.fail("no chromium/chromedriver: run `sudo bash scripts/install-browser.sh`")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="tinhuy-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,1400",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(str(DRIVER)))


def look(url: str) -> dict[str, object]:
    """What a person sees: the overview, then Hà Giang's page; screenshots of both."""
    SCREENSHOTS.mkdir(exist_ok=True)
    driver = browser()
    try:
        wait = WebDriverWait(driver, 30)
        driver.get(url + "/dashboard/")
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
        rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=provinces] tbody tr")
        seen: dict[str, object] = {
            "rows": [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows],
            "bars": [
                (b.get_attribute("data-month"))
                for b in driver.find_elements(By.CSS_SELECTOR, "[data-testid=chart-all] rect.bar")
            ],
        }
        driver.save_screenshot(str(SCREENSHOTS / "overview.png"))
        driver.find_element(By.LINK_TEXT, "Hà Giang").click()
        wait.until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") != "#/"
        )
        seen["title"] = driver.find_element(By.CSS_SELECTOR, "[data-testid=province-title]").text
        seen["lineage"] = driver.find_element(By.CSS_SELECTOR, "[data-testid=lineage]").text
        for table in ("people", "documents"):
            trs = driver.find_elements(By.CSS_SELECTOR, f"[data-testid={table}] tbody tr")
            seen[table] = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in trs]
        driver.save_screenshot(str(SCREENSHOTS / "province.png"))
        return seen
    finally:
        driver.quit()


async def test_reports_in_three_languages_merge_into_one_meeting_that_the_dashboard_shows(
    broker: Broker, service_env: dict[str, str], tmp_path: Path
) -> None:
    with worker(service_env, tmp_path, "agg") as w:
        await send_all(broker, three_languages())  # type: ignore[arg-type]
        expected = [("VN-03", 1, 3), ("VN-07", 1, 1)]
        await eventually(lambda: api_rows(w), lambda r: r == expected, 90, "folded")
        status, meeting = await w.get(f"/meetings/{quote(MID)}")
        status_old, by_old_id = await w.get("/meetings/record:de")
        status_doc, doc = await w.get("/openapi.json")
        seen = await asyncio.to_thread(look, w.url)
    assert status == status_old == status_doc == 200
    assert [(r["record_id"], r["lang"]) for r in meeting["reports"]] == [
        ("de", "de"),
        ("vi", "vi"),
        ("ru", "ru"),
    ]
    assert meeting["replaces"] == ["record:de"] and by_old_id == meeting
    assert [d["number"] for d in meeting["meeting"]["documents"]] == ["18", "118"]
    assert set(doc["paths"]) >= {"/provinces", "/provinces/{code}", "/meetings/{meeting_id}"}
    assert seen["rows"] == [
        ["Hà Giang", "VN-03", "1", "3", "2025-03-17", "VN-07"],
        ["Tuyên Quang", "VN-07", "1", "1", "2025-08-05", ""],
    ]
    assert seen["bars"] == ["2025-03", "2025-08"]
    assert seen["title"] == "Hà Giang (VN-03)"
    assert seen["lineage"] == "Merged in 2025 into Tuyên Quang (VN-07)."
    assert seen["people"] == [
        ["Lê Minh Hưng", "Politburo member", "1", "1", "2025-03-17", "2025-03-17"],
        ["Thào Hồng Sơn", "Secretary", "1", "0", "2025-03-17", "2025-03-17"],
    ]
    assert seen["documents"] == [
        ["118-KL/TW", "conclusion", "1", "2025-03-17", "2025-03-17"],
        ["18-NQ/TW", "resolution", "1", "2025-03-17", "2025-03-17"],
    ]
    shutil.copy(SCREENSHOTS / "province.png", tmp_path / "province.png")
