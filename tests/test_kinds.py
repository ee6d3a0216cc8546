"""The dataset kinds are declared once, in ``kinds/``, and everything else derives from them.

Three things are checked: the declarations hang together; no per-kind literal table or
branch on a kind's name appears outside ``kinds/`` (tests and migrations excepted); and
the Excel templates' "Verplicht" column says exactly what the loaders require.
"""

from __future__ import annotations

import ast
import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import kinds
import loaders
from ui import templates

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = ("kinds", "tests", ".git", "storage/migrations")
# Literals naming several kinds that are not per-kind tables, by file and the name they
# are assigned to or the function they are passed to, with why they are not.
ALLOWED = {
    # Page slugs of the dashboard (URLs), some of which are spelled like kinds.
    ("charts/catalogue.py", "PAGES"): "page slugs, not dataset kinds",
    # One chart relates two named datasets (unfilled places against inflow).
    ("charts/maatwerk.py", "UNFILLED_VS_INFLOW"): "the two datasets of one chart",
}


def _python_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not any(p.relative_to(ROOT).as_posix().startswith(s) for s in SKIPPED)
    )


def _kind_names(nodes: list[ast.expr | None]) -> tuple[str, ...]:
    names = [n.value for n in nodes if isinstance(n, ast.Constant) and kinds.find(n.value)]
    return tuple(sorted(names))


def _context(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str | None:
    """The name a literal is assigned to, or the function it is an argument of."""
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Assign | ast.AnnAssign):
            target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
            return target.id if isinstance(target, ast.Name) else None
        if isinstance(parent, ast.Call):
            func = parent.func
            return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if isinstance(parent, ast.stmt):
            return None
        parent = parents.get(parent)
    return None


def per_kind_literals(source: str) -> list[tuple[int, str, tuple[str, ...], str | None]]:
    """(line, what, kind names, context) for each per-kind table or branch on a kind:

    - a dict, set, tuple or list literal with two or more kind names (keys or items);
    - a comparison (``==``, ``!=``, ``in``, ``not in``) with a kind name literal;
    - a ``match`` case on a kind name literal.

    ``context`` is the name the literal is assigned to or the function it is passed to.
    """
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            names, what, least = _kind_names(node.keys), "table keyed by kind", 2
        elif isinstance(node, ast.Set | ast.Tuple | ast.List):
            names, what, least = _kind_names(node.elts), "list of kinds", 2
        elif isinstance(node, ast.Compare):
            names, what, least = _kind_names([node.left, *node.comparators]), "branch", 1
        elif isinstance(node, ast.MatchValue):
            names, what, least = _kind_names([node.value]), "branch", 1
        else:
            continue
        if len(names) >= least:
            what = "branch on a kind" if what == "branch" else what
            found.append((node.lineno, what, names, _context(node, parents)))
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('T = {"inflow": 1, "lde": 2}', "table keyed by kind"),
        ('S = frozenset({"lde", "maatwerk"})', "list of kinds"),
        ('for k in ("inflow", "lde", "maatwerk"): pass', "list of kinds"),
        ('if kind == "inflow": pass', "branch on a kind"),
        ('x = kind != "lde"', "branch on a kind"),
        ('y = "maatwerk" in shown', "branch on a kind"),
        ('match kind:\n    case "lde":\n        pass', "branch on a kind"),
    ],
)
def test_the_guard_recognises_tables_and_branches(source, expected):
    assert [what for _, what, _, _ in per_kind_literals(source)] == [expected]


@pytest.mark.parametrize(
    "source",
    [
        'frame["inflow"].sum()',  # the inflow measure column, not the kind
        'base.filtered(datasets, filters, "lde")',  # one kind's chart asks for its rows
        'if spec.kind == "line": pass',  # a chart kind
        'if kind == "csv": pass',  # a file format
        'T = {"inflow": "Instroom", "fte": "VTE"}',  # measure columns
    ],
)
def test_the_guard_leaves_other_strings_alone(source):
    assert per_kind_literals(source) == []


def test_no_per_kind_table_or_branch_outside_kinds():
    offences = []
    used = set()
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, what, names, context in per_kind_literals(path.read_text(encoding="utf-8")):
            if (relative, context) in ALLOWED:
                used.add((relative, context))
                continue
            offences.append(f"{relative}:{line}: {what} {names}")
    assert offences == [], "declare it in kinds/ and derive it:\n" + "\n".join(offences)
    assert used == set(ALLOWED), "an allowed literal is gone: drop it from ALLOWED"


