"""``python -m reports MAP [--gemeente NAAM ...] [--jaren VAN TOT]``: the ROSE pack as files.

Writes ``rose-<datum>.pptx``, ``.xlsx`` and ``.pdf`` into MAP for the dashboard's own
database, found the way the dashboard finds it (``ui.settings``: ``DATABASE_URL``, else
``[database] url`` in ``.streamlit/secrets.toml``, else the local SQLite file), with the
charts and filters the ROSE-pakket page offers (every chart by default). Meant to be
scheduled before each ROSE meeting: all three files open with the ROSE note for
the meeting (``--vergadering``, default today; ``--vorige``, default three months
earlier), as on the ROSE-pakket page; ``--zonder-nota`` leaves it out.

Exit codes: 0 written; 2 a wrong argument (an unknown municipality, a year range without
data), with a Dutch message and no traceback; 1 the pack could not be made (no
database, no data, a database or disk fault), said in Dutch too. Files appear whole or
not at all: each is written beside its final name and renamed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from indicators.datasets import Datasets
from indicators.filters import Filters
from loaders.normalise import text_key
from loaders.places import match_place
from reference import Region, load_region
from reports.text import TextPage
from storage import Store
from storage.config import DEFAULT_FILE
from storage.faults import describe

BAD_ARGUMENTS = 2
FAILED = 1
PROGRAM = "python -m reports"
DESCRIPTION = (
    "Maakt het ROSE-pakket (PowerPoint, Excel en PDF) van alle grafieken van het "
    "dashboard, met de gegevens uit de databank van het dashboard."
)
EPILOG = (
    "De databank is die van het dashboard: DATABASE_URL, anders [database] url in "
    ".streamlit/secrets.toml, anders data/w13.sqlite. Voorbeeld: python -m reports "
    "pakketten --gemeente Kortrijk Menen --jaren 2019 2023"
)
# argparse's own messages (Python 3.11+), in Dutch.
_MESSAGES = (
    (r"the following arguments are required: (.*)", r"verplicht: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): expected one argument", r"\1 verwacht één waarde"),
    (r"argument (\S+): expected (\d+) arguments", r"\1 verwacht \2 waarden"),
    (r"argument (\S+): expected at least one argument", r"\1 verwacht minstens één waarde"),
    (r"ambiguous option: (\S+) could match (.*)", r"dubbelzinnige optie \1: \2"),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "gebruik: ")


class _Parser(argparse.ArgumentParser):
    """argparse speaking Dutch: its errors end the program with code 2, no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, dutch in _MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, dutch, message)
                break
        self.print_usage(sys.stderr)
        self.exit(BAD_ARGUMENTS, f"{self.prog}: fout: {message}\n")


