"""The ROSE note: one page of plain Dutch that writes itself from the indicators.

For a meeting date, the previous meeting date and the current filters, ``compose`` states
the main changes: inflow overall, per municipality and per target group against the year
before and 2019, who flows in, LDE against the 100-FTE reference, maatwerk occupation and
unfilled places against inflow, what came in since the previous meeting, and the data's
freshness and caveats. Every sentence is computed, and carries the figures it states
(``Figure``: the indicator it names, its arguments, its value and the text shown), so a
test can hold each one to its indicator. No sentence is written per situation by hand.

Pure: no Streamlit. The page, the PDF handout and the deck (as their first text page) and
the Markdown and Word downloads (``reports.note_files``) all show the same ``Note``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

import kinds
from charts import base, numbers
from charts.profiles import finding_parts, shown
from indicators import inflow, maatwerk, profiles
from indicators.change import PRE_CORONA_YEAR, relative_change, small_base
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small
from indicators.overview import OverviewTiles, tiles
from reports.text import event_period, long_date

# Inflow datasets with these detail columns (besides the summary keys): ``ui.data.datasets``.
Source = Callable[[tuple[str, ...]], Datasets]
HEADING = "ROSE-nota"
SECTIONS = (
    "Instroom",
    "Wie stroomt in",
    "LDE",
    "Maatwerk",
    "Sinds de vorige vergadering",
    "Actualiteit en kanttekeningen",
)
# Above this share of unknown profiles, a profile sentence says on how few it rests.
MOSTLY_UNKNOWN = 0.5


@dataclass(frozen=True)
class Figure:
    """A number in a sentence: the indicator it comes from, with its arguments."""

    indicator: str  # "inflow.total", "inflow.municipality", "lde.fte", ...
    args: tuple
    value: float | None
    shown: str  # as the sentence writes it ("1.234", "−12 %", "<5")


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Note:
    """The composed note: its title lines and sentences per section."""

    title: str
    meeting: dt.date
    previous: dt.date
    scope: str
    filters: tuple[tuple[str, str], ...]
    sentences: tuple[Sentence, ...]
    sample: bool = False

    def sections(self) -> list[tuple[str, list[Sentence]]]:
        """The non-empty sections in order, each with its sentences."""
        found = [(s, [x for x in self.sentences if x.section == s]) for s in SECTIONS]
        return [(section, sentences) for section, sentences in found if sentences]

    @property
    def lead(self) -> str:
        """The line under the title: for which meeting, about what, as of when."""
        return (
            f"Voor de ROSE-vergadering van {long_date(self.meeting)} (vorige: "
            f"{long_date(self.previous)}), {self.scope}."
        )


class _Writer:
    """Collects sentences; writes counts masked when the filters ask for it."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self.sentences: list[Sentence] = []

    def count(self, indicator: str, args: tuple, value: float | None) -> Figure:
        """A count of people: "<5" for 1 to 4 when the filters mask small counts."""
        shown = (
            MASK_LABEL
            if self.filters.mask_small and value is not None and is_small(value)
            else numbers.integer(value)
        )
        return Figure(indicator, args, value, shown)

    @staticmethod
    def number(indicator: str, args: tuple, value: float) -> Figure:
        """A count of things (files, municipalities, organisations): never masked."""
        return Figure(indicator, args, value, numbers.integer(value))

    def change(self, indicator: str, args: tuple, value: float | None) -> Figure:
        return Figure(indicator, args, value, numbers.change(value))

    def percent(self, indicator: str, args: tuple, value: float | None) -> Figure:
        return Figure(indicator, args, value, numbers.percent(value, 0))

    def fte(self, indicator: str, args: tuple, value: float | None) -> Figure:
        return Figure(indicator, args, value, numbers.fte(value))

    def add(self, section: str, template: str, *figures: Figure) -> None:
        """A sentence from a template with one ``{}`` per figure."""
        text = template.format(*(f.shown for f in figures))
        self.sentences.append(Sentence(section, text, figures))

    def masked(self, *figures: Figure) -> bool:
        return any(f.shown == MASK_LABEL for f in figures)


def _data(text: object) -> str:
    """Text from a file (a name) inside a template: its braces are no placeholders."""
    return str(text).replace("{", "{{").replace("}", "}}")


def _rows(data: Datasets, filters: Filters, kind: str, last: int) -> pd.DataFrame:
    rows = filters.apply(data.frame(kind))
    return rows.loc[rows["year"] <= last]


def _as_of(data: Datasets, meeting: dt.date) -> Datasets:
    """The datasets as a meeting sees them: no year after the meeting's."""
    frames = {k: data.frame(k).loc[data.frame(k)["year"] <= meeting.year] for k in kinds.NAMES}
    return replace(data, **frames)


