"""Fictional sample data for the W13 dashboard.

``sample_data/generate.py`` writes the files in the shapes staff really upload (a messy
VDAB-like export, a person-level list, organisation workbooks, a WSE open-data CSV);
``sample_data.truth`` holds the seeded tidy frames those files encode, so tests can
check that the loaders read every file back to the truth. Every person and
organisation is invented.

This module stays light (no numpy, no pandas): the dashboard calls
``sample_files(first_start=True)`` to know which files to load into an empty store.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
MANIFEST = HERE / "manifest.toml"


@dataclass(frozen=True)
class SampleFile:
    """One sample file: where it is, which dataset kind it holds, and what it is."""

    path: Path
    kind: str
    first_start: bool
    description: str


def sample_files(*, first_start: bool | None = None, folder: Path = HERE) -> list[SampleFile]:
    """The files of ``manifest.toml``; ``first_start=True`` keeps those loaded on first start."""
    with MANIFEST.open("rb") as handle:
        entries = tomllib.load(handle)["file"]
    files = [
        SampleFile(folder / e["name"], e["kind"], bool(e["first_start"]), e["description"])
        for e in entries
    ]
    return [f for f in files if first_start is None or f.first_start == first_start]
