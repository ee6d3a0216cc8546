"""Benchmark the safe reader: normal read speed and the cost of refusing hostile files.

Every measurement runs in a fresh child process, so peak memory (ru_maxrss, which also
sees what Rust allocates) is that case's alone; "extra" is the peak minus the process's
size after imports. Baselines in the same run: bare calamine on the same bytes (what the
pre-flight costs), ``pandas.read_excel(engine="openpyxl")`` (what we replace) and, for
the CSV, ``pandas.read_csv`` (C engine). Full loads: ``bench_loaders.py``.

    python benchmarks/bench_reading.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

_WORKER = """
import io, json, resource, sys, time
sys.path.insert(0, {root!r})
mode, path = sys.argv[1], sys.argv[2]
import python_calamine, pandas
from loaders.errors import ValidationError
from loaders.reading import read_workbook
data = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
cpu = time.process_time()
outcome = "read"
try:
    if mode == "reader":
        read_workbook(data)
    elif mode == "read_csv":
        pandas.read_csv(io.BytesIO(data), sep=";", encoding="cp1252", engine="c")
    elif mode == "calamine":
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    else:
        pandas.read_excel(io.BytesIO(data), engine="openpyxl", header=None)
except ValidationError as error:
    outcome = "refused: " + error.problems[0].message[:70]
seconds = time.perf_counter() - started
cpu = time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu, "extra_mb": (peak - before) / 1024,
                  "outcome": outcome}}))
"""


def measure(mode: str, data: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".bin") as handle:
        handle.write(data)
        handle.flush()
        code = _WORKER.format(root=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-c", code, mode, handle.name], capture_output=True, timeout=600
        )
    if done.returncode != 0:
        return {
            "seconds": float("nan"),
            "extra_mb": float("nan"),
            "outcome": f"died ({done.returncode})",
        }
    return json.loads(done.stdout)


def best_of(repeat: int, mode: str, data: bytes) -> dict:
    return min((measure(mode, data) for _ in range(repeat)), key=lambda r: r["cpu"])


def person_csv(rows: int) -> bytes:
    """The same shape as a Belgian Excel CSV export: cp1252, ';' and decimal commas."""
    lines = ["Jaar;Maand;Gemeente;Doelgroep;Organisatie;VTE;Code;Aantal"]
    towns = ["Kortrijk", "Menen", "Wevelgem", "Harelbeke", "Zwevegem", "Waregem"]
    for row in range(1, rows):
        lines.append(
            f"2021;{row % 12 + 1};{towns[row % 6]};Doelgroep {row % 9};Org {row % 40};0,5;{row};1"
        )
    return "\n".join(lines).encode("cp1252")


def person_list(rows: int) -> bytes:
    """A person-level style sheet: rows × 8 columns, shared strings, like Excel writes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Instroom")
    sheet.write_row(
        0, 0, ["Jaar", "Maand", "Gemeente", "Doelgroep", "Organisatie", "VTE", "Code", "Aantal"]
    )
    towns = ["Kortrijk", "Menen", "Wevelgem", "Harelbeke", "Zwevegem", "Waregem"]
    for row in range(1, rows):
        sheet.write_row(
            row,
            0,
            [
                2021,
                row % 12 + 1,
                towns[row % 6],
                f"Doelgroep {row % 9}",
                f"Org {row % 40}",
                0.5,
                row,
                1,
            ],
        )
    book.close()
    return buffer.getvalue()


def hostile_cases() -> dict[str, bytes]:
    import test_loaders_hostile as h

    far = '<row r="2"><c r="XFD1048576"><v>1</v></c></row>'
    wide = "".join(f'<c r="{h._letters(i)}1"><v>1</v></c>' for i in range(16_384))
    return {
        "zip bomb (ratio)": h.package(extra={"xl/bomb.xml": b"<x>" + b"0" * (64 << 20) + b"</x>"}),
        "billion laughs": h.package(
            shared=h.SHARED.replace("<sst", '<!DOCTYPE l [<!ENTITY l "lol">]><sst', 1)
        ),
        "external entity": h.package(
            h.sheet_xml(prolog='<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
        ),
        "dimension A1:XFD1048576": h.package(h.sheet_xml(dimension="A1:XFD1048576")),
        "16,384 columns": h.package(h.sheet_xml(f'<row r="1">{wide}</row>')),
        "cell at XFD1048576": h.package(h.sheet_xml(h.NORMAL_CELLS + far)),
        "cell at AZ1048576": h.package(
            h.sheet_xml(h.NORMAL_CELLS + '<row r="2"><c r="AZ1048576"><v>1</v></c></row>')
        ),
        "sst uniqueCount 4e9": h.package(
            shared=h.SHARED.replace('uniqueCount="1"', 'uniqueCount="4000000000"')
        ),
        "1 MB cell (csv)": b"a;b\n1;" + b"x" * (1 << 20) + b"\n",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    data = person_list(args.rows)
    print(f"Normal read: {args.rows:,} rows × 8 columns, {len(data) / 1e6:.1f} MB xlsx")
    results = {mode: best_of(args.repeat, mode, data) for mode in ("reader", "calamine")}
    results["openpyxl"] = measure("openpyxl", data)  # slow: once is enough for a ratio
    for mode, result in results.items():
        print(
            f"  {mode:9s} {result['seconds']:6.2f} s wall, {result['cpu']:6.2f} s CPU, "
            f"peak +{result['extra_mb']:4.0f} MB"
        )
    # CPU seconds: on a shared machine wall time mostly measures the neighbours.
    reader, calamine, openpyxl = (results[m]["cpu"] for m in ("reader", "calamine", "openpyxl"))
    print(f"  reader / bare calamine (pre-flight + padding cost): {reader / calamine:.2f}×")
    print(f"  speed-up vs pandas/openpyxl: {openpyxl / reader:.1f}×")
    text = person_csv(args.rows)
    csv_result = best_of(args.repeat, "reader", text)
    csv_base = best_of(args.repeat, "read_csv", text)
    print(
        f"  csv {len(text) / 1e6:.1f} MB: reader {csv_result['cpu']:.2f} s CPU, "
        f"pandas.read_csv {csv_base['cpu']:.2f} s CPU ({csv_result['cpu'] / csv_base['cpu']:.2f}×)"
    )

    print("Hostile files (bound: < 5 s, < 500 MB extra):")
    for name, payload in hostile_cases().items():
        started = time.perf_counter()
        result = measure("reader", payload)
        wall = time.perf_counter() - started
        print(
            f"  {name:24s} {result['seconds']:5.2f} s ({result['cpu']:4.2f} CPU)  "
            f"+{result['extra_mb']:4.0f} MB  "
            f"(child wall {wall:4.1f} s)  {result['outcome']}"
        )


if __name__ == "__main__":
    main()
