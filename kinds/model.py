"""The shape of a dataset kind's declaration: columns, requirements, evidence, scope.

Plain frozen dataclasses (standard library only), so every package — loaders, store,
indicators, charts, ui, reports — can derive its per-kind facts from one declaration
without importing anything heavy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

# Roles of a column: "key" (identifies a row), "measure" (a number), "person" (identifies
# a person: read only to be dropped, never stored), "status" (read to leave out the rows
# whose value is one of the column's ``excluded`` words, never stored) or "ignore" (read
# and dropped: remarks).
ROLES = ("key", "measure", "person", "status", "ignore")
DTYPES = ("Int64", "float64", "string")
# The period parts of a tidy row (not entities: a stock's series are its other keys).
PERIOD_PARTS = ("year", "quarter", "month")

# What, besides a column, can give a required fact. The loaders test each source on a
# located table (``loaders.validate.SOURCES``); the templates describe it in Dutch.
SOURCES = {
    "period_header": "perioden als kolomkoppen (jaren, kwartalen of maanden)",
    "value_header": "cijfers onder kolomkoppen met perioden, gemeenten, doelgroepen, soorten "
    "of organisaties (een kruistabel)",
    "title_year": "een jaartal in de bladnaam of titel",
    "person_list": "een lijst met één rij per persoon (die rijen worden geteld)",
    "region_table": "een tabel voor de hele regio (de regio in de titel, geen organisaties "
    "of gemeenten)",
}


@dataclass(frozen=True)
class Column:
    """One column a file of a kind may have: tidy name, dtype, Dutch words, synonyms.

    ``synonyms`` are compared through ``loaders.normalise.text_key`` (case, accents,
    spacing and punctuation do not matter); the name and label count as synonyms too.
    ``nullable`` only matters for tidy columns: False means every tidy row has a value
    (the store declares the column NOT NULL).
    """

    name: str
    dtype: str
    label: str
    explanation: str
    synonyms: tuple[str, ...] = ()
    role: str = "key"
    nullable: bool = True
    # A shorter label where the full one is too long (a table header): "Plaatsen".
    short_label: str = ""
    # The value of every row when a file gives the column nowhere (no column, title or
    # filter line): "Niet opgegeven". Empty: the column (or another source) is needed.
    missing: str = ""
    # For a "status" column: words of a value that say the row did not happen
    # ("geannuleerd", "niet gestart"); compared as whole words after normalising.
    excluded: tuple[str, ...] = ()
    # For a count: first words of a header that counts something ("Aantal …"). When a
    # table names no count column, its one column of whole figures under such a header
    # is the count ("Aantal gestarte cursisten"), unless the header also names one of
    # ``not_counted`` (hours, euro, FTE: amounts, not people).
    heads: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = ()
    # For a key of a closed vocabulary (a profile such as the age band): each allowed
    # value with the words of a cell or header that name it, compared as text keys. The
    # value ``missing`` is where a row lands when its cell names none of them.
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES or self.dtype not in DTYPES:
            raise ValueError(f"column {self.name!r}: role {self.role!r}, dtype {self.dtype!r}")
        for name in ("synonyms", "excluded", "heads", "not_counted"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        vocabulary = tuple((value, tuple(words)) for value, words in self.vocabulary)
        object.__setattr__(self, "vocabulary", vocabulary)
        if vocabulary and self.missing not in self.values:
            raise ValueError(f"column {self.name!r}: its missing value is not in its vocabulary")
        if bool(self.excluded) != (self.role == "status"):
            raise ValueError(f"column {self.name!r}: excluded words belong to a status column")
        if self.heads and (self.role != "measure" or self.dtype != "Int64"):
            raise ValueError(f"column {self.name!r}: only a count has head words")

    @property
    def short(self) -> str:
        return self.short_label or self.label

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a closed vocabulary, in their order ((): any text)."""
        return tuple(value for value, _ in self.vocabulary)

    def but(self, **changes: object) -> Column:
        """This column with some fields changed (for a kind that differs, e.g. not null)."""
        return replace(self, **changes)