def _inflow(w: _Writer, found: OverviewTiles) -> int | None:
    """The inflow of the last full year against the year before and 2019; its year."""
    year = found.inflow_year
    if year is None:
        return None
    total = w.count("inflow.total", (year,), found.inflow)
    if found.inflow_previous is None:
        w.add("Instroom", f"In {year} stroomden {{}} doelgroepwerknemers in.", total)
    else:
        before = w.count("inflow.total", (year - 1,), found.inflow_previous)
        change = w.change("inflow.change", (year, year - 1), found.inflow_change)
        if small_base(found.inflow_previous) or w.masked(total, before):
            w.add("Instroom", f"In {year} stroomden {{}} doelgroepwerknemers in, tegenover "
                  f"{{}} in {year - 1} (kleine aantallen).", total, before)
        else:
            w.add("Instroom", f"In {year} stroomden {{}} doelgroepwerknemers in, {{}} "
                  f"tegenover {year - 1} ({{}}).", total, change, before)
    if found.inflow_base is not None and not small_base(found.inflow_base):
        base_figure = w.count("inflow.total", (PRE_CORONA_YEAR,), found.inflow_base)
        change = w.change("inflow.change", (year, PRE_CORONA_YEAR), found.inflow_change_vs_base)
        if not w.masked(base_figure):
            w.add("Instroom", f"Tegenover {PRE_CORONA_YEAR}, voor corona ({{}}), is dat {{}}.",
                  base_figure, change)
    return year


def _largest_moves(w: _Writer, rows: pd.DataFrame, column: str, year: int, noun: str) -> None:
    """The largest rise and fall of one ``column`` value from the year before to ``year``."""
    table = inflow.per_year_by(rows, column)
    wide = table.pivot_table(index=column, columns="year", values="inflow", aggfunc="sum")
    if year not in wide or year - 1 not in wide:
        return
    # Like with like: only values with inflow in both years.
    both = wide[[year - 1, year]].dropna()
    both = both.loc[(both[year - 1] > 0)]
    if both.empty:
        return
    moves = (both[year] - both[year - 1]).sort_values()
    indicator = f"inflow.{column}"
    for label, name in (("steeg", moves.index[-1]), ("daalde", moves.index[0])):
        move = float(moves[name])
        if (label == "steeg" and move <= 0) or (label == "daalde" and move >= 0):
            continue
        before = w.count(indicator, (name, year - 1), float(both.loc[name, year - 1]))
        after = w.count(indicator, (name, year), float(both.loc[name, year]))
        w.add("Instroom", f"Per {noun} {label} de instroom het sterkst in {_data(name)}: van "
              f"{{}} in {year - 1} naar {{}} in {year}.", before, after)
    if column == "municipality" and PRE_CORONA_YEAR in wide and year > PRE_CORONA_YEAR:
        known = wide[[PRE_CORONA_YEAR, year]].dropna()
        below = float((known[year] < known[PRE_CORONA_YEAR]).sum())
        lower = w.number("inflow.below_base", (year,), below)
        of = w.number("inflow.places", (year,), float(len(known)))
        w.add("Instroom", f"In {{}} van de {{}} gemeenten met cijfers lag de instroom in {year} "
              f"lager dan in {PRE_CORONA_YEAR}.", lower, of)


def _per_group(w: _Writer, data: Datasets, filters: Filters, year: int) -> None:
    rows = _rows(data, filters, "inflow", year)
    if not filters.municipalities or len(filters.municipalities) > 1:
        _largest_moves(w, rows, "municipality", year, "gemeente")
    _largest_moves(w, rows, "target_group", year, "doelgroep")


def _profiles(w: _Writer, source: Source, filters: Filters, meeting: dt.date, year: int) -> None:
    for column in kinds.PROFILES:
        data = _as_of(source((column.name,)), meeting)
        rows = _rows(data, filters, "inflow", year)
        if column.name not in rows or rows[column.name].isna().all():
            continue
        table = profiles.shares(rows, column.name, column.missing)
        if table.empty or int(table["year"].max()) != year:
            continue
        template, parts = finding_parts(table, column.name, filters)
        if not parts:  # masking hides the counts behind it: no sentence without numbers
            continue
        figures = tuple(
            Figure(f"profile.{kind}", (column.name, about, year_of), number, shown(part))
            for part in parts
            for kind, about, year_of, number in (part,)
        )
        text = template
        unknown = profiles.unknown_share(rows.loc[rows["year"] == year], column.name,
                                         column.missing)
        extra: tuple[Figure, ...] = ()
        if unknown is not None and unknown > MOSTLY_UNKNOWN:
            extra = (w.percent("profile.unknown", (column.name, year), unknown),)
            text += f" (let op: {column.label.lower()} onbekend bij {{}} van de instroom in {year})"
        w.add("Wie stroomt in", text + ".", *figures, *extra)


