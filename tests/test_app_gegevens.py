"""The Gegevens page in AppTest: upload, confirm, see new figures, undo, broken files.

Workbooks are written inside the tests with xlsxwriter, the way staff would fill a
template; the store is the real one on a temporary SQLite file.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from app_support import INFLOW, app, charts, navigation_over_pages_folder, seed, texts, yearly

from ui.markdown import literal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_2022 = {"Kortrijk": 70, "Menen": 25, "Wevelgem": 11}


def workbook(
    rows: list[list[object]], header=("Jaar", "Gemeente", "Doelgroep", "Organisatie", "Instroom")
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Instroom")
    sheet.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def inflow_2022() -> bytes:
    return workbook(
        [
            [2022, place, "Collectief maatwerk", "Werkplus Waregem", value]
            for place, value in NEW_2022.items()
        ]
    )


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'w13.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)
    seed(url)
    return url


def on_gegevens():
    at = app().run()
    at.switch_page("pages/gegevens.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, *files: tuple[str, bytes]):
    at.file_uploader[0].set_value([(name, content, XLSX) for name, content in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0]


def instroom_per_year(at) -> dict[str, float]:
    at.switch_page("pages/instroom.py").run()
    assert not at.exception
    return yearly(charts(at)["instroom.per_jaar"])


def statuses(url: str) -> list[str]:
    from storage import Store

    return Store(url).import_log()["status"].tolist()


def import_log_size(url: str) -> int:
    from storage import Store

    return len(Store(url).import_log())


def test_upload_confirm_and_see_the_new_figures_on_instroom(url):
    at = upload(on_gegevens(), ("instroom-2022.xlsx", inflow_2022()))
    assert "Instroom" in [m.value for m in at.metric]  # detected kind
    button(at, "Importeren").click().run()
    assert "Wat verandert er?" in [s.value for s in at.subheader]
    button(at, "Bevestigen en importeren").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "geïmporteerd" in texts(at)
    assert import_log_size(url) == 2
    per_year = instroom_per_year(at)
    assert per_year["2022"] == float(sum(NEW_2022.values()))
    assert per_year["2021"] == float(sum(INFLOW[2021].values()))


def test_a_broken_file_lists_every_problem_and_stores_nothing(url):
    broken = workbook(
        [
            [2022, "Kortrijk", "Collectief maatwerk", "Werkplus", "veel"],
            ["twintig", "Menen", "Collectief maatwerk", "Werkplus", 5],
            [2022, "Menen", "Collectief maatwerk", "Werkplus", -3],
        ]
    )
    at = upload(on_gegevens(), ("kapot.xlsx", broken))
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Blad", "Rij", "Kolom", "Probleem"]
    assert set(problems["Rij"].dropna().astype(int)) >= {2, 3, 4}
    assert not [b for b in at.button if b.label == "Importeren"]
    assert statuses(url) == ["refused", "active"]  # logged, newest first; nothing stored


def test_many_problems_of_one_kind_are_grouped_with_the_full_table_beside(url):
    rows = [[2022, "Kortrijk", "Collectief maatwerk", "Werkplus", "veel"]] * 6
    at = upload(on_gegevens(), ("kapot.xlsx", workbook(rows)))
    lines = [m.value for m in at.markdown if "keer" in m.value]
    assert lines == [
        "- "
        + literal(
            "Geen getal (6 keer): blad 'Instroom' rij 2 kolom E, rij 3 kolom E, rij 4 kolom E "
            "… Bijvoorbeeld: 'veel' is geen getal (Instroom)."
        )
    ]
    assert len(at.dataframe[0].value) == 6  # every problem stays available
    assert not [b for b in at.button if b.label == "Importeren"]


def test_undo_restores_the_earlier_figures(url):
    at = upload(on_gegevens(), ("instroom-2022.xlsx", inflow_2022()))
    button(at, "Importeren").click().run()
    button(at, "Bevestigen en importeren").click().run()
    assert "2022" in instroom_per_year(at)

    at.switch_page("pages/gegevens.py").run()
    choice = at.selectbox(key="undo-choice")
    choice.set_value(choice.options and max(int(o.split(" ")[0]) for o in choice.options)).run()
    button(at, "Ongedaan maken").click().run()
    button(at, "Ja, ongedaan maken").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "ongedaan gemaakt" in texts(at)
    per_year = instroom_per_year(at)
    assert "2022" not in per_year
    assert per_year == {str(y): float(sum(v.values())) for y, v in INFLOW.items()}


def test_the_same_file_twice_is_recognised(url):
    content = inflow_2022()
    at = upload(on_gegevens(), ("instroom-2022.xlsx", content))
    button(at, "Importeren").click().run()
    button(at, "Bevestigen en importeren").click().run()
    at = upload(at, ("instroom-2022-kopie.xlsx", content))
    button(at, "Importeren").click().run()
    assert "al eens geïmporteerd" in texts(at)
    button(at, "Bevestigen en importeren").click().run()
    assert "overgeslagen" in texts(at)
    assert import_log_size(url) == 2

    at = upload(at, ("instroom-2022-kopie.xlsx", content))
    button(at, "Importeren").click().run()
    at.checkbox(key="import-insist").check().run()
    button(at, "Bevestigen en importeren").click().run()
    assert "geïmporteerd" in texts(at)
    assert import_log_size(url) == 3


def test_viewers_do_not_get_the_gegevens_page(url, monkeypatch):
    from ui.auth import hash_password

    monkeypatch.setenv("W13_EDITOR_PASSWORD_HASH", hash_password("geheim-wachtwoord"))
    at = app().run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/gegevens.py")  # not in a viewer's navigation at all
    assert not at.file_uploader


__all__ = ["navigation_over_pages_folder"]  # the autouse fixture, imported for pytest


def test_the_detected_kind_can_be_changed(url):
    at = upload(on_gegevens(), ("instroom-2022.xlsx", inflow_2022()))
    kind = at.selectbox[0]
    assert kind.value == "inflow"
    kind.set_value("maatwerk").run()
    assert not at.exception
    assert "kan niet ingelezen worden" in texts(at)  # an inflow file is no maatwerk file
    assert not [b for b in at.button if b.label == "Importeren"]
    at.selectbox[0].set_value("inflow").run()
    assert [b for b in at.button if b.label == "Importeren"]


def test_a_file_name_written_as_markdown_is_shown_as_typed(url):
    name = "[Klik hier](https://evil.example) :red[rood].xlsx"
    at = upload(on_gegevens(), (name, inflow_2022()))
    button(at, "Importeren").click().run()
    shown = [m.value for m in at.markdown]
    assert f"**{literal(name)}**" in shown  # the file panel
    assert any(text.startswith(f"**{literal(name)}** (") for text in shown)  # what changes
    assert not [text for text in shown if "](https://" in text or ":red[" in text]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "leeg"),
        (b"<!DOCTYPE html><html><table><tr><td>Jaar</td></tr></table></html>", "webpagina"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "afbeelding"),
    ],
    ids=["empty", "html named xlsx", "png named xlsx"],
)
def test_a_file_s_own_problem_comes_first_without_asking_its_kind(url, content, words):
    at = upload(on_gegevens(), ("export.xlsx", content))
    assert words in texts(at)
    # No question about the kind of a file that cannot be read.
    assert not [box for box in at.selectbox if box.label == "Soort gegevens"]
    assert "soort gegevens werd niet herkend" not in texts(at).lower()


def test_a_guessed_kind_is_offered_as_a_choice(url):
    # Contingent only: LDE and maatwerk tie on the evidence; LDE cannot read it.
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet("Blad1")
        for number, row in enumerate([["Organisatie", "Jaar", "Contingent"], ["vzw A", 2023, 15]]):
            sheet.write_row(number, 0, row)
    guessed = buffer.getvalue()
    at = upload(on_gegevens(), ("contingenten.xlsx", guessed))
    assert at.selectbox[0].value == "maatwerk"
    assert "niet zeker herkend" in texts(at)
    assert [b for b in at.button if b.label == "Importeren"]
