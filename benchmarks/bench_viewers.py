"""Benchmark many viewers at once: 25 new sessions of the dashboard through its websocket.

A viewer session is what a browser does on opening the link, without the browser: open
Streamlit's websocket (``/_stcore/stream``), ask for a script run of the landing page
(Overzicht) and read the messages until the run finishes. Timed per session: from
opening the socket to the first chart element (``plotly_chart``) and to the end of the
run; and the CPU seconds the server process spent (it runs every session's script), next
to this client's own (it reads every message, on the same machine).

Baseline in the same run: one session alone (the median of several, one after another,
on the warm server). Then ``--sessions`` (25) sessions open at the same moment: the p95
time to the first chart against the baseline, and the server's CPU per session.

``--processes N`` measures the deployed shape (``deploy/``): N server processes on one
database, the sessions spread over them in turn as nginx spreads its clients (nginx
itself is left out: on one machine every session comes from 127.0.0.1, which its
``hash $remote_addr`` would send to one process). CPU and memory are summed over the
processes.

    python benchmarks/bench_viewers.py [--sessions 25] [--alone 5] [--page NAME]
                                       [--processes N]

Target (issue 12, target 7): a small CPU cost per new session (figures are computed once
and shared by every session of the process), so 25 sessions together are limited by the
cores the processes use, not by work repeated per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import start_streamlit, stop_streamlit  # noqa: E402

TIMEOUT_S = 300


def server_cpu(pids: list[int]) -> float:
    """User + system CPU seconds of the server processes so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def server_memory(pids: list[int]) -> float:
    """Resident memory of the server processes in MB."""
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(next(ln for ln in status.splitlines() if ln.startswith("VmRSS:")).split()[1])
    return total / 1024


async def session(url: str, page: str) -> dict[str, float]:
    """One viewer session: seconds to the first chart and to the end of the script run."""
    socket_url = url.replace("http://", "ws://") + "/_stcore/stream"
    started = time.perf_counter()
    first_chart = None
    charts = 0
    async with websockets.connect(
        socket_url, subprotocols=["streamlit"], origin=url, max_size=None,
        open_timeout=TIMEOUT_S,
    ) as socket:
        request = BackMsg()
        request.rerun_script.query_string = ""
        request.rerun_script.page_name = page
        await socket.send(request.SerializeToString())
        async for data in socket:
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if (kind == "delta" and message.delta.WhichOneof("type") == "new_element"
                    and message.delta.new_element.WhichOneof("type") == "plotly_chart"):
                charts += 1
                if first_chart is None:
                    first_chart = time.perf_counter() - started
            # A run that ends early for a rerun (a widget bound to the URL, say) goes on.
            if kind == "script_finished" and (
                message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                break
    if first_chart is None:
        raise RuntimeError("the session ended without a chart")
    return {"first_chart": first_chart, "finished": time.perf_counter() - started,
            "charts": charts}


async def together(urls: list[str], page: str, count: int) -> list[dict[str, float]]:
    """``count`` sessions at once, spread over the servers at ``urls`` in turn."""
    return await asyncio.gather(*(session(urls[i % len(urls)], page) for i in range(count)))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--alone", type=int, default=5, help="single sessions for the baseline")
    parser.add_argument("--page", default="", help="page_name (empty: the landing page)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (deploy/)")
    parser.add_argument("--rounds", type=int, default=3, help="times the sessions open at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = {"DATABASE_URL": f"sqlite:///{Path(folder) / 'w13.sqlite'}"}
        apps = []
        try:
            for number in range(args.processes):
                workdir = Path(folder) / f"process-{number}"
                workdir.mkdir()
                apps.append(start_streamlit(ROOT / "dashboard.py", workdir, env=database))
                # The very first run loads the sample data into the empty store, and
                # each process's first run fills its caches: not measured.
                asyncio.run(session(apps[-1].url, args.page))
            measure(args, [app.url for app in apps], [app.process.pid for app in apps])
        finally:
            for app in apps:
                stop_streamlit(app)


def measure(args: argparse.Namespace, urls: list[str], pids: list[int]) -> None:
    """Time sessions alone (on the first process), then ``args.sessions`` at once."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    page = args.page or "landing page"
    print(f"== {page}, {len(pids)} server process(es): one session alone ×{args.alone},"
          f" then {args.sessions} at once (load average {load}) ==")
    alone, cpu = [], server_cpu(pids)
    for _ in range(args.alone):
        alone.append(asyncio.run(session(urls[0], args.page)))
    alone_cpu = (server_cpu(pids) - cpu) / args.alone
    base = statistics.median(s["first_chart"] for s in alone)
    print(f"one session:  first chart median {base:6.2f} s, run finished"
          f" {statistics.median(s['finished'] for s in alone):6.2f} s,"
          f" {alone[0]['charts']} charts; server CPU {alone_cpu:5.3f} s per session")
    rounds = []
    for _ in range(args.rounds):
        cpu, wall, client = server_cpu(pids), time.perf_counter(), time.process_time()
        many = asyncio.run(together(urls, args.page, args.sessions))
        wall = time.perf_counter() - wall
        many_cpu = (server_cpu(pids) - cpu) / args.sessions
        client = (time.process_time() - client) / args.sessions
        firsts = [s["first_chart"] for s in many]
        rounds.append(p95(firsts))
        print(f"{args.sessions} at once: first chart median {statistics.median(firsts):6.2f} s,"
              f" p95 {p95(firsts):6.2f} s, max {max(firsts):6.2f} s; all finished in"
              f" {wall:6.2f} s; CPU per session: server {many_cpu:5.3f} s,"
              f" this client {client:5.3f} s")
    many_p95 = statistics.median(rounds)
    print(f"p95 first chart (median of {args.rounds} rounds) / one session:"
          f" {many_p95:5.2f} s / {base:4.2f} s = {many_p95 / base:5.1f}×"
          f" ({args.sessions} sessions over {len(pids)} server process(es));"
          f" server memory {server_memory(pids):.0f} MB")


if __name__ == "__main__":
    main()
