"""Benchmark: full loads against a bare ``pandas.read_excel(engine="openpyxl")``.

Generates two workbooks with xlsxwriter (constant_memory):

- a person-level inflow list of 100,000 rows (name, register number, birth date,
  address, start date, municipality, target group, organisation);
- a wide inflow table of 500,000 cells (5,000 rows × 3 key columns + 96 months + total).

Each measurement runs in a fresh subprocess so peak memory (``ru_maxrss``) belongs to
that measurement alone; the load is ``loaders.load_inflow`` (read + validate + normalise
+ aggregate). Prints wall seconds, the CPU-time ratio (robust when the machine is busy),
peak RSS and the ratios openpyxl / loaders.

    python benchmarks/bench_loaders.py [--rows 100000] [--keep DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = [
    "Kortrijk",
    "Heule",
    "8500",
    "Menen",
    "Waregem",
    "WEVELGEM",
    "Harelbeke",
    "Roeselare",
    "Courtrai",
    "Kuurne",
    "Zwevegem",
    "Wielsbeke",
    "Wervik",
    "Avelgem",
    "Ieper",
]
GROUPS = ["LDE", "CMW", "IM", "Arbeidszorg", "art. 60", "TWE"]
MONTHS = [f"{m:02d}/{y}" for y in range(2015, 2023) for m in range(1, 13)]


def write_person_list(path: Path, rows: int) -> None:
    import xlsxwriter

    rng = random.Random(13)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Instromers")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Lijst instromers 2017-2023"])
    sheet.write_row(1, 0, ["Bron: VDAB"])
    header = [
        "Naam",
        "Rijksregisternummer",
        "Geboortedatum",
        "Adres",
        "Startdatum",
        "Gemeente",
        "Doelgroep",
        "Organisatie",
    ]
    sheet.write_row(3, 0, header)
    start = dt.date(2017, 1, 1)
    for i in range(rows):
        r = i + 4
        sheet.write_string(r, 0, f"Persoon {i}")
        sheet.write_string(r, 1, f"{rng.randrange(10**10, 10**11)}")
        sheet.write_datetime(r, 2, dt.datetime(1960 + i % 40, 1 + i % 12, 1 + i % 28), dates)
        sheet.write_string(r, 3, f"Straat {i % 500} {i % 90}")
        sheet.write_datetime(
            r,
            4,
            dt.datetime.combine(start + dt.timedelta(days=rng.randrange(7 * 365)), dt.time()),
            dates,
        )
        sheet.write_string(r, 5, rng.choice(PLACES))
        sheet.write_string(r, 6, rng.choice(GROUPS))
        sheet.write_string(r, 7, f"Organisatie {rng.randrange(40)}")
    book.close()


def write_wide(path: Path, rows: int = 5000) -> None:
    import xlsxwriter

    rng = random.Random(31)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Instroom")
    sheet.write_row(0, 0, ["Gemeente", "Doelgroep", "Organisatie", *MONTHS, "Totaal"])
    for i in range(rows):
        values = [rng.randrange(0, 6) for _ in MONTHS]
        sheet.write_row(
            i + 1,
            0,
            [
                PLACES[i % len(PLACES)],
                GROUPS[i % len(GROUPS)],
                f"Organisatie {i}",
                *values,
                sum(values),
            ],
        )
    book.close()


def measure(how: str, path: str) -> dict:
    """Run in the child: load once, report wall and CPU seconds and peak RSS (MB)."""
    import resource
    import time

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    if how == "loaders":
        sys.path.insert(0, str(ROOT))
        from loaders.pipeline import run
        from loaders.reading import read_workbook
    else:
        import pandas as pd
    imported_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu_start, started = cpu(), time.perf_counter()
    read_seconds = read_cpu = None
    if how == "loaders":
        # Same as loaders.load_inflow(path), timed in two parts: the safe reader, the rest.
        workbook = read_workbook(path)
        read_seconds, read_cpu = time.perf_counter() - started, cpu() - cpu_start
        frame = run(workbook, "inflow", owned=True)
        del workbook
    else:
        frame = pd.read_excel(path, engine="openpyxl", header=None)
    return {
        "seconds": time.perf_counter() - started,
        "read_seconds": read_seconds,
        "cpu": cpu() - cpu_start,
        "read_cpu": read_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_mb": imported_mb,
        # What the result itself occupies: with the imports, a floor no load can go below.
        "frame_mb": frame.memory_usage(deep=True).sum() / 2**20,
        "rows": len(frame),
    }


def child(how: str, path: Path, repeat: int = 1) -> dict:
    """The run with the least CPU time of ``repeat`` fresh processes (the machine is shared)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--measure", how, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return min(runs, key=lambda run: run["cpu"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the workbooks here and keep them")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; best CPU is kept")
    parser.add_argument("--measure", nargs=2, metavar=("HOW", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_loaders_"))
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        f"person list, {args.rows:,} rows": (
            folder / "persons.xlsx",
            write_person_list,
            (args.rows,),
        ),
        "wide table, 500,000 cells": (folder / "wide.xlsx", write_wide, ()),
    }
    for label, (path, write, extra) in files.items():
        write(path, *extra)
        ours = child("loaders", path, args.repeat)
        base = child("openpyxl", path, args.repeat)
        print(f"{label}  (tidy rows: {ours['rows']:,})")
        print(
            f"  wall  loaders {ours['seconds']:6.2f} s (reader {ours['read_seconds']:.2f} s)  "
            f"openpyxl {base['seconds']:6.2f} s  speed-up {base['seconds'] / ours['seconds']:.1f}×"
        )
        print(
            f"  CPU   loaders {ours['cpu']:6.2f} s (reader {ours['read_cpu']:.2f} s)  "
            f"openpyxl {base['cpu']:6.2f} s  speed-up {base['cpu'] / ours['cpu']:.1f}×"
        )
        print(
            f"  peak  loaders {ours['peak_mb']:4.0f} MB  openpyxl {base['peak_mb']:4.0f} MB  "
            f"ratio {ours['peak_mb'] / base['peak_mb']:.2f}×  (after imports: "
            f"{ours['import_mb']:.0f} / {base['import_mb']:.0f} MB; result frames: "
            f"{ours['frame_mb']:.0f} / {base['frame_mb']:.0f} MB)"
        )


if __name__ == "__main__":
    main()
