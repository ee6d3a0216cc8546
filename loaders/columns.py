"""Header synonyms of each dataset kind, and matching a header cell to a column.

The columns and their synonyms are declared in ``kinds/`` (one source of truth);
``synonym_table(kind)`` derives the lookup of one kind from its declaration. Synonyms are
compared through ``normalise.text_key`` (case, accents, spacing and punctuation do not
matter), so ``"Gemeente "``, ``"GEMEENTE"`` and ``"gemeente"`` are one synonym.
"""

from __future__ import annotations

import re
from functools import cache

import kinds
from kinds import Column
from loaders.normalise import text_key

# Words that qualify a header without naming another column: "Aantal nieuwe instromers",
# "Gemiddeld aantal VTE", "Bezetting in VTE", "VTE's", a pivot table's "Som van VTE".
# fmt: off
FILLER_WORDS = frozenset((
    "aantal", "aantallen", "gemiddeld", "gemiddelde", "gem", "in", "van", "de", "het",
    "der", "des", "een", "per", "s", "nieuwe", "som", "sum", "of", "the", "average",
    "count", "number", "totaal", "total",
))
# fmt: on
PIVOT_PREFIX = re.compile(
    r"^\s*(?:som|sum|aantal|count|gemiddelde|average|max|min)\s+(?:van|of)\s+", re.IGNORECASE
)
_QUALIFIER = re.compile(r"\([^)]*\)|\[[^\]]*\]")
MAX_HEADER_WORDS = 5
MAX_RANK = 1000


class Synonyms(dict[str, str]):
    """Normalised header text → column name, with ``match`` for qualified headers."""

    def __init__(
        self,
        table: dict[str, str],
        measures: frozenset[str] = frozenset(),
        ranks: dict[str, int] | None = None,
        foreign: tuple[str, ...] = (),
        own: tuple[str, ...] = (),
    ) -> None:
        super().__init__(table)
        self.measures = measures
        # Position of each synonym in its column's declaration (0: the name itself).
        self.ranks = ranks or {}
        # Names of the other kinds and of this one ("lde", "cmw", "maatwerk"): a header
        # naming only another kind is that kind's figure ("lde_aantal_vte" in a maatwerk
        # file), never one of ours.
        self.foreign = foreign
        self.own = own
        # Each synonym's words (filler words aside), filed under one of them: a header
        # holding all of a synonym's words holds that one, so only its words' entries
        # need testing, not the hundreds of every synonym.
        self._tokens: dict[str, list[tuple[frozenset[str], str]]] = {}
        for key, name in table.items():
            if tokens := frozenset(w for w in key.split() if w not in FILLER_WORDS):
                self._tokens.setdefault(min(tokens), []).append((tokens, name))
        self._cache: dict[str, str | None] = {}

    def match(self, value: object) -> str | None:
        """The column a header cell names, or None.

        The exact text first; then without a pivot prefix ("Som van"), parenthesised
        qualifiers and units ("(VTE)", "(aantal)") and filler words; then the head of
        "X van Y"; last a token-set match: the column with the most specific synonym
        whose words all occur in the header. Two columns tied for it: no match.
        """
        if not isinstance(value, str):
            return self.get(text_key(value))
        if value not in self._cache:
            name = self._match(value)
            if name in self.measures and text_key(value) not in self and self.names_other(value):
                name = None
            self._cache[value] = name
        return self._cache[value]

    def rank(self, value: object) -> int:
        """How early the synonym of a header cell comes in its column's declaration; a
        qualified header ("Gemeente (vestiging)") ranks after every exact synonym."""
        return self.ranks.get(text_key(value), MAX_RANK)

    def names_other(self, value: object) -> bool:
        """Whether a header names another kind and not this one ("lde_aantal_vte")."""
        key = f" {text_key(value)} "
        return any(f" {w} " in key for w in self.foreign) and not any(
            f" {w} " in key for w in self.own
        )

    def _match(self, value: str) -> str | None:
        key = text_key(value)
        if key in self:
            return self[key]
        bare = text_key(_QUALIFIER.sub(" ", PIVOT_PREFIX.sub("", value)))
        words = [w for w in bare.split() if w not in FILLER_WORDS]
        for candidate in (bare, " ".join(words)):
            if candidate in self:
                return self[candidate]
        if " van " in f" {bare} ":  # "Gemeente van de vestiging": the head noun decides
            head = [w for w in bare.split(" van ")[0].split() if w not in FILLER_WORDS]
            if head and " ".join(head) in self:
                return self[" ".join(head)]
        if not words or len(words) > MAX_HEADER_WORDS:
            return None
        return self._by_tokens(set(words))

    def _by_tokens(self, present: set[str]) -> str | None:
        """The column with the most specific synonym whose words are all ``present``."""
        best: dict[str, int] = {}
        for word in present:
            for tokens, name in self._tokens.get(word, ()):
                if tokens <= present:
                    best[name] = max(best.get(name, 0), len(tokens))
        if not best:
            return None
        top = max(best.values())
        winners = [n for n, score in best.items() if score == top]
        return winners[0] if len(winners) == 1 else None


@cache
def synonym_table(kind: str) -> Synonyms:
    """Normalised header text → column name, for one dataset (shared: do not modify).

    Tidy columns win over input-only ones; within those, the first column listing a
    synonym wins (for example "bezet" is ``occupied`` in maatwerk, ``fte`` in lde).
    """
    table: dict[str, str] = {}
    ranks: dict[str, int] = {}
    declared = kinds.get(kind).all_columns
    for spec in declared:
        for rank, synonym in enumerate((spec.name, spec.label, *spec.synonyms)):
            key = text_key(synonym)
            if key not in table:
                table[key], ranks[key] = spec.name, rank
    own = kinds.get(kind).evidence.names
    # NOTE: only stocks share units and sit side by side in one export (WSE open data
    # gives cmw_ and lde_ figures per site); a flow's names ("doelgroepwerknemers")
    # also qualify the headers of stocks.
    foreign = [n for k in kinds.KINDS if k.name != kind and k.is_stock for n in k.evidence.names]
    return Synonyms(
        table,
        frozenset(s.name for s in declared if s.role == "measure"),
        ranks,
        tuple(text_key(n) for n in foreign if n not in own),
        tuple(text_key(n) for n in own),
    )


def specs(kind: str) -> tuple[Column, ...]:
    """All columns recognised in a file of ``kind``: tidy ones first, then input-only."""
    return kinds.get(kind).all_columns


def spec_of(kind: str, name: str) -> Column:
    return kinds.get(kind).column(name)


def measure_names(kind: str) -> list[str]:
    """The measure columns of ``kind`` (tidy ones, then any input-only ones)."""
    return [s.name for s in specs(kind) if s.role == "measure"]
