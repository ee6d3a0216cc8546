"""The ROSE note: every figure in it equals the indicator it names, on the sample data and
on a store with a known change; its Markdown, Word, PDF and PowerPoint forms."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from docx import Document
from pdf_pages import page_texts, shows
from pptx import Presentation

import kinds
from indicators import lde as lde_ind
from indicators import maatwerk as maatwerk_ind
from indicators.change import PRE_CORONA_YEAR
from indicators.datasets import Datasets
from indicators.filters import Filters
from reference import load_region
from reports import note as notes
from reports.note_files import docx, markdown, text_page
from reports.pack import pack_files
from storage import Store
from tests.store_helpers import inflow, lde, maatwerk
from ui import sample

MEETING = dt.date(2024, 3, 14)


def _datasets(store: Store) -> Datasets:
    """Every row as stored (all detail columns at once): the note's figures are held to
    the rows, not to the summaries they are read from in the app."""
    frames = {kind: store.read(kind) for kind in kinds.NAMES}
    return Datasets(freshness=store.freshness(), region=load_region(), **frames)


def _inflow(data: Datasets, filters: Filters) -> pd.DataFrame:
    rows = filters.apply(data.inflow)
    return rows.loc[rows["year"] <= MEETING.year]


def _total(rows: pd.DataFrame, **where) -> float:
    mask = pd.Series(True, index=rows.index)
    for column, value in where.items():
        mask &= rows[column] == value
    return float(rows.loc[mask, "inflow"].sum())


def _expected(figure: notes.Figure, data: Datasets, filters: Filters, log: pd.DataFrame):
    """What the indicator a figure names says, computed here from the tidy rows."""
    rows = _inflow(data, filters)
    name, args = figure.indicator, figure.args
    if name == "inflow.total":
        return _total(rows, year=args[0])
    if name == "inflow.change":
        return _total(rows, year=args[0]) / _total(rows, year=args[1]) - 1
    if name in ("inflow.municipality", "inflow.target_group"):
        return _total(rows, **{name.split(".")[1]: args[0], "year": args[1]})
    if name in ("inflow.below_base", "inflow.places"):
        per = rows.groupby(["municipality", "year"])["inflow"].sum().unstack()
        both = per[[PRE_CORONA_YEAR, args[0]]].dropna()
        if name == "inflow.places":
            return float(len(both))
        return float((both[args[0]] < both[PRE_CORONA_YEAR]).sum())
    if name.startswith("profile."):
        column, value, year = args
        missing = kinds.profile(column).missing
        year_rows = rows.loc[rows["year"] == year]
        known = _total(year_rows.loc[year_rows[column] != missing])
        return {
            "profile.share": lambda: _total(year_rows, **{column: value}) / known,
            "profile.count": lambda: _total(year_rows, **{column: value}),
            "profile.known": lambda: known,
            "profile.unknown": lambda: _total(year_rows, **{column: missing})
            / _total(year_rows),
        }[name]()
    stocks = {k: filters.apply(data.frame(k)) for k in ("lde", "maatwerk")}
    if name.startswith("lde."):
        fte = lde_ind.fte_per_year(stocks["lde"]).set_index("year")["fte"]
        return {
            "lde.fte": lambda: fte[args[0]] if args else None,
            "lde.gap": lambda: abs(fte[args[0]] - lde_ind.REGIONAL_FTE_REFERENCE),
            "lde.reference": lambda: lde_ind.REGIONAL_FTE_REFERENCE,
            "lde.change": lambda: fte[args[0]] / fte[args[1]] - 1,
        }[name]()
    if name.startswith("maatwerk."):
        year = args[0]
        totals = maatwerk_ind.granted_filled(
            stocks["maatwerk"].loc[stocks["maatwerk"]["year"] == year]
        ).iloc[0]
        return {
            "maatwerk.filled": totals["occupied"],
            "maatwerk.granted": totals["places_known"],
            "maatwerk.fill_rate": totals["fill_rate"],
            "maatwerk.unknown": totals["unknown"],
            "maatwerk.unfilled": totals["unfilled"],
        }[name]
    if name == "inflow.months_total":
        months = set(args[0])
        keys = list(zip(rows["year"], rows["month"], strict=True))
        return float(rows.loc[[k in months for k in keys], "inflow"].sum())
    if name == "inflow.months":
        return None  # checked by the months_total figures it counts
    if name == "imports.since":
        when = pd.to_datetime(log["imported_at"], utc=True).dt.date
        return float(((when > args[0]) & (when <= args[1]) & (log["status"] != "refused")).sum())
    if name == "data.years":
        return float(data.frame(args[0])["year"].max())
    if name in ("data.files", "data.partial", "event.break", "masked.count"):
        return None  # facts of the data set, checked in their own tests below
    raise AssertionError(f"a figure names an unknown indicator: {name}")


def _check_every_figure(note: notes.Note, data: Datasets, filters: Filters, log) -> int:
    checked = 0
    for sentence in note.sentences:
        assert "{}" not in sentence.text, sentence.text
        assert any(ch.isdigit() for ch in sentence.text), f"no number: {sentence.text}"
        for figure in sentence.figures:
            assert figure.shown in sentence.text, (figure, sentence.text)
            wanted = _expected(figure, data, filters, log)
            if wanted is None:
                continue
            assert figure.value == pytest.approx(float(wanted), abs=1e-9), (figure, wanted)
            checked += 1
    return checked


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('note') / 'w13.sqlite'}")
    sample.import_sample_data(store)
    return store


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(municipalities=("Menen", "Wevelgem")), Filters(mask_small=True),
     Filters(target_groups=("LDE",), profiles=(("sex", ("vrouw",)),))],
    ids=["region", "two-municipalities", "masked", "lde-women"],
)
def test_every_figure_of_the_sample_note_is_its_indicator(sample_store, filters):
    data = _datasets(sample_store)
    log = sample_store.import_log()
    note = notes.compose(lambda _: data, filters, MEETING, imports=log)
    assert _check_every_figure(note, data, filters, log) >= 10
    sections = dict(note.sections())
    assert {"Instroom", "LDE", "Maatwerk", "Actualiteit en kanttekeningen"} <= set(sections)
    if filters == Filters():
        assert "Wie stroomt in" in sections  # the 2023 person list says who
        assert any("referentie van 100 VTE" in s.text for s in sections["LDE"])
        assert any("Breuk in de reeks" in s.text for s in sections["Actualiteit en kanttekeningen"])
    if filters.municipalities:
        assert all("referentie van 100 VTE voor de regio" not in s.text for s in sections["LDE"])
    if filters.mask_small:
        masked = [f for s in note.sentences for f in s.figures if f.shown == "<5"]
        assert all(1 <= f.value <= 4 for f in masked)
        last = note.sentences[-1]
        assert last.figures[0].indicator == "masked.count"
        assert last.figures[0].value == len(masked)


# A store with a known change: inflow fell from 2019, 50-plussers rose, LDE passed 100.
KNOWN = pd.concat(
    [
        inflow(*[(y, None, "Kortrijk", "LDE", "vzw A", n)
                 for y, n in ((2019, 200), (2022, 160), (2023, 120))]),
        inflow(*[(y, None, "Menen", "Arbeidszorg", "vzw B", n)
                 for y, n in ((2019, 100), (2022, 80), (2023, 100))]),
    ],
    ignore_index=True,
)


def _known_store(url: str) -> Store:
    store = Store(url)
    frame = KNOWN.copy()
    # who: Kortrijk's starters are 25-49, Menen's 50+, so the 50+ share rises 2022 → 2023
    frame["age_band"] = frame["municipality"].map({"Kortrijk": "25-49", "Menen": "50+"})
    imports = (
        ("inflow", frame),
        ("lde", lde(*[(y, None, "vzw A", "Kortrijk", f, 110) for y, f in ((2022, 96.0),
                                                                         (2023, 104.5))])),
        ("maatwerk", maatwerk(*[(y, None, "MW", "Kortrijk", "collectief", 100, o)
                                for y, o in ((2022, 90), (2023, 85))])),
    )
    for kind, rows in imports:
        plan = store.plan_import(kind, rows, file_name=f"{kind}.xlsx", sha256=kind)
        store.apply_import(plan, user="test")
    return store


def test_a_known_change_is_stated_with_its_figures(tmp_path):
    store = _known_store(f"sqlite:///{tmp_path / 'known.sqlite'}")
    data = _datasets(store)
    log = store.import_log()
    note = notes.compose(lambda _: data, Filters(), MEETING, dt.date(2023, 12, 1), imports=log)
    _check_every_figure(note, data, Filters(), log)
    text = " ".join(s.text for s in note.sentences)
    assert "In 2023 stroomden 220 doelgroepwerknemers in, −8 % tegenover 2022 (240)." in text
    assert "Tegenover 2019, voor corona (300), is dat −27 %." in text
    assert "steeg de instroom het sterkst in Menen: van 80 in 2022 naar 100 in 2023" in text
    assert "daalde de instroom het sterkst in Kortrijk: van 160 in 2022 naar 120 in 2023" in text
    assert "In 1 van de 2 gemeenten met cijfers lag de instroom in 2023 lager dan in 2019" in text
    assert "Aandeel 50-plussers in de instroom steeg van 33 % naar 45 % (2019–2023)" in text
    assert "104,5 VTE: 4,5 VTE boven de referentie van 100 VTE" in text
    assert "In 2023 waren 85,0 van de 100,0 toegekende maatwerkplaatsen bezet (85 %)" in text
    assert "Er bleven 15,0 plaatsen onbezet, tegenover 220 instromers in 2023." in text
    # the files were imported after the meeting date: none came in between the meetings
    assert "Sinds 1 december 2023 werden 0 bestanden ingelezen." in text
    assert "Er zijn" not in text  # every kind has its files
    store.dispose()


def test_the_note_as_markdown_word_pdf_and_deck(tmp_path):
    store = _known_store(f"sqlite:///{tmp_path / 'files.sqlite'}")
    data = _datasets(store)
    note = notes.compose(lambda _: data, Filters(), MEETING, imports=store.import_log())
    sentences = [s.text for _, found in note.sections() for s in found]
    text = markdown(note)
    assert text.startswith("# ROSE-nota") and "## Instroom" in text
    assert all(re.sub(r"\\(.)", r"\1", s) in re.sub(r"\\(.)", r"\1", text) for s in sentences)
    document = Document(io.BytesIO(docx(note)))
    words = "\n".join(p.text for p in document.paragraphs)
    assert all(s in words for s in sentences)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        section for section, _ in note.sections()]
    pack = pack_files([], data, Filters(), first=[text_page(note)], generated=MEETING)
    first = page_texts(pack.pdf)[0]
    assert shows(first, "ROSE-nota") and shows(first, sentences[0])
    slides = Presentation(io.BytesIO(pack.pptx)).slides
    slide_text = " ".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    assert "ROSE-nota" in slide_text and sentences[0] in slide_text
    store.dispose()


def test_a_name_with_braces_is_text_not_a_placeholder(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'braces.sqlite'}")
    rows = inflow(*[(y, None, "Menen", "Project {x}", "vzw A", n)
                    for y, n in ((2019, 50), (2022, 40), (2023, 60))])
    plan = store.plan_import("inflow", rows, file_name="a.xlsx", sha256="a")
    store.apply_import(plan, user="test")
    data = _datasets(store)
    note = notes.compose(lambda _: data, Filters(), MEETING)
    text = " ".join(s.text for s in note.sentences)
    assert "steeg de instroom het sterkst in Project {x}: van 40 in 2022 naar 60 in 2023" in text
    store.dispose()


def test_markdown_keeps_names_from_files_as_text():
    figure = notes.Figure("inflow.total", (2023,), 5.0, "5")
    note = notes.Note(
        title="ROSE-nota", meeting=MEETING, previous=dt.date(2023, 12, 14), scope="regio W13",
        filters=(("Organisaties", "*vzw* [x](javascript:y) <b>"),),
        sentences=(notes.Sentence("Instroom", "In 2023 startten er 5 bij *vzw* <b>.",
                                  (figure,)),),
    )
    text = markdown(note)
    assert "\\*vzw\\*" in text and "\\<b\\>" in text and "\\[x\\]" in text