def test_declarations_hang_together():
    assert tuple(dict.fromkeys(kinds.NAMES)) == kinds.NAMES
    for kind in kinds.KINDS:
        assert kind.main_measure in kind.measures
        assert set(kind.headline_measures) <= set(kind.measures)
        assert kind.keys and kind.measures and kind.required
        assert "year" in kind.not_null and kind.main_measure in kind.not_null
        assert set(kind.filter_columns) <= set(kind.names)
        assert not (kind.person_lists and kind.is_stock), "persons are counted: a flow"
        for column in kind.all_columns:
            assert column.label and column.explanation, column.name
        for requirement in kind.required:
            assert set(requirement.sources) <= set(loaders.validate.SOURCES)
    assert kinds.summarised().summary_keys
    with pytest.raises(ValueError, match="unknown dataset kind"):
        kinds.get("personeel")


def test_a_declaration_naming_an_undeclared_column_is_refused():
    with pytest.raises(ValueError, match="undeclared columns"):
        dataclasses.replace(kinds.LDE, main_measure="places")
    with pytest.raises(ValueError, match="unknown sources"):
        kinds.Requirement(("year",), ("file_name",))
    with pytest.raises(ValueError):
        kinds.LDE.column("fte").but(role="metric")


def test_a_column_is_declared_once_and_every_kind_derives_from_it():
    """The synonyms of a shared column live in one object, used by every kind."""
    shared = [kind.column("municipality") for kind in kinds.KINDS]
    assert len({c.synonyms for c in shared}) == 1
    assert shared[0].synonyms is shared[1].synonyms


# --- the templates' "Verplicht" column is the loaders' requirement -------------------

# One value per tidy column a template may hold, as staff would type it.
VALUES = {
    "year": 2023,
    "month": "jan 2023",
    "quarter": "2023-K1",
    "municipality": "Kortrijk",
    "nis_code": "34022",
    "target_group": "LDE",
    "organisation": "vzw De Stroom",
    "age_band": "25-49",
    "sex": "vrouw",
    "education": "midden",
    "inflow": 4,
    "fte": 2.5,
    "contingent": 3,
    "kind": "collectief",
    "places": 12,
    "occupied": 10.5,
}


def _template(kind: str) -> tuple[list[str], dict[str, str]]:
    """The template's header labels and, per label, its "Verplicht" cell."""
    book = openpyxl.load_workbook(io.BytesIO(templates.template(kind)))
    header = [c.value for c in book[templates.DATA_SHEET][1]]
    rows = book[templates.HELP_SHEET].iter_rows(min_row=5, values_only=True)
    return header, {row[0]: row[1] for row in rows}


def _filled(kind: str, labels: list[str], dropped: set[str]) -> bytes:
    """The template filled with one row, without the ``dropped`` labels' columns."""
    spec = kinds.get(kind)
    by_label = {c.label: c.name for c in spec.columns}
    kept = [label for label in labels if label not in dropped]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(templates.DATA_SHEET)
    for col, label in enumerate(kept):
        sheet.write(0, col, label)
        sheet.write(1, col, VALUES[by_label[label]])
    book.close()
    return buffer.getvalue()


def _refusal(kind: str, content: bytes) -> loaders.ValidationError | None:
    try:
        loaders.load(content, kind)
    except loaders.ValidationError as error:
        return error
    return None


@pytest.mark.parametrize("kind", kinds.NAMES)
def test_template_requirements_are_the_loaders_requirements(kind):
    """A column the template calls optional really is; one it calls required is refused
    when missing, unless one of the alternatives it names is there."""
    spec = kinds.get(kind)
    labels, required = _template(kind)
    assert _refusal(kind, _filled(kind, labels, set())) is None, "the full template loads"
    label_of = {c.name: c.label for c in spec.columns}
    for label in labels:
        text = required[label]
        name = next(n for n, lab in label_of.items() if lab == label)
        if text == "nee":
            assert _refusal(kind, _filled(kind, labels, {label})) is None, label
            continue
        assert text.startswith("ja"), text
        requirement = spec.requirement_of(name)
        alternatives = {label_of[n] for n in requirement.columns if n in label_of}
        # Each alternative named in the text, and the template's own alternatives alone
        # each satisfy the loader.
        for other in alternatives:
            assert text == "ja" or other in text
            alone = _refusal(kind, _filled(kind, labels, alternatives - {other}))
            assert alone is None, (label, other, alone)
        without = _refusal(kind, _filled(kind, labels, alternatives))
        assert without is not None, f"{kind}: {label} is required but not refused"
        assert any(
            f"verplichte kolom '{label_of[requirement.name]}'" in p.message
            for p in without.problems
        ), without


def test_template_marks_alternatives_honestly():
    _, inflow = _template("inflow")
    assert inflow["Gemeente"] == "ja: Gemeente, Postcode of NIS-code"
    assert inflow["Organisatie"] == "nee"
    _, lde = _template("lde")
    assert lde["Organisatie"] == "ja"
    _, maatwerk = _template("maatwerk")
    assert maatwerk["Organisatie"] == (
        "ja: Organisatie, Gemeente, Postcode of NIS-code, of een tabel voor de hele regio "
        "(de regio in de titel, geen organisaties of gemeenten)"
    )
    assert maatwerk["Gemeente"] == maatwerk["Organisatie"]
