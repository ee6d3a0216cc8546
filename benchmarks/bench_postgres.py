"""Benchmark PostgreSQL imports against a bare COPY of the same rows (issue 12, target 5).

Each run uses fresh databases on one server: the store imports a synthetic inflow frame
(preview and import, as the upload page does); the baseline COPYs the very rows the
store wrote (label ids, import id; dumped by the server in COPY's binary format before
the clock starts) into the same table of an equally fresh store: the database's floor
for writing them. The import writes more than that baseline: the sums of its rows into
the inflow summaries (printed: about 430,000 sums for 1M synthetic rows), which the
baseline leaves out. Two more baselines show where the time goes: the rows COPYed with
the keys into ``imports`` unchecked (no foreign key, no trigger), and the rows and the
very sums the store wrote COPYed in one transaction (everything the import writes, as a
bare COPY: the floor of the whole import). Wall time is printed
beside this process's CPU time and the CPU time of the server processes serving the
run's database (read from /proc; the server must be on this machine for that column).

    python benchmarks/bench_postgres.py [--rows 1000000] [--runs 3]

With ``TEST_POSTGRES_URL`` set, scratch databases are created (and dropped) on that server
(the role needs CREATEDB); without it the benchmark starts its own PostgreSQL in a
temporary directory (initdb and pg_ctl must be installed).

Target: import rate ≥ 60 % of the bare COPY rate (of the rows alone).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import synthetic_inflow

from storage import Store
from storage.schema import SUMMARIES, TIDY

TARGET = 0.6  # import rate / bare COPY rate, at least
COLUMNS = ", ".join(["import_id", *(c.name for c in TIDY["inflow"])])
_TICKS = os.sysconf("SC_CLK_TCK")


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@contextlib.contextmanager
def own_server() -> Iterator[str]:
    """A throwaway PostgreSQL (trust authentication, a free local port); its admin URL."""
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        sys.exit("TEST_POSTGRES_URL is unset and PostgreSQL (initdb, pg_ctl) is not installed.")
    folder = Path(tempfile.mkdtemp(prefix="w13-bench-pg-"))
    data = folder / "data"
    # NOTE: PostgreSQL refuses to run as root; the Debian package's user runs it then.
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run([*run_as, initdb, "-D", str(data), "-U", "bench", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
    subprocess.run([*run_as, pg_ctl, "-D", str(data), "-o", options, "-l",
                    str(folder / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://bench@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def scratch(admin_url: str, name: str) -> Iterator[str]:
    """A fresh database ``name`` on the server of ``admin_url``, dropped afterwards."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        # NOTE: no FORCE: an autovacuum worker may be on the new database, and ending it
        # needs privileges a benchmark role lacks; DROP DATABASE stops it by itself.
        for attempt in range(10):
            try:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                break
            except sa.exc.OperationalError:  # still in use for a moment
                time.sleep(0.5 * (attempt + 1))
        admin.dispose()


def server_cpu(conn: sa.Connection) -> float:
    """CPU seconds so far of the server processes connected to this database (0 when
    they are not visible in /proc, e.g. a server on another machine)."""
    pids = conn.execute(sa.text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    )).scalars().all()
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


class Clock:
    """Wall, this process's CPU and the database server's CPU over a block."""

    def __init__(self, probe: sa.Engine) -> None:
        # NOTE: autocommit: pg_stat_activity is a snapshot per transaction.
        self.probe = probe.connect().execution_options(isolation_level="AUTOCOMMIT")

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        self.server = server_cpu(self.probe)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server = server_cpu(self.probe) - self.server
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self.probe.close()


def _dump(conn: sa.Connection, query: str) -> bytes:
    """The rows of ``query`` in COPY's binary format, as the server writes them."""
    cursor = conn.connection.dbapi_connection.cursor()
    dump = io.BytesIO()
    with cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)") as copy:
        for block in copy:
            dump.write(block)
    cursor.close()
    return dump.getvalue()


def store_import(
    url: str, frame: pd.DataFrame
) -> tuple[Clock, dict[str, bytes], pd.DataFrame, int]:
    """Preview and import ``frame`` into a fresh store: the clock, the rows written per
    table (the inflow rows, then the summaries; in COPY's binary format, dumped by the
    server), the labels they refer to and the number of sums written."""
    store = Store(url)
    try:
        with Clock(store.engine) as clock:
            plan = store.plan_import("inflow", frame, file_name="bench.xlsx", sha256="bench")
            store.apply_import(plan, user="bench")
        with store.engine.connect() as conn:
            dumps = {"inflow_rows": _dump(conn, f"SELECT {COLUMNS} FROM inflow_rows ORDER BY id")}
            sums = 0
            for summary in SUMMARIES:
                dumps[summary.table.name] = _dump(conn, f"SELECT * FROM {summary.table.name}")
                sums += conn.execute(sa.select(sa.func.count()).select_from(summary.table)
                                     ).scalar_one()
        labels = pd.read_sql("SELECT id, value FROM labels ORDER BY id", store.engine)
    finally:
        store.dispose()
    return clock, dumps, labels, sums


