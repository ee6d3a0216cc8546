"""Render deploy/nginx-w13.conf.in: the listen address and one upstream line per process.

    python -m deploy.nginx_conf --listen 80 --backends 8501,8502 > w13-dashboard.conf

The tests render the same file (``tests/deployment.py``), so what CI runs is what a
server gets.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx-w13.conf.in")


def render(listen: str, backends: Sequence[int], host: str = "127.0.0.1") -> str:
    """The http-context configuration for ``listen`` in front of ``backends`` (ports)."""
    if not backends:
        raise ValueError("at least one Streamlit process is needed")
    lines = "\n".join(f"    server {host}:{port};" for port in backends)
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@LISTEN@", listen)
        .replace("@BACKENDS@", lines)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.nginx_conf", description=__doc__)
    parser.add_argument("--listen", default="80", help="nginx's listen argument, e.g. 80")
    parser.add_argument("--backends", default="8501,8502", help="ports of the app processes")
    args = parser.parse_args(argv)
    print(render(args.listen, [int(p) for p in args.backends.split(",") if p.strip()]), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
