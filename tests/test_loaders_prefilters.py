"""The loaders' shortcuts on a table's distinct values give what the plain rule gives.

Locating a wide table and reading its keys test thousands of names (organisations) for
a header label, a totals word or their identity. The shortcuts that spare most of those
tests (a regular expression instead of a text key, one search of all labels joined, an
index of the synonyms by word, covering tested once on all years) must agree with the
per-value rule on every kind of text, including the ones they hand back to it
(accents, non-breaking spaces, newlines), and must never pass over a true match.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

import kinds
from loaders.columns import FILLER_WORDS, synonym_table
from loaders.identity import _identity_text, _identity_texts
from loaders.labels import _TOTAL_HINT, _total_candidates, names_something, total_states
from loaders.labels import totals_rest as rule_totals_rest
from loaders.normalise import has_key, text_key
from reference import flanders, load_region
from reference.areas import rest_of_flanders, rest_of_province

_PIECES = [
    "organisatie", "Organisatie", "ORGANISATIE", "OrGaNiSaTiE", "gemeente", "van", "de",
    "vestiging", "K1", "2021", "34022", "totaal", "Totaal", "som", "SUM", "care", "vzw",
    "Café", "Spière", "Ørganisatie", "organisátie", "ﬁrma", "x", "0", "12",
]  # fmt: skip
_GLUE = [" ", "  ", "-", "_", ":", ".", "\n", "\t", "\u00a0", "\u2003", "/", "(", ")", "", ""]


def _texts(seed: int, count: int, key: str = "") -> list[str]:
    """Texts of random pieces and glue; half of them ``key``'s words in any case, glued
    by anything (so many have ``key`` for their key), some with a letter dropped or an
    accent or a word added."""
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        own = key.split() if key and n % 2 else []
        words = own or [rng.choice(_PIECES) for _ in range(rng.randrange(1, 5))]
        parts = [rng.choice(_GLUE)]
        for word in words:
            word = "".join(c.upper() if rng.random() < 0.3 else c for c in word)
            parts += [word, rng.choice(_GLUE[:-2]) if own else rng.choice(_GLUE)]
        parts[-1] = rng.choice(_GLUE)
        text = "".join(parts)
        change = rng.random()
        if change < 0.1 and text:  # a letter dropped
            at = rng.randrange(len(text))
            text = text[:at] + text[at + 1 :]
        elif change < 0.15:
            text = text.replace("a", "á", 1).replace("e", "e\u0301", 1)  # accents
        elif change < 0.2:
            text = f"{text} {rng.choice(_PIECES)}"
        texts.append(text)
    return texts


@pytest.mark.parametrize(
    "key",
    ["organisatie", "gemeente van de vestiging", "k1 2021", "34022", "totaal care",
     "organisatie 12", "", "a  b", " organisatie", "café"],
)  # fmt: skip
def test_has_key_is_the_text_key_comparison(key):
    texts = [*_texts(len(key), 6000, key), key, key.upper(), f" {key}\n", f"-{key}-", f"{key}x"]
    test = has_key(key)
    expected = [text_key(t) == key for t in texts]
    assert [test(t) for t in texts] == expected
    if key.strip() and key == text_key(key):  # true matches of either path are among them
        assert sum(expected) >= 1000
        assert any(e and not t.isascii() for t, e in zip(texts, expected, strict=True))


def _labels(seed: int) -> np.ndarray:
    rng = random.Random(seed)
    words = [
        "Totaal", "totaal", "Eindtotaal", "Total", "Som", "sum", "SUBTOTAAL", "Kortrijk", "W13",
        "Care", "vzw A", "2021", "K1", "LDE", "Café", "tota", "Summa", "\n", " ",
    ]  # fmt: skip
    labels: list[object] = [
        rng.choice(["", "Totaal", "Total Care", "\u00a0Totaal"])
        + " ".join(rng.choice(words) for _ in range(rng.randrange(0, 3)))
        for _ in range(400)
    ]
    labels += [f"Organisatie {i}" for i in range(300)]
    labels += [None, float("nan"), 3.0, 12, dt.date(2021, 1, 1), "vzw A", "Totaal vzw A"]
    rng.shuffle(labels)
    return np.array(list(dict.fromkeys(labels)), dtype=object)


def _rule_total_states(uniques, kind, region, *, named):
    """``total_states`` by its rule, every label tested in turn."""
    from loaders.labels import GRAND_WORDS

    whole = GRAND_WORDS | {text_key(region.code), *text_key(region.name).split()}
    labels = {text_key(u) for u in uniques if isinstance(u, str)}
    state = np.zeros(len(uniques), dtype=np.int8)
    for i, value in enumerate(uniques):
        rest = rule_totals_rest(value)
        if rest is None:
            continue
        if not set(rest.split()) - whole:
            state[i] = 1
        elif named and (rest in labels or names_something(rest, kind, region)):
            state[i] = 2
    return state


@pytest.mark.parametrize("seed", range(6))
def test_total_states_on_candidates_is_the_rule_on_every_label(seed):
    uniques = _labels(seed)
    region = load_region()
    expected_candidates = [
        i for i, u in enumerate(uniques)
        if isinstance(u, str) and (not u.isascii() or _TOTAL_HINT.search(u))
    ]  # fmt: skip
    assert _total_candidates(uniques) == expected_candidates
    for named in (True, False):
        found = total_states(uniques, "inflow", region, named=named)
        expected = _rule_total_states(uniques, "inflow", region, named=named)
        assert found.tolist() == expected.tolist()
        assert (expected == 1).any() and (expected == 0).any()
    assert (_rule_total_states(uniques, "inflow", region, named=True) == 2).any()


def test_total_candidates_of_plain_names_and_of_a_column_without_text():
    names = np.array([f"Organisatie {i}" for i in range(5000)], dtype=object)
    assert _total_candidates(names) == []
    assert _total_candidates(np.array([1.0, None, 2], dtype=object)) == []
    assert _total_candidates(np.array([], dtype=object)) == []
    mixed = names.copy()
    mixed[[17, 4999]] = ["Totaal", "Organisatie\u00a0X"]  # a hint; a text that is not ASCII
    assert _total_candidates(mixed) == [17, 4999]


def test_identity_texts_are_the_per_value_identity_text():
    class Label(str):
        pass

    values = [
        *_texts(3, 2000), "", " ", "\x1c a \x1f", "A\u2003B", Label(" Sub  Class "), None,
        float("nan"), 3.0, 3.5, 12, True, dt.date(2021, 5, 1), "ǅungla", "STRASSE", "Straße",
    ]  # fmt: skip
    uniques = np.array(values, dtype=object)
    assert _identity_texts(uniques) == [_identity_text(u) for u in uniques]


def _rule_by_tokens(synonyms, present: set[str]) -> str | None:
    """The token-set match by its rule: every synonym of the table tested."""
    best: dict[str, int] = {}
    for key, name in synonyms.items():
        tokens = {w for w in key.split() if w not in FILLER_WORDS}
        if tokens and tokens <= present:
            best[name] = max(best.get(name, 0), len(tokens))
    if not best:
        return None
    top = max(best.values())
    winners = [n for n, score in best.items() if score == top]
    return winners[0] if len(winners) == 1 else None


@pytest.mark.parametrize("kind", [k.name for k in kinds.KINDS])
def test_synonyms_by_tokens_is_the_match_against_every_synonym(kind):
    synonyms = synonym_table(kind)
    vocabulary = sorted({w for key in synonyms for w in key.split()} | {"vzw", "xyz", "2021"})
    rng = random.Random(kind)
    found = 0
    for _ in range(3000):
        present = set(rng.sample(vocabulary, rng.randrange(1, 5)))
        expected = _rule_by_tokens(synonyms, present)
        assert synonyms._by_tokens(present) == expected
        found += expected is not None
    for key in synonyms:  # every synonym's own words
        present = {w for w in key.split() if w not in FILLER_WORDS}
        if present:
            assert synonyms._by_tokens(present) == _rule_by_tokens(synonyms, present)
    assert found > 100


@pytest.mark.parametrize("seed", range(4))
def test_covering_only_grows_with_the_codes_named(seed):
    # ``places.mark_comparison`` skips the per-year test when all years' codes together
    # do not cover the area: sound only if a covering set stays covering as it grows.
    region = load_region()
    rng = random.Random(seed)
    codes = sorted(flanders())
    for area in (rest_of_flanders(region), rest_of_province(region)):
        if area is None:
            continue
        members = sorted(area.members)
        for _ in range(200):
            part = set(rng.sample(members, rng.randrange(len(members) + 1)))
            more = part | set(rng.sample(codes, rng.randrange(40)))
            assert not area.covered_by(part) or area.covered_by(more)
