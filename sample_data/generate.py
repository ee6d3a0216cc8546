"""Regenerate the sample files: ``python sample_data/generate.py [--out DIR]``.

Everything comes from one seeded generator (``sample_data.truth.build``), so running
this twice gives identical files. The ``expected_*`` functions return the true tidy
frames the files encode: what ``loaders.load_*`` must read back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from sample_data import HERE, sample_files, tidy, truth, writers

WRITERS: dict[str, Callable[[Path, truth.Truth], None]] = {
    "instroom_vdab_export_2017-2022.xlsx": writers.write_inflow_export,
    "instroom_personen_2023.xlsx": writers.write_persons,
    "lde_vte_2017-2023.xlsx": writers.write_lde,
    "maatwerk_plaatsen_2017-2023.xlsx": writers.write_maatwerk,
    "wse_opendata_cmw_2021-2022.csv": writers.write_wse_csv,
}

EXPECTED: dict[str, Callable[[truth.Truth], pd.DataFrame]] = {
    "instroom_vdab_export_2017-2022.xlsx": lambda t: t.inflow_export(),
    "instroom_personen_2023.xlsx": lambda t: t.inflow_persons(),
    "lde_vte_2017-2023.xlsx": lambda t: t.lde,
    "maatwerk_plaatsen_2017-2023.xlsx": lambda t: t.maatwerk,
    "wse_opendata_cmw_2021-2022.csv": lambda t: t.wse,
}


def write_all(out: Path = HERE) -> list[Path]:
    """Write every sample file into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    built = truth.build()
    paths = []
    for name, write in WRITERS.items():
        write(out / name, built)
        paths.append(out / name)
    return paths


def expected(file_name: str) -> pd.DataFrame:
    """The true tidy frame one sample file encodes (a fresh copy)."""
    return EXPECTED[file_name](truth.build()).copy()


def _first_start(kind: str) -> pd.DataFrame:
    names = [f.path.name for f in sample_files(first_start=True) if f.kind == kind]
    return tidy.tidy(pd.concat([expected(n) for n in names], ignore_index=True), kind)


def expected_inflow() -> pd.DataFrame:
    """True inflow 2017–2023: the export (2017–2022) plus the person list (2023)."""
    return _first_start("inflow")


def expected_lde() -> pd.DataFrame:
    """True LDE FTE and contingent per organisation and quarter, 2017–2023."""
    return _first_start("lde")


def expected_maatwerk() -> pd.DataFrame:
    """True maatwerk places and occupation of the first-start workbook."""
    return _first_start("maatwerk")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schrijf de fictieve voorbeeldbestanden.")
    parser.add_argument("--out", type=Path, default=HERE, help="map voor de bestanden")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
