"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright), served by
uvicorn over the bundled sample corpus: pick IRN and PRK, see the chart, click a point, follow an event
to its article. Screenshots of every page go to test-artifacts/screenshots/ (gitignored).

Skipped when /usr/bin/chromium (or the playwright package) is absent; `.ci/run` installs Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
    pytest.mark.slow,
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving the dashboard over a copy of the demo database, on a free port, in a thread."""
    import uvicorn

    from dyad.web.app import create_app

    db = tmp_path_factory.mktemp("web") / "dyad.duckdb"
    shutil.copy(demo_db, db)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for the socket, not a timing assertion
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    pg.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    pg.problems = problems
    yield pg
    context.close()
    assert not problems, problems


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_overview_shows_counts_chart_dyads_and_failures(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#cards .card")
    page.wait_for_selector("#dyads table tbody tr")
    page.wait_for_selector("#failures table tbody tr")
    assert page.evaluate("window.dyadChart.data.datasets.length") == 4
    assert page.evaluate("window.dyadChart.data.labels.length") > 5
    assert "documents" in page.inner_text("#cards")
    shot(page, "overview")


def test_pick_two_actors_click_a_point_follow_an_event_to_its_article(server: str, page: Any) -> None:
    page.goto(server + "/dyads")
    page.fill("input[name=a]", "IRN")
    page.fill("input[name=b]", "PRK")
    page.select_option("select[name=by]", "month")
    page.click("#show")
    page.wait_for_function("window.dyadChart && window.dyadChart.data.labels.length > 0")
    labels = page.evaluate("window.dyadChart.data.datasets.map(d => d.label)")
    assert labels == ["IRN->PRK", "PRK->IRN"]
    # click the first bar that has events, where the browser draws it
    point = page.evaluate(
        """() => { const c = window.dyadChart; const box = c.canvas.getBoundingClientRect();
        for (let d = 0; d < c.data.datasets.length; d++) { const data = c.data.datasets[d].data;
          for (let i = 0; i < data.length; i++) if (data[i] > 0) { const el = c.getDatasetMeta(d).data[i];
            return {x: box.left + el.x, y: box.top + (el.y + el.base) / 2, d, i, period: c.data.labels[i]}; } }
        return null; }"""
    )
    assert point is not None
    shot(page, "dyads")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#events table.events tbody tr")
    direction = "IRN->PRK" if point["d"] == 0 else "PRK->IRN"
    assert page.inner_text("#events-title") == f"{direction} in {point['period']}"
    first = page.locator("#events table.events tbody tr").first
    source, target = direction.split("->")
    assert source in first.locator("td").nth(1).inner_text()
    assert target in first.locator("td").nth(2).inner_text()
    assert first.locator("mark.trg").count() == 1  # the evidence: trigger highlighted in the sentence
    event_id = first.get_attribute("data-event-id")
    shot(page, "dyads-events")
    first.locator("a.article-link").click()
    page.wait_for_url("**/article?**")
    page.wait_for_selector("#text mark.ev.focus")
    assert page.locator(f"#events tr[data-event-id='{event_id}']").count() == 1
    assert page.inner_text("#title")
    assert page.locator("#meta table").count() == 1
    assert page.locator("#removed table, #removed p").count() == 1
    shot(page, "article")


def test_event_table_filters_and_pages(server: str, page: Any) -> None:
    page.goto(server + "/events")
    page.wait_for_selector("table.events tbody tr")
    page.fill("input[name=source]", "GOV")
    page.select_option("select[name=quad_class]", "3")
    page.select_option("select[name=limit]", "25")
    page.click("#filter")
    page.wait_for_selector("#pager span:has-text('1–25 of')")
    assert page.locator("table.events tbody tr").count() == 25
    assert all("3 verbal conflict" in t for t in page.locator("table.events tbody td:nth-child(5)").all_inner_texts())
    before = page.locator("table.events tbody tr").first.get_attribute("data-event-id")
    page.click("#next")
    page.wait_for_selector("#pager span:has-text('26–')")
    assert page.locator("table.events tbody tr").first.get_attribute("data-event-id") != before
    shot(page, "events")
    page.fill("input[name=since]", "yesterday")
    page.click("#filter")
    page.wait_for_selector("#message .error")
    assert "since='yesterday' is not a date" in page.inner_text("#message")


def test_network_view_with_a_filter(server: str, page: Any) -> None:
    page.goto(server + "/network")
    page.wait_for_selector("svg.network line.edge")
    all_edges = page.locator("svg.network line.edge").count()
    page.fill("input[name=actor]", "PRK")
    page.fill("input[name=min_events]", "2")
    page.click("#network-form button")
    page.wait_for_url("**actor=PRK**")
    page.wait_for_function(f"document.querySelectorAll('svg.network line.edge').length < {all_edges}")
    assert page.locator("#edges tbody tr").count() == page.locator("svg.network line.edge").count() > 0
    shot(page, "network")