def bare_copy(url: str, dumps: dict[str, bytes], labels: pd.DataFrame, *, checks: bool,
              summaries: bool = False) -> Clock:
    """COPY the inflow rows of ``dumps`` into a fresh store (the import and labels the
    rows refer to put in place first; ``checks=False``: without the keys' checks;
    ``summaries``: the summaries' rows too); the clock of the COPY and its commit."""
    store = Store(url)
    engine = store.engine
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO imports (id, kind, file_name, sha256, user_name, imported_at,"
            " rows, years, municipalities, warnings, changes, status, sample) VALUES"
            " (1, 'inflow', 'bench', 'bench', 'bench', now(), 0, '[]',"
            " '[]', '[]', '[]', 'active', false)"
        ))
        # The store's own labels (a migration may add some) give way to the imported ones.
        conn.execute(sa.text("DELETE FROM labels"))
        conn.execute(sa.insert(sa.table("labels", sa.column("id"), sa.column("value"))),
                     labels.to_dict("records"))
        if not checks:
            conn.execute(sa.text("ALTER TABLE inflow_rows DISABLE TRIGGER USER"))
            for name in conn.execute(sa.text(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'inflow_rows'::regclass"
                " AND contype = 'f'"
            )).scalars().all():
                conn.execute(sa.text(f'ALTER TABLE inflow_rows DROP CONSTRAINT "{name}"'))
    tables = list(dumps) if summaries else ["inflow_rows"]
    try:
        with Clock(engine) as clock, engine.begin() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            for table in tables:
                columns = f" ({COLUMNS})" if table == "inflow_rows" else ""
                dump = dumps[table]
                with cursor.copy(f"COPY {table}{columns} FROM STDIN (FORMAT BINARY)") as copy:
                    for start in range(0, len(dump), 1 << 20):
                        copy.write(dump[start : start + (1 << 20)])
            cursor.close()
    finally:
        store.dispose()
    return clock


def line(name: str, rows: int, clock: Clock) -> str:
    return (f"{name:<26} wall {clock.wall:6.2f} s = {rows / clock.wall:9,.0f} rows/s;"
            f" CPU here {clock.cpu:5.2f} s, server {clock.server:5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    frame = synthetic_inflow(args.rows)
    url = os.environ.get("TEST_POSTGRES_URL")
    with (contextlib.nullcontext(url) if url else own_server()) as admin:
        where = "TEST_POSTGRES_URL" if url else "a server of its own"
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"== PostgreSQL ({where}): {len(frame):,} inflow rows, {args.runs} run(s),"
              f" load average {load} ==")
        results: dict[str, list[Clock]] = {"store": [], "copy": [], "copy_nofk": [],
                                           "copy_all": []}
        for run in range(1, args.runs + 1):
            base = f"w13_bench_{os.getpid()}_{run}"
            with scratch(admin, base + "_store") as db:
                clock, dumps, labels, sums = store_import(db, frame)
            results["store"].append(clock)
            with scratch(admin, base + "_copy") as db:
                results["copy"].append(bare_copy(db, dumps, labels, checks=True))
            with scratch(admin, base + "_nofk") as db:
                results["copy_nofk"].append(bare_copy(db, dumps, labels, checks=False))
            with scratch(admin, base + "_all") as db:
                results["copy_all"].append(
                    bare_copy(db, dumps, labels, checks=True, summaries=True))
            if run == 1:
                print(f"the import writes {len(frame):,} rows and {sums:,} sums into"
                      f" {len(dumps) - 1} summaries; the bare COPY (the baseline) writes the"
                      f" {len(frame):,} rows only")
            print(f"run {run}:")
            print("  " + line("store import (both steps)", len(frame), results["store"][-1]))
            print("  " + line("bare COPY, same table", len(frame), results["copy"][-1]))
            print("  " + line("bare COPY, no key checks", len(frame), results["copy_nofk"][-1]))
            print("  " + line("bare COPY, rows and sums", len(frame), results["copy_all"][-1]))
        medians = {k: statistics.median(c.wall for c in v) for k, v in results.items()}
        cpu = {k: statistics.median(c.cpu + c.server for c in v) for k, v in results.items()}
        ratio = medians["copy"] / medians["store"]
        ratio_cpu = cpu["copy"] / cpu["store"]
        print(f"medians: store {medians['store']:.2f} s, bare COPY {medians['copy']:.2f} s,"
              f" COPY without key checks {medians['copy_nofk']:.2f} s, COPY of the rows and"
              f" the sums {medians['copy_all']:.2f} s")
        print(f"CPU medians (client + server): store {cpu['store']:.2f} s, bare COPY"
              f" {cpu['copy']:.2f} s, COPY of the rows and the sums {cpu['copy_all']:.2f} s")
        print(f"import rate / bare COPY rate: {ratio:.2f} by wall, {ratio_cpu:.2f} by CPU"
              f" (client + server); against COPY without key checks"
              f" {medians['copy_nofk'] / medians['store']:.2f}; against COPY of the rows and"
              f" the sums {medians['copy_all'] / medians['store']:.2f} by wall,"
              f" {cpu['copy_all'] / cpu['store']:.2f} by CPU; target ≥ {TARGET}"
              f" {'OK' if ratio >= TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
