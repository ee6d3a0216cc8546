"""Benchmark: a new visitor's first view of Overzicht, in a real browser.

From opening the link (a fresh browser profile: nothing cached) until every Overzicht
chart is drawn, against a baseline measured in the same run: a bare Streamlit page with
one Plotly chart of the same size (``first_view_bare.py``). Both servers run warm (the
first visit, which fills the sample data, is not measured); visits alternate between
the two so machine load hits both alike. Target (issue 11): within 1.5× of the bare page.

Prints per page the median wall time, the CPU seconds the server and the browser spent
(the machine is shared: CPU shows what an idle machine would do when wall time is
inflated by other load), the script runs per visit and the bytes fetched; then the ratio.

Run: ``python benchmarks/bench_first_view.py [--visits 7]`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    start_streamlit,
    stop_streamlit,
)

TARGET = 1.5
VIEWPORT = {"width": 1366, "height": 768}
# Set before any page script runs: when the expected charts are first drawn (ms since
# navigation start), and how many script runs the page went through until then.
PROBE = """
(() => {
  window.__w13 = {drawn: null, runs: 0};
  let running = false;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.dataset.testScriptState;
    if (state === 'running' && !running) window.__w13.runs += 1;
    running = state === 'running';
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    if (window.__w13.drawn === null && plots.length >= window.__w13_expected
        && plots.every((p) => p.querySelector('.main-svg g.trace'))) {
      window.__w13.drawn = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                  attributes: true});
})();
"""


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the processes (and their children) so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime (fields 14–17 of stat, 12–15 after the name)
        total += sum(int(f) for f in fields[11:15]) / ticks
    return total


def browser_pids(root: int) -> list[int]:
    """A process and all its descendants (for the browser: renderers, GPU, network)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for child in Path("/proc").glob(f"{pid}/task/*/children"):
            todo += [int(c) for c in child.read_text().split()]
    return found


def visit(browser, url: str, expected: int, browser_root: int, server_pid: int) -> dict:
    """One new visitor: a fresh context (empty cache), until the charts are drawn."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    context.add_init_script(f"window.__w13_expected = {expected};" + PROBE)
    page = context.new_page()
    finished = []  # sized before the context closes: sizing inside the event races it
    page.on("requestfinished", lambda request: finished.append(request))
    before_server = cpu_seconds([server_pid])
    before_browser = cpu_seconds(browser_pids(browser_root))
    page.goto(url)
    page.wait_for_function("() => window.__w13 && window.__w13.drawn !== null", timeout=120_000)
    probe = page.evaluate("() => window.__w13")
    result = {
        "wall": probe["drawn"] / 1000,
        "server cpu": cpu_seconds([server_pid]) - before_server,
        "browser cpu": cpu_seconds(browser_pids(browser_root)) - before_browser,
        "runs": probe["runs"],
        "kB": sum(r.sizes()["responseBodySize"] for r in finished) / 1024,
    }
    context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=7)
    parser.add_argument(
        "--dashboard",
        type=Path,
        default=ROOT / "dashboard.py",
        help="the entry script to measure (e.g. of an older checkout, to compare)",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from charts import catalogue

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "dashboard").mkdir()
        (work / "bare").mkdir()
        entry = args.dashboard.resolve()
        dashboard = start_streamlit(entry, work / "dashboard", cwd=entry.parent)
        bare = start_streamlit(ROOT / "benchmarks" / "first_view_bare.py", work / "bare")
        pages = {
            "Overzicht": (dashboard, len(catalogue.for_page("overzicht"))),
            "bare page": (bare, 1),
        }
        results: dict[str, list[dict]] = {name: [] for name in pages}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                root = browser_root_pid()
                for app, expected in pages.values():  # warm: sample data, caches
                    visit(browser, app.url, expected, root, app.process.pid)
                for _ in range(args.visits):
                    for name, (app, expected) in pages.items():
                        results[name].append(
                            visit(browser, app.url, expected, root, app.process.pid)
                        )
                browser.close()
        finally:
            stop_streamlit(dashboard)
            stop_streamlit(bare)
    report(results, args.visits)
    return 0


def browser_root_pid() -> int:
    """The pid of the browser Playwright started: a descendant of this process, the
    chromium that is not one of chromium's helper processes (``--type=...``)."""
    candidates = [
        pid
        for pid in browser_pids(os.getpid())
        if "chrom" in _command(pid) and "--type=" not in _command(pid)
    ]
    return min(candidates)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def report(results: dict[str, list[dict]], visits: int) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"First view, new visitor, {visits} visits each at 1366×768; load average {load}")
    print(f"{'page':<12}{'wall s':>9}{'server CPU':>12}{'browser CPU':>13}{'runs':>6}{'kB':>9}")
    medians = {}
    for name, rows in results.items():
        medians[name] = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        m = medians[name]
        print(
            f"{name:<12}{m['wall']:>9.2f}{m['server cpu']:>12.2f}{m['browser cpu']:>13.2f}"
            f"{m['runs']:>6.0f}{m['kB']:>9.0f}"
        )
    ratio = medians["Overzicht"]["wall"] / medians["bare page"]["wall"]
    cpu = (medians["Overzicht"]["server cpu"] + medians["Overzicht"]["browser cpu"]) / (
        medians["bare page"]["server cpu"] + medians["bare page"]["browser cpu"]
    )
    verdict = "within" if ratio <= TARGET else "ABOVE"
    print(f"ratio Overzicht / bare page: wall {ratio:.2f}, CPU {cpu:.2f} ({verdict} {TARGET}×)")


if __name__ == "__main__":
    sys.exit(main())