def _lde(w: _Writer, found: OverviewTiles) -> None:
    if found.lde_year is None or found.lde_fte is None:
        return
    year = found.lde_year
    fte = w.fte("lde.fte", (year,), found.lde_fte)
    if found.lde_reference is not None:
        gap = found.lde_fte - found.lde_reference
        where = "boven" if gap >= 0 else "onder"
        difference = w.fte("lde.gap", (year,), abs(gap))
        reference = Figure("lde.reference", (), found.lde_reference,
                           f"{numbers.number(found.lde_reference, 0)} VTE")
        w.add("LDE", f"De LDE-organisaties telden in {year} samen {{}}: {{}} {where} de "
              "referentie van {} voor de regio.", fte, difference, reference)
    else:
        w.add("LDE", f"De gekozen LDE-organisaties telden in {year} samen {{}} (de referentie "
              "van 100 VTE geldt enkel voor de hele regio).", fte)
    if found.lde_previous is not None:
        before = w.fte("lde.fte", (year - 1,), found.lde_previous)
        change = w.change("lde.change", (year, year - 1),
                          relative_change(found.lde_fte, found.lde_previous))
        w.add("LDE", f"Dat is {{}} tegenover {year - 1} ({{}}).", change, before)


def _maatwerk(w: _Writer, found: OverviewTiles, data: Datasets, filters: Filters) -> None:
    year = found.maatwerk_year
    if year is None or found.maatwerk_fill_rate is None:
        return
    filled = Figure("maatwerk.filled", (year,), found.maatwerk_filled,
                    numbers.number(found.maatwerk_filled, 1))
    granted = Figure("maatwerk.granted", (year,), found.maatwerk_granted,
                     numbers.number(found.maatwerk_granted, 1))
    rate = w.percent("maatwerk.fill_rate", (year,), found.maatwerk_fill_rate)
    w.add("Maatwerk", f"In {year} waren {{}} van de {{}} toegekende maatwerkplaatsen bezet "
          "({}).", filled, granted, rate)
    if found.maatwerk_unknown:
        unknown = w.number("maatwerk.unknown", (year,), float(found.maatwerk_unknown))
        organisations = _many(found.maatwerk_unknown, "organisatie", "organisaties")
        w.add("Maatwerk", f"Van {{}} {organisations} is de bezetting niet gekend; die tellen "
              "niet mee.", unknown)
    per_year = inflow.per_year(_rows(data, filters, "inflow", year)).set_index("year")["inflow"]
    both = maatwerk.unfilled_vs_inflow(_rows(data, filters, "maatwerk", year), per_year)
    both = both.loc[both["year"] == year]
    if not both.empty:
        unfilled = Figure("maatwerk.unfilled", (year,), float(both["unfilled"].iloc[0]),
                          numbers.number(both["unfilled"].iloc[0], 1))
        starters = w.count("inflow.total", (year,), float(both["inflow"].iloc[0]))
        w.add("Maatwerk", f"Er bleven {{}} plaatsen onbezet, tegenover {{}} instromers in "
              f"{year}.", unfilled, starters)


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """The months from ``first``'s month up to (not including) ``last``'s month."""
    out, (year, month) = [], (first.year, first.month)
    while (year, month) < (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _since(w: _Writer, data: Datasets, filters: Filters, previous: dt.date, meeting: dt.date,
           imports: pd.DataFrame | None) -> None:
    if imports is not None and "imported_at" in imports and len(imports):
        when = pd.to_datetime(imports["imported_at"], utc=True).dt.date
        status = imports["status"] if "status" in imports else pd.Series("active", imports.index)
        new = imports.loc[(when > previous) & (when <= meeting) & (status != "refused")]
        count = w.number("imports.since", (previous, meeting), float(len(new)))
        files = _many(len(new), "bestand", "bestanden")
        w.add("Sinds de vorige vergadering", f"Sinds {long_date(previous)} werden {{}} {files} "
              "ingelezen.", count)
    rows = filters.apply(data.inflow)
    if "month" not in rows or rows["month"].isna().all():
        return
    window = _months(previous, meeting)
    present = data.inflow[["year", "month"]].dropna().drop_duplicates()
    covered = {(int(y), int(m)) for y, m in present.itertuples(index=False)}
    months = [ym for ym in window if ym in covered and (ym[0] - 1, ym[1]) in covered]
    counted = Figure("inflow.months", (previous, meeting), float(len(months)),
                     numbers.integer(len(months)))
    if not months:
        w.add("Sinds de vorige vergadering", f"Van de maanden sinds {long_date(previous)} zijn "
              "er {} met instroomcijfers per maand (en een jaar eerder).", counted)
        return
    keys = pd.MultiIndex.from_frame(rows[["year", "month"]].astype("int64"))
    now = float(rows.loc[keys.isin(months), "inflow"].sum())
    earlier = [(y - 1, m) for y, m in months]
    then = float(rows.loc[keys.isin(earlier), "inflow"].sum())
    span = f"{event_period(dt.date(*months[0], 1), dt.date(*months[-1], 1))}"
    current = w.count("inflow.months_total", (tuple(months),), now)
    before = w.count("inflow.months_total", (tuple(earlier),), then)
    months_word = _many(len(months), "maand", "maanden")
    w.add("Sinds de vorige vergadering", f"In de {{}} {months_word} met cijfers sinds de vorige "
          f"vergadering ({span}) stroomden {{}} doelgroepwerknemers in, tegenover {{}} in "
          "dezelfde maanden een jaar eerder.", counted, current, before)


def _caveats(w: _Writer, data: Datasets, filters: Filters, year: int | None) -> None:
    section = "Actualiteit en kanttekeningen"
    for kind in kinds.KINDS:
        last = data.last_import(kind.name)
        frame = data.frame(kind.name)
        if frame.empty:
            none = Figure("data.files", (kind.name,), 0.0, "0")
            w.add(section, f"Er zijn {{}} bestanden met {kind.data_noun} ingelezen; die "
                  "ontbreken in deze nota.", none)
            continue
        first, final = int(frame["year"].min()), int(frame["year"].max())
        w.add(section, f"{kind.data_noun[0].upper()}{kind.data_noun[1:]}: {first}–{final}"
              + (f", laatste import {last:%d-%m-%Y}" if last else "") + ".",
              Figure("data.years", (kind.name,), float(final), str(final)))
        partial = data.partial_year(kind.name)
        if partial is not None and kind.is_flow:
            p_year, count, unit = partial
            units = "maand(en)" if unit == "month" else "kwarta(a)l(en)"
            w.add(section, f"{p_year} is nog onvolledig ({{}} {units}); de vergelijkingen "
                  "gaan over volledige jaren.",
                  Figure("data.partial", (kind.name,), float(count), str(count)))
    if year is not None:
        years = range(PRE_CORONA_YEAR, year + 1)
        for event in base.concerned(data, filters, ("inflow",)):
            if event.kind == "break" and event.start.year in years:
                w.add(section, f"Breuk in de reeks: {event.label} ({{}}); vergelijkingen "
                      "over die datum heen zijn voorzichtig te lezen.",
                      Figure("event.break", (event.label,), float(event.start.year),
                             event_period(event.start)))
    if filters.mask_small:
        hidden = [f for s in w.sentences for f in s.figures if f.shown == MASK_LABEL]
        figures = _many(len(hidden), "cijfer", "cijfers")
        w.add(section, f"Kleine aantallen (1 tot 4) zijn als <5 geschreven: {{}} {figures} in "
              "deze nota.", Figure("masked.count", (), float(len(hidden)),
                                   numbers.integer(len(hidden))))


def compose(
    source: Source,
    filters: Filters,
    meeting: dt.date,
    previous: dt.date | None = None,
    *,
    imports: pd.DataFrame | None = None,
) -> Note:
    """The note for the meeting of ``meeting`` (the previous one: ``previous``, by default
    three months earlier) under ``filters``. ``source(detail)`` gives the datasets with
    inflow per those detail columns; ``imports`` is the store's import log."""
    previous = previous or months_before(meeting, 3)
    data = _as_of(source(("month",)), meeting)
    w = _Writer(filters)
    found = tiles(data, filters)  # the Overzicht's figures: the same numbers as its tiles
    year = _inflow(w, found)
    if year is not None:
        _per_group(w, data, filters, year)
        _profiles(w, source, filters, meeting, year)
    _lde(w, found)
    _maatwerk(w, found, data, filters)
    _since(w, data, filters, previous, meeting, imports)
    _caveats(w, data, filters, year)
    return Note(
        title=f"{HEADING} {data.region.name}",
        meeting=meeting,
        previous=previous,
        scope=base.scope(data, filters),
        filters=tuple(filters.describe()),
        sentences=tuple(w.sentences),
        sample=data.any_sample(),
    )


def _many(count: float, one: str, many: str) -> str:
    return one if count == 1 else many


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (at most the 28th: every month has it)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))