def _date(text: str) -> dt.date:
    """A date as staff write it (31/03/2024, 31-3-2024) or as ISO (2024-03-31)."""
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    try:
        if found:
            day, month, year = map(int, found.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum (zoals 31/03/2024)") from None


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaartal (zoals 2023)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    made = _Parser(
        prog=PROGRAM,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_Formatter,
        add_help=False,
    )
    arguments = made.add_argument_group("argumenten")
    arguments.add_argument(
        "map", metavar="MAP", type=Path, help="map waarin de drie bestanden komen"
    )
    options = made.add_argument_group("opties")
    options.add_argument(
        "--gemeente",
        metavar="NAAM",
        nargs="+",
        action="extend",
        default=[],
        help="alleen deze gemeente(n) van de regio (standaard: de hele regio)",
    )
    options.add_argument(
        "--jaren",
        metavar=("VAN", "TOT"),
        nargs=2,
        type=_year,
        help="alleen deze jaren, grenzen inbegrepen (standaard: alle jaren)",
    )
    options.add_argument(
        "--maskeren",
        action="store_true",
        help='kleine aantallen (1 tot 4) als "<5" tonen, zoals in het dashboard',
    )
    options.add_argument(
        "--vergadering",
        metavar="DATUM",
        type=_date,
        help="datum van de ROSE-vergadering voor de nota vooraan (standaard: vandaag)",
    )
    options.add_argument(
        "--vorige",
        metavar="DATUM",
        type=_date,
        help="datum van de vorige vergadering (standaard: drie maanden eerder)",
    )
    options.add_argument(
        "--zonder-nota",
        action="store_true",
        help="de PowerPoint, de PDF en de Excel zonder de ROSE-nota vooraan",
    )
    options.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    return made


class Refused(Exception):
    """A wrong argument, in Dutch."""


class Failed(Exception):
    """The pack could not be made, in Dutch."""


def municipalities(names: Sequence[str], region: Region) -> tuple[str, ...]:
    """The official names of ``names`` in the region's order; "all" is the whole region."""
    offered = [*region.names, region.outside_label]
    found: set[str] = set()
    for name in names:
        match, recognised = match_place(name, region)
        typed_outside = text_key(name) == text_key(region.outside_label)
        # NOTE: a place outside the region (Brugge) matches as the outside label: that
        # is no municipality to choose, unless the label itself was typed.
        if not recognised or (match == region.outside_label and not typed_outside):
            close = difflib.get_close_matches(name, offered, n=1, cutoff=0.6)
            hint = f" Bedoelde u {close[0]}?" if close else ""
            raise Refused(
                f"'{name}' is geen gemeente van regio {region.name}.{hint} "
                f"Kies uit: {', '.join(offered)}."
            )
        found.add(match)
    # As in the sidebar: every municipality chosen is the whole region.
    return () if found >= set(offered) else tuple(m for m in offered if m in found)


def years(wanted: Sequence[int] | None, present: tuple[int, int] | None) -> tuple[int, int] | None:
    """The year range to show: ``wanted`` within the data, None for all years."""
    if not wanted:
        return None
    first, last = wanted
    if first > last:
        raise Refused(f"--jaren {first} {last}: het eerste jaar komt na het laatste.")
    if present is None:
        return (first, last)
    low, high = max(first, present[0]), min(last, present[1])
    if low > high:
        raise Refused(
            f"--jaren {first} {last}: geen gegevens in die jaren; de gegevens lopen van "
            f"{present[0]} tot {present[1]}."
        )
    return None if (low, high) == present else (low, high)


def _settings():
    # NOTE: imported here, as the pack's libraries are in make(): --help and a wrong
    # argument answer at once.
    from ui.settings import ConfigError, export_region_file, read_secrets, settings_from

    try:
        settings = settings_from(read_secrets(), os.environ)
    except ConfigError as error:
        raise Failed(str(error)) from None
    export_region_file(settings)  # a region configured for the dashboard counts here too
    return settings


def _read(url: str | None) -> tuple[Datasets, pd.DataFrame]:
    """Every dataset and the import log of the database at ``url`` (None: the default)."""
    if url is None and not DEFAULT_FILE.exists():
        raise Failed(
            f"Er is geen databank: {DEFAULT_FILE} bestaat niet. Start eerst het dashboard "
            "en importeer gegevens, of geef de databank op in DATABASE_URL."
        )
    store = Store(url)
    try:
        return Datasets.from_store(store), store.import_log()
    finally:
        store.dispose()


def _write(folder: Path, name: str, content: bytes) -> Path:
    """Write ``content`` as ``folder/name`` whole or not at all."""
    target = folder / name
    partial = folder / f".{name}.deel"
    try:
        partial.write_bytes(content)
        partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return target


def make(args: argparse.Namespace, today: dt.date) -> list[Path]:
    """Check ``args``, read the store, and write the pack's three files."""
    folder: Path = args.map
    if folder.exists() and not folder.is_dir():
        raise Refused(f"{folder} is een bestand, geen map.")
    years(args.jaren, None)  # a range the wrong way round is refused before any reading
    meeting = args.vergadering or today
    if args.vorige is not None and args.vorige > meeting:
        raise Refused(
            f"--vorige {args.vorige:%d/%m/%Y} valt na de vergadering ({meeting:%d/%m/%Y})."
        )
    settings = _settings()
    chosen = municipalities(args.gemeente, load_region())
    from reports.pack import ALL_CHARTS, build_specs, data_years, pack_files

    datasets, imports = _read(settings.database_url)
    filters = Filters(
        municipalities=chosen,
        years=years(args.jaren, data_years(datasets)),
        mask_small=args.maskeren,
    )
    if data_years(datasets) is None:
        raise Failed("De databank bevat nog geen gegevens: importeer eerst bestanden.")
    specs = build_specs(datasets, filters, ALL_CHARTS)
    if not specs:
        raise Failed("Geen enkele grafiek heeft gegevens voor deze keuze: er is niets geschreven.")
    note = () if args.zonder_nota else (_note(datasets, filters, imports, meeting, args.vorige),)
    pack = pack_files(specs, datasets, filters, imports=imports, generated=today, first=note)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"rose-{today.isoformat()}"
    return [_write(folder, f"{stem}.{kind}", content) for kind, content in pack._asdict().items()]


def _note(
    datasets: Datasets,
    filters: Filters,
    imports: pd.DataFrame,
    meeting: dt.date,
    previous: dt.date | None,
) -> TextPage:
    """The ROSE note as the pack's first page (the store's rows carry every detail)."""
    from reports.note import compose
    from reports.note_files import text_page

    return text_page(compose(lambda _: datasets, filters, meeting, previous, imports=imports))


def _reason(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}."


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        written = make(args, dt.date.today())
    except Refused as error:
        print(f"{PROGRAM}: fout: {error}", file=sys.stderr)
        return BAD_ARGUMENTS
    except Failed as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return FAILED
    except Exception as error:
        fault = describe(error)
        if fault is None and not isinstance(error, OSError):
            raise  # a bug: its traceback belongs in the log
        reason = fault.message if fault else _reason(error)
        print(f"{PROGRAM}: het ROSE-pakket is niet gemaakt. {reason}", file=sys.stderr)
        return FAILED
    print("ROSE-pakket geschreven:")
    for path in written:
        print(f"  {path}")
    return 0
