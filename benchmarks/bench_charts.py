"""Benchmark: building the Instroom page's chart specs and figures on 1M inflow rows.

Prints, per selection (whole region; one municipality), the time to build every chart
of the page
- cold: a fresh ``Datasets`` (nothing shared yet),
- shared: the same ``Datasets`` again (the per-selection aggregates are memoised),
- baseline: each chart on its own fresh ``Datasets`` (no sharing between charts, as
  before ``Datasets.memo``), with the ratio cold / baseline;
and the time to draw all figures (``charts.plotly.figure``) from the built specs.

Run: ``python benchmarks/bench_charts.py [--rows 1000000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from charts import catalogue  # noqa: E402
from charts import plotly as chart_plotly  # noqa: E402
from indicators.datasets import Datasets  # noqa: E402
from indicators.filters import Filters  # noqa: E402
from reference import load_region  # noqa: E402


def inflow_rows(count: int, seed: int = 5) -> pd.DataFrame:
    """``count`` tidy inflow rows over the region, 2017–2023, 6 groups, 40 organisations."""
    rng = np.random.default_rng(seed)
    region = load_region()
    month = rng.integers(1, 13, count)

    def pick(values: list[str]) -> pd.array:
        return pd.array(np.array(values)[rng.integers(0, len(values), count)], dtype="str")

    return pd.DataFrame(
        {
            "year": pd.array(rng.integers(2017, 2024, count), dtype="Int64"),
            "month": pd.array(month, dtype="Int64"),
            "quarter": pd.array((month - 1) // 3 + 1, dtype="Int64"),
            "municipality": pick(region.names),
            "nis_code": pd.array([None] * count, dtype="str"),
            "target_group": pick([f"Doelgroep {i}" for i in range(6)]),
            "organisation": pick([f"Organisatie {i}" for i in range(40)]),
            "inflow": pd.array(rng.integers(0, 3, count), dtype="Int64"),
        }
    )


def timed(build) -> tuple[float, list]:
    start = time.perf_counter()
    out = build()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    frame = inflow_rows(args.rows)
    region = load_region()
    keys = catalogue.for_page("instroom")
    print(f"{args.rows:,} inflow rows, {len(keys)} charts on the Instroom page")
    for label, filters in (
        ("regio", Filters()),
        ("één gemeente", Filters(municipalities=("Kortrijk",))),
    ):
        data = Datasets(inflow=frame, region=region)
        cold, specs = timed(lambda d=data, f=filters: [catalogue.build(k, d, f) for k in keys])
        shared, _ = timed(lambda d=data, f=filters: [catalogue.build(k, d, f) for k in keys])
        baseline, _ = timed(
            lambda f=filters: [
                catalogue.build(k, Datasets(inflow=frame, region=region), f) for k in keys
            ]
        )
        drawn, figures = timed(lambda s=specs: [chart_plotly.figure(x) for x in s])
        size = max(len(f.to_json().encode()) for f in figures)
        print(
            f"{label:13s} cold {cold * 1000:6.0f} ms · shared {shared * 1000:5.0f} ms · "
            f"baseline {baseline * 1000:6.0f} ms (cold/baseline {cold / baseline:.2f}) · "
            f"figures {drawn * 1000:5.0f} ms · largest figure {size / 1000:.1f} KB"
        )


if __name__ == "__main__":
    main()
