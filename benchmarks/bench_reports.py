"""Benchmark: the full ROSE pack (every catalogue chart) on the sample data.

Prints, as the median of a few runs,
- building the chart specs (``charts.catalogue``),
- the PowerPoint deck (``reports.pptx.deck``),
- the Excel workbook (``reports.xlsx.workbook``),
- the PDF handout (``reports.pdf.handout``),
- the whole ``reports.pack.rose_pack`` call (all three files),
and two ratios to baselines measured in the same run: the deck against python-pptx
writing the same charts' data as bare default charts (no styling, labels or notes), and
the handout against matplotlib drawing the same data as bare default charts into one
PDF, i.e. the floors any native-chart deck or PDF pays. Target (issue 6): the full
pack in under 5 s.

The sample data come from the seeded generator in ``sample_data``; when it is not
available, a synthetic inflow/LDE/maatwerk set of the same size is used instead.

Run: ``python benchmarks/bench_reports.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.chart.data import CategoryChartData  # noqa: E402
from pptx.util import Inches  # noqa: E402

from charts import catalogue  # noqa: E402
from indicators.datasets import Datasets  # noqa: E402
from indicators.filters import Filters  # noqa: E402
from reference import load_region  # noqa: E402
from reports.pack import build_specs, data_period, rose_pack  # noqa: E402
from reports.pdf import handout  # noqa: E402
from reports.pptx import CHART_TYPES, deck  # noqa: E402
from reports.table import grid  # noqa: E402
from reports.xlsx import workbook  # noqa: E402

TARGET_SECONDS = 5.0


def sample_datasets() -> tuple[Datasets, str]:
    try:
        from sample_data.generate import expected_inflow, expected_lde, expected_maatwerk
    except ImportError:
        return synthetic_datasets(), "synthetisch"
    data = Datasets(inflow=expected_inflow(), lde=expected_lde(), maatwerk=expected_maatwerk())
    return data, "sample_data"


def synthetic_datasets(seed: int = 6) -> Datasets:
    """Inflow per municipality, month and target group; LDE and maatwerk per quarter."""
    rng = np.random.default_rng(seed)
    region = load_region()
    rows = [
        (y, m, (m - 1) // 3 + 1, place.name, place.nis_code, group, None, int(rng.poisson(3)))
        for y in range(2017, 2024)
        for m in range(1, 13)
        for place in region.municipalities
        for group in ("Collectief maatwerk", "LDE", "Werkervaring")
    ]
    inflow = pd.DataFrame(
        rows,
        columns=[
            "year",
            "month",
            "quarter",
            "municipality",
            "nis_code",
            "target_group",
            "organisation",
            "inflow",
        ],
    ).astype({"year": "Int64", "month": "Int64", "quarter": "Int64", "inflow": "Int64"})
    lde = pd.DataFrame(
        [
            (y, q, f"LDE {i}", None, 10 + i + rng.random(), 12.0 + i)
            for y in range(2017, 2024)
            for q in range(1, 5)
            for i in range(8)
        ],
        columns=["year", "quarter", "organisation", "municipality", "fte", "contingent"],
    ).astype({"year": "Int64", "quarter": "Int64"})
    maatwerk = pd.DataFrame(
        [
            (y, None, f"Maatwerk {i}", None, "collectief", 200.0, 185.0 + rng.random() * 10)
            for y in range(2017, 2024)
            for i in range(6)
        ],
        columns=["year", "quarter", "organisation", "municipality", "kind", "places", "occupied"],
    ).astype({"year": "Int64", "quarter": "Int64"})
    return Datasets(inflow=inflow, lde=lde, maatwerk=maatwerk)


def bare_deck(specs) -> bytes:
    """The baseline: the same data as default python-pptx charts, nothing else."""
    presentation = Presentation()
    for spec in specs:
        table = grid(spec)
        data = CategoryChartData()
        data.categories = table.categories
        for name in table.series:
            data.add_series(name, table.values[name])
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])
        slide.shapes.add_chart(
            CHART_TYPES[spec.kind], Inches(0.5), Inches(1), Inches(9), Inches(6), data
        )
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def bare_handout(specs) -> bytes:
    """The PDF baseline: the same data as default matplotlib bars and lines, a page each."""
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for spec in specs:
            table = grid(spec)
            figure = Figure(figsize=(11.69, 8.27))
            axes = figure.add_subplot()
            positions = range(len(table.categories))
            for name in table.series:
                values = [np.nan if v is None else v for v in table.values[name]]
                if spec.kind == "line":
                    axes.plot(positions, values, label=name)
                else:
                    axes.bar(positions, np.nan_to_num(values), label=name)
            axes.set_xticks(positions, table.categories)
            figure.suptitle(spec.title)
            pdf.savefig(figure)
    return buffer.getvalue()


def median_seconds(action: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` calls, and the last result.

    CPU time is printed too because the machine is shared: other jobs stretch the wall
    clock, not the work this process does.
    """
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    datasets, origin = sample_datasets()
    keys = [key for page in catalogue.PAGES for key in catalogue.for_page(page)]
    filters = Filters(mask_small=True)
    today = dt.date.today()
    log = pd.DataFrame({"file_name": ["voorbeeld.xlsx"], "kind": ["inflow"]})

    spec_s, spec_cpu, specs = median_seconds(
        lambda: build_specs(datasets, filters, keys), args.runs
    )
    front = {
        "filters": filters,
        "title": "ROSE",
        "period": data_period(datasets, filters),
        "generated": today,
        "imports": log,
    }
    deck_s, deck_cpu, slides = median_seconds(lambda: deck(specs, **front), args.runs)
    book_s, book_cpu, book = median_seconds(
        lambda: workbook(specs, filters=filters, imports=log, generated=today), args.runs
    )
    pdf_s, pdf_cpu, pdf = median_seconds(lambda: handout(specs, **front), args.runs)
    pack_s, pack_cpu, _ = median_seconds(lambda: rose_pack(datasets, filters, keys), args.runs)
    bare_s, bare_cpu, _ = median_seconds(lambda: bare_deck(specs), args.runs)
    bare_pdf_s, bare_pdf_cpu, _ = median_seconds(lambda: bare_handout(specs), args.runs)

    points = sum(len(s.data) for s in specs)
    print(
        f"data: {origin}, {len(datasets.inflow):,} inflow rows; {len(keys)} keys, "
        f"{len(specs)} charts, {points:,} points; median of {args.runs} runs"
    )
    print(f"{'':26}{'wall':>9}{'CPU':>9}")
    rows = [
        ("chart specs (catalogue)", spec_s, spec_cpu, ""),
        ("PowerPoint deck", deck_s, deck_cpu, f"  ({len(slides) / 1024:,.0f} KB)"),
        ("Excel workbook", book_s, book_cpu, f"  ({len(book) / 1024:,.0f} KB)"),
        ("PDF handout", pdf_s, pdf_cpu, f"  ({len(pdf) / 1024:,.0f} KB)"),
        ("rose_pack (all of it)", pack_s, pack_cpu, ""),
        ("baseline: bare pptx charts", bare_s, bare_cpu, ""),
        ("baseline: bare PDF charts", bare_pdf_s, bare_pdf_cpu, ""),
    ]
    for label, wall, cpu, extra in rows:
        print(f"{label:26}{wall:8.3f}s{cpu:8.3f}s{extra}")
    print(f"deck / baseline: {deck_s / bare_s:4.2f}× wall, {deck_cpu / bare_cpu:4.2f}× CPU")
    print(
        f"handout / baseline: {pdf_s / bare_pdf_s:4.2f}× wall, "
        f"{pdf_cpu / bare_pdf_cpu:4.2f}× CPU; handout / deck: {pdf_cpu / deck_cpu:4.2f}× CPU"
    )
    verdict = "met" if pack_s < TARGET_SECONDS else "NOT met"
    print(f"target: full pack < {TARGET_SECONDS:.0f} s wall: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
