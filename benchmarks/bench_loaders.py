"""Benchmark: full loads against the bare readers they build on (issue 12, targets 1 and 2).

Generates three files with real writers (xlsxwriter, constant_memory; the CSV as Belgian
Excel saves it: cp1252, ';', CRLF):

- a person-level inflow list of 100,000 rows (name, register number, birth date,
  address, start date, municipality, target group, organisation);
- a wide inflow table of 500,000 cells (5,000 rows × 3 key columns + 96 months + total);
- a person-level CSV of 500,000 rows (register number, start date, municipality, target
  group, organisation; about 25 MB).

Every measurement runs in a fresh process (cold caches, as an upload after a restart;
peak memory its own), ``--repeat`` times interleaved, keeping the run with the least CPU
time: on a shared machine wall time mostly measures the neighbours. A full load is
``loaders.load_inflow`` (safe read, pre-flight, locate, validate, tidy). Baselines of the
same run and the same bytes:

- xlsx: a bare python-calamine read of the sheet; ``pandas.read_excel(engine="openpyxl")``
  (once: it is slow); the pre-flight alone (``loaders.safety.preflight_zip``);
- csv: ``pandas.read_csv`` with the C engine, told the delimiter and encoding.

Targets: xlsx load ≤ 2× calamine; wide table ≥ 10× faster than openpyxl; pre-flight far
below a quarter of the load; csv load ≤ 3× read_csv.

    python benchmarks/bench_loaders.py [--rows 100000] [--csv-rows 500000] [--repeat 3]
                                       [--keep DIR] [--no-openpyxl] [--only csv]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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


def write_person_csv(path: Path, rows: int) -> None:
    """Belgian Excel's "CSV (gescheiden door lijstscheidingsteken)": cp1252, ';', CRLF."""
    rng = random.Random(7)
    start = dt.date(2017, 1, 1)
    lines = ["Rijksregisternummer;Startdatum;Gemeente;Doelgroep;Organisatie"]
    for _ in range(rows):
        day = start + dt.timedelta(days=rng.randrange(7 * 365))
        lines.append(
            f"{rng.randrange(10**10, 10**11)};{day:%d/%m/%Y};{rng.choice(PLACES)};"
            f"{rng.choice(GROUPS)};Organisatie {rng.randrange(40)}"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def measure(how: str, path: str) -> dict:
    """Run in the child: one measurement, wall and CPU seconds and peak RSS (MB)."""
    import io
    import resource
    import time

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    sys.path.insert(0, str(ROOT))
    import pandas as pd
    import python_calamine

    from loaders import load_inflow
    from loaders.safety import preflight_zip

    data = Path(path).read_bytes()
    imported_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu_start, started = cpu(), time.perf_counter()
    rows = None
    if how == "loaders":
        rows = len(load_inflow(data))
    elif how == "calamine":
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = len(book.get_sheet_by_index(0).to_python(skip_empty_area=False))
    elif how == "preflight":
        preflight_zip(data, "xlsx")
    elif how == "openpyxl":
        rows = len(pd.read_excel(io.BytesIO(data), engine="openpyxl", header=None))
    elif how == "read_csv":
        rows = len(pd.read_csv(io.BytesIO(data), sep=";", encoding="cp1252", engine="c"))
    else:
        raise SystemExit(f"unknown measurement {how}")
    return {
        "seconds": time.perf_counter() - started,
        "cpu": cpu() - cpu_start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_mb": imported_mb,
        "rows": rows,
    }


def run_child(how: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", how, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def best_runs(hows: list[str], path: Path, repeat: int) -> dict[str, dict]:
    """Each measurement ``repeat`` times, interleaved so the neighbours' load hits all
    alike; per measurement the run with the least CPU time."""
    runs: dict[str, list[dict]] = {how: [] for how in hows}
    for _ in range(repeat):
        for how in hows:
            runs[how].append(run_child(how, path))
    return {how: min(found, key=lambda run: run["cpu"]) for how, found in runs.items()}


def _line(label: str, run: dict) -> str:
    return (
        f"  {label:22s} {run['cpu']:7.3f} s CPU  {run['seconds']:7.3f} s wall  "
        f"peak {run['peak_mb']:5.0f} MB"
    )


def report_xlsx(label: str, path: Path, repeat: int, openpyxl: bool) -> None:
    best = best_runs(["loaders", "calamine", "preflight"], path, repeat)
    if openpyxl:
        best["openpyxl"] = run_child("openpyxl", path)  # slow: once is enough for a ratio
    ours, bare, flight = best["loaders"], best["calamine"], best["preflight"]
    print(f"{label}  ({path.stat().st_size / 1e6:.1f} MB, tidy rows {ours['rows']:,})")
    print(_line("full load", ours))
    print(_line("bare calamine read", bare))
    print(_line("pre-flight alone", flight))
    if openpyxl:
        print(_line("pandas + openpyxl", best["openpyxl"]))
    print(
        f"  load / calamine          {ours['cpu'] / bare['cpu']:5.2f}× CPU  "
        f"{ours['seconds'] / bare['seconds']:5.2f}× wall   (target ≤ 2)"
    )
    print(f"  pre-flight / load        {flight['cpu'] / ours['cpu']:5.1%} of the CPU time")
    if openpyxl:
        slow = best["openpyxl"]
        print(
            f"  openpyxl / load          {slow['cpu'] / ours['cpu']:5.1f}× CPU  "
            f"{slow['seconds'] / ours['seconds']:5.1f}× wall"
        )


def report_csv(label: str, path: Path, repeat: int) -> None:
    best = best_runs(["loaders", "read_csv"], path, repeat)
    ours, base = best["loaders"], best["read_csv"]
    print(f"{label}  ({path.stat().st_size / 1e6:.1f} MB, tidy rows {ours['rows']:,})")
    print(_line("full load", ours))
    print(_line("pandas.read_csv (C)", base))
    print(
        f"  load / read_csv          {ours['cpu'] / base['cpu']:5.2f}× CPU  "
        f"{ours['seconds'] / base['seconds']:5.2f}× wall   (target ≤ 3)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the xlsx list")
    parser.add_argument("--csv-rows", type=int, default=500_000, help="rows of the csv list")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the slow baseline")
    parser.add_argument(
        "--only", choices=("persons", "wide", "csv"), action="append", help="run only these files"
    )
    parser.add_argument("--measure", nargs=2, metavar=("HOW", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_loaders_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    persons, wide, csv = folder / "persons.xlsx", folder / "wide.xlsx", folder / "persons.csv"
    only = set(args.only or ("persons", "wide", "csv"))
    openpyxl = not args.no_openpyxl
    if "persons" in only:
        write_person_list(persons, args.rows)
        report_xlsx(f"person list, {args.rows:,} rows", persons, args.repeat, openpyxl)
    if "wide" in only:
        write_wide(wide)
        report_xlsx("wide table, 500,000 cells", wide, args.repeat, openpyxl)
    if "csv" in only:
        write_person_csv(csv, args.csv_rows)
        report_csv(f"csv person list, {args.csv_rows:,} rows", csv, args.repeat)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
