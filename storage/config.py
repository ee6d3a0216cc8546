"""Where the database lives: an explicit URL, ``DATABASE_URL``, or a local SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

URL_ENV = "DATABASE_URL"
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data"
DEFAULT_FILE = DEFAULT_DIR / "w13.sqlite"


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL to use; creates the ``data/`` folder for the default SQLite file.

    Plain ``postgres://`` or ``postgresql://`` URLs (as hosting platforms hand them out)
    are pointed at psycopg 3, the only PostgreSQL driver installed.
    """
    url = url or os.environ.get(URL_ENV) or None
    if url is None:
        DEFAULT_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_FILE}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