def column(
    name: str,
    dtype: str,
    label: str,
    explanation: str,
    synonyms: list[str] | tuple[str, ...],
    role: str = "key",
    **extra: object,
) -> Column:
    """A ``Column`` in the order the declarations read best (synonyms last but one)."""
    return Column(name, dtype, label, explanation, tuple(synonyms), role, **extra)


@dataclass(frozen=True)
class Requirement:
    """Something every table of a file must give: any one of ``columns`` (tried in
    order; the first names the requirement), or any one of ``sources`` (see SOURCES)."""

    columns: tuple[str, ...]
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [s for s in self.sources if s not in SOURCES]
        if unknown or not self.columns:
            raise ValueError(f"requirement {self.columns}: unknown sources {unknown}")

    @property
    def name(self) -> str:
        return self.columns[0]


@dataclass(frozen=True)
class Noun:
    """A Dutch noun in singular and plural: "1 LDE-organisatie", "3 LDE-organisaties"."""

    one: str
    many: str


@dataclass(frozen=True)
class Evidence:
    """What tells a file of this kind apart from the others (``loaders.detect``).

    ``own_columns``: header cells naming one of these weigh most (a column only this kind
    has); ``names``: the kind's own name in headers (weighs most), titles or sheet
    names; ``leaning``: words in titles that lean towards it without naming it;
    ``units``: words of header cells that name the unit its figures are counted in
    (VTE and places for stocks, persons and starters for inflow);
    ``median_figure``: the range (low, high] of the median figure per row that is
    typical, which settles a tie between two stock kinds.
    """

    own_columns: frozenset[str]
    names: tuple[str, ...]
    leaning: tuple[str, ...] = ()
    units: frozenset[str] = frozenset()
    median_figure: tuple[float, float] = (-math.inf, math.inf)


@dataclass(frozen=True)
class Scope:
    """Which stored rows an import replaces, besides the periods: rows of the same entity.

    The entity of a row is its ``entity`` column (an organisation), or its ``fallback``
    column when that is unknown (open data per municipality), within the ``within``
    columns (the maatwerk kind). With ``unnamed_covers_all`` a file whose rows name no
    entity at all covers every entity of its periods (an inflow export per municipality).

    With ``region_totals`` a row naming neither its entity nor its fallback holds the
    figures of the whole region (a table without organisations or municipalities, see
    the requirement source ``region_table``). Such a row overlaps every entity of its
    ``within`` group and period: importing it replaces all those stored rows, and
    importing rows of any entity replaces the stored region totals they overlap, so
    totals and their parts never stand side by side (and are never counted twice).
    """

    entity: str
    fallback: str | None = None
    within: tuple[str, ...] = ()
    unnamed_covers_all: bool = False
    region_totals: bool = False


