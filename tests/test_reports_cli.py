"""``python -m reports``: the ROSE pack from the command line, run as a staffer's scheduled
job would run it – a separate process on a real database – and its Dutch refusals."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import APP_ENV_DROPPED, REPO_ROOT
from pdf_pages import page_texts, shows
from pptx import Presentation
from reports_specs import HOSTILE, assert_no_live_cell
from store_helpers import do_import, inflow, lde

import sample_data
from reference import load_region
from reports import cli
from storage import Store
from ui import uploads


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    """A SQLite store with the sample files imported as real data, and organisations whose
    names look like a formula, in Kortrijk, imported through the store API."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'w13.sqlite'}"
    store = Store(url)
    for sample in sample_data.sample_files(first_start=True):
        parsed = uploads.parse(sample.path.name, sample.path.read_bytes(), sample.kind)
        plan = store.plan_import(
            parsed.kind, parsed.frame, file_name=parsed.name, sha256=parsed.sha256
        )
        store.apply_import(plan, user="test", force=True)
    quarters = [(2023, q, HOSTILE, "Kortrijk", 30.0 + q, 32.0) for q in range(1, 5)]
    do_import(store, "lde", lde(*quarters), "vijandig_lde.xlsx", force=True)
    starts = [(2023, m, "Kortrijk", "Werkervaring", HOSTILE, 60) for m in range(1, 13)]
    do_import(store, "inflow", inflow(*starts), "vijandig_instroom.xlsx", force=True)
    store.dispose()
    return url


def run(args: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in APP_ENV_DROPPED}
    env |= {"DATABASE_URL": url, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "reports", *args],
        cwd=cwd,  # not the repository: no local .streamlit/secrets.toml is read
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_writes_the_three_files_for_the_chosen_municipalities_and_years(store_url, tmp_path):
    out = tmp_path / "pakketten" / "rose"  # made when missing
    args = [str(out), "--gemeente", "Kortrijk", "menen", "--jaren", "2019", "2023"]
    done = run([*args, "--zonder-nota"], store_url, tmp_path)
    assert done.returncode == 0, done.stderr
    stem = f"rose-{dt.date.today().isoformat()}"
    files = [out / f"{stem}.{kind}" for kind in ("pptx", "xlsx", "pdf")]
    assert [line.strip() for line in done.stdout.splitlines()[1:]] == [str(f) for f in files]
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)  # no parts
    pptx, xlsx, pdf = (f.read_bytes() for f in files)
    slides = Presentation(io.BytesIO(pptx)).slides
    pages = page_texts(pdf)
    assert len(pages) == len(slides) > 10  # the same charts: every chart of the catalogue
    for page, slide in zip(pages[1:-1], list(slides)[1:-1], strict=True):
        title = next(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert shows(page, title.removeprefix("'"))
    for wanted in ("Gemeenten: Kortrijk, Menen", "gegevens 2019–2023", "Jaren: 2019–2023"):
        assert shows(pages[0], wanted), wanted
    assert any(shows(page, HOSTILE) for page in pages[1:-1])
    assert f"'{HOSTILE}" in assert_no_live_cell(pptx)  # every embedded workbook is inert
    filters = openpyxl.load_workbook(io.BytesIO(xlsx))["Filters"]
    cells = {c.value for row in filters.iter_rows() for c in row}
    assert {"Kortrijk, Menen", "2019–2023"} <= cells
    assert "Nota" not in openpyxl.load_workbook(io.BytesIO(xlsx)).sheetnames


def test_the_three_files_open_with_the_rose_note_of_the_meeting(store_url, tmp_path):
    done = run(
        [str(tmp_path), "--vergadering", "31/12/2023", "--vorige", "2023-09-30"],
        store_url,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    pdf, pptx = (path.read_bytes() for path in sorted(tmp_path.glob("rose-*.p*")))
    lead = "Voor de ROSE-vergadering van 31 december 2023 (vorige: 30 september 2023)"
    assert shows(page_texts(pdf)[0], "ROSE-nota") and shows(page_texts(pdf)[0], lead)
    slides = [
        " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in Presentation(io.BytesIO(pptx)).slides
    ]
    assert any("ROSE-nota" in text and lead in text for text in slides)
    book = openpyxl.load_workbook(next(tmp_path.glob("rose-*.xlsx")))
    assert book.sheetnames[0] == "Nota"
    assert any(lead in str(row[0].value) for row in book["Nota"].iter_rows())


def test_a_wrong_municipality_is_refused_in_dutch_without_a_traceback(store_url, tmp_path):
    done = run([str(tmp_path / "uit"), "--gemeente", "Kortrik"], store_url, tmp_path)
    assert done.returncode == 2
    assert "'Kortrik' is geen gemeente van regio" in done.stderr
    assert "Bedoelde u Kortrijk?" in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jaren", "2023", "2019"], "het eerste jaar komt na het laatste"),
        (["--jaren", "2030", "2031"], "geen gegevens in die jaren; de gegevens lopen van 2017"),
        (["--gemeente", "Brugge"], "'Brugge' is geen gemeente van regio"),
        (["--vergadering", "1/2/2024", "--vorige", "1-3-2024"], "valt na de vergadering"),
    ],
)
def test_arguments_the_data_cannot_answer_are_refused(
    store_url, tmp_path, monkeypatch, capsys, args, message
):
    monkeypatch.setenv("DATABASE_URL", store_url)
    assert cli.main([str(tmp_path / "uit"), *args]) == cli.BAD_ARGUMENTS
    error = capsys.readouterr().err
    assert message in error and error.startswith("python -m reports: fout: ")
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "fout: verplicht: MAP"),
        (["uit", "--jaren", "2019"], "fout: --jaren verwacht 2 waarden"),
        (["uit", "--jaren", "twintig", "2023"], "'twintig' is geen jaartal"),
        (["uit", "--kleur", "rood"], "fout: onbekende argumenten: --kleur rood"),
    ],
)
def test_malformed_arguments_get_dutch_usage_and_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    assert stop.value.code == cli.BAD_ARGUMENTS
    error = capsys.readouterr().err
    assert error.startswith("gebruik: python -m reports") and message in error


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for wanted in ("gebruik:", "argumenten:", "opties:", "toon deze hulp", "--gemeente NAAM"):
        assert wanted in text


def test_an_output_path_that_is_a_file_is_refused(store_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", store_url)
    taken = tmp_path / "bestand.txt"
    taken.write_text("x")
    assert cli.main([str(taken)]) == cli.BAD_ARGUMENTS
    assert "is een bestand, geen map" in capsys.readouterr().err


def test_an_empty_or_unreachable_database_fails_with_a_dutch_reason(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    assert cli.main([str(tmp_path / "uit")]) == cli.FAILED
    assert "De databank bevat nog geen gegevens" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://w13:x@127.0.0.1:1/w13")
    assert cli.main([str(tmp_path / "uit")]) == cli.FAILED
    error = capsys.readouterr().err
    assert "het ROSE-pakket is niet gemaakt" in error and "niet bereikbaar" in error
    assert not (tmp_path / "uit").exists()


def test_municipalities_are_named_as_the_loaders_read_them():
    region = load_region()
    chosen = cli.municipalities(["heule", "34027", "buiten w13", "Kortrijk"], region)
    assert chosen == ("Kortrijk", "Menen", region.outside_label)  # the region's order
    assert cli.municipalities([*region.names, region.outside_label], region) == ()  # all
    with pytest.raises(cli.Refused, match=r"Bedoelde u Wevelgem\?"):
        cli.municipalities(["Wevelgen"], region)