@dataclass(frozen=True)
class Kind:
    """Everything the project knows about one dataset kind, declared once."""

    name: str  # identifier in code, the store and URLs: "inflow"
    label: str  # Dutch title: "Instroom"
    choice_label: str  # in the upload's kind choice: "LDE (VTE)"
    noun: str  # in a sentence: "3 imports van instroom", "de LDE"
    data_noun: str  # "LDE-gegevens": "De LDE-gegevens missen …"
    entity: Noun  # what a row counts or belongs to: "1 LDE-organisatie"
    source: str  # the source line under a chart: "LDE-organisatielijsten"
    flow: bool  # a flow adds up over a year; a stock is the mean of its quarters
    columns: tuple[Column, ...]  # the tidy columns, in contract order
    inputs: tuple[Column, ...]  # columns read from files but not kept as such
    required: tuple[Requirement, ...]
    main_measure: str  # the headline figure (a file's summary, a wide table's default)
    headline_measures: tuple[str, ...]  # compared per year when an import is planned
    evidence: Evidence
    scope: Scope
    person_lists: bool = False  # a list of one row per person is counted (flows)
    # Columns the pages filter on: the store indexes current rows on them.
    filter_columns: tuple[str, ...] = ()
    # A million-row kind: the store keeps running sums of the main measure per these keys
    # (and per organisation) over current rows, and finds rows by id ranges, not indexes.
    summary_keys: tuple[str, ...] = ()
    # Columns the pages look at in detail (per month, per organisation): the store keeps a
    # summary per ``summary_keys`` plus each one of them, so a detail view reads a summary
    # instead of the rows. Adding one is this declaration and a migration creating its table.
    detail_keys: tuple[str, ...] = ()
    # The open-data file that adds this kind for all of Flanders (the comparisons of the
    # region with its province and Flanders), as the page names it where it is missing;
    # "" when no file does.
    flanders_file: str = ""
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {c.name: c for c in (*self.columns, *self.inputs)}
        object.__setattr__(self, "_by_name", by_name)
        named = {self.main_measure, *self.headline_measures, *self.filter_columns}
        named |= {n for r in self.required for n in r.columns} | set(self.summary_keys)
        named |= set(self.detail_keys)
        named |= set(self.evidence.own_columns) | {self.scope.entity, *self.scope.within}
        named |= {self.scope.fallback} - {None}
        if missing := sorted(named - set(by_name)):
            raise ValueError(f"kind {self.name!r} names undeclared columns: {missing}")
        if self.detail_keys and not self.summary_keys:
            raise ValueError(f"kind {self.name!r}: detail_keys refine summary_keys")
        if len(by_name) != len(self.columns) + len(self.inputs):
            raise ValueError(f"kind {self.name!r} declares a column twice")
        regional = any("region_table" in r.sources for r in self.required)
        entities = [by_name[c] for c in (self.scope.entity, self.scope.fallback) if c]
        if regional != self.scope.region_totals or (
            regional and not all(c.nullable for c in entities)
        ):
            raise ValueError(
                f"kind {self.name!r}: a region table is read only when its scope keeps region "
                "totals, and their entity columns may then be empty"
            )

    @property
    def own_columns(self) -> frozenset[str]:
        """Columns only this kind has: a header naming one tells the kind (detection)."""
        return self.evidence.own_columns

    @property
    def is_flow(self) -> bool:
        return self.flow

    @property
    def is_stock(self) -> bool:
        return not self.flow

    @cached_property
    def all_columns(self) -> tuple[Column, ...]:
        """Every column recognised in a file: tidy ones first, then input-only ones."""
        return (*self.columns, *self.inputs)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The tidy column names in contract order."""
        return tuple(c.name for c in self.columns)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The tidy columns that identify a row (periods and entities)."""
        return tuple(c.name for c in self.columns if c.role == "key")

    @cached_property
    def series(self) -> tuple[str, ...]:
        """The keys that are not period parts: what a stock is a series of."""
        return tuple(k for k in self.keys if k not in PERIOD_PARTS)

    @cached_property
    def measures(self) -> tuple[str, ...]:
        """The tidy measure columns."""
        return tuple(c.name for c in self.columns if c.role == "measure")

    @cached_property
    def dtypes(self) -> dict[str, str]:
        """Tidy column name → pandas dtype ("Int64", "float64", "string")."""
        return {c.name: c.dtype for c in self.columns}

    @cached_property
    def profiles(self) -> tuple[Column, ...]:
        """The tidy keys of a closed vocabulary (age band, sex, education): who flows in."""
        return tuple(c for c in self.columns if c.vocabulary)

    @cached_property
    def not_null(self) -> frozenset[str]:
        """The tidy columns every row has a value for."""
        return frozenset(c.name for c in self.columns if not c.nullable)

    @property
    def decimals(self) -> int:
        """Decimals the main measure is shown with: 0 for counts, 1 for FTE and places."""
        return 0 if self.column(self.main_measure).dtype == "Int64" else 1

    def column(self, name: str) -> Column:
        """The declared column ``name`` (tidy or input-only); KeyError if there is none."""
        return self._by_name[name]

    def requirement_of(self, name: str) -> Requirement | None:
        """The requirement column ``name`` takes part in, if any."""
        return next((r for r in self.required if name in r.columns), None)
