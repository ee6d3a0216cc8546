"""The shared-server deployment of ``deploy/``, started for the tests.

Two app processes (``streamlit run server.py``, password mode, behind a trusted proxy)
share one PostgreSQL database (a fresh schema of ``TEST_POSTGRES_URL``); Debian's
nginx, configured from ``deploy/nginx-w13.conf.in`` by ``deploy.nginx_conf.render``,
listens on a free port in front of them. Everything runs on 127.0.0.1 and stops when
the fixture ends. Without nginx or PostgreSQL the tests skip, or fail in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import (
    REPO_ROOT,
    RunningApp,
    free_port,
    skip_or_fail,
    start_streamlit,
    stop_streamlit,
    wait_healthy,
)

from deploy.nginx_conf import render

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EDITOR_PASSWORD = "regie-w13-deploy"
MAIN_CONF = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{user}
events {{ worker_connections 512; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/w13-dashboard.conf;
}}
"""


@dataclass(frozen=True)
class Deployment:
    """nginx at ``url`` in front of ``apps``, which share ``database_url``."""

    url: str
    apps: tuple[RunningApp, ...]
    database_url: str
    nginx: subprocess.Popen
    directory: Path

    def nginx_log(self) -> str:
        return (self.directory / "error.log").read_text(encoding="utf-8", errors="replace")


def start_nginx(directory: Path, backends: list[int]) -> tuple[str, subprocess.Popen]:
    """nginx on a free port with the rendered deploy/ configuration; (url, process)."""
    port = free_port()
    (directory / "w13-dashboard.conf").write_text(
        render(f"127.0.0.1:{port}", backends), encoding="utf-8"
    )
    # As root, nginx's workers would switch to "nobody", who may not write here.
    user = "user root;" if os.geteuid() == 0 else ""
    main = directory / "nginx.conf"
    main.write_text(MAIN_CONF.format(dir=directory, user=user), encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(directory), "-c", str(main)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejects the configuration:\n{check.stderr}")
    process = subprocess.Popen(
        [NGINX, "-p", str(directory), "-c", str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, 60)
    except RuntimeError:
        stop_nginx(process)
        raise
    return url, process


def stop_nginx(process: subprocess.Popen) -> None:
    process.terminate()  # nginx's fast shutdown
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def deployment(directory: Path, database_url: str) -> Iterator[Deployment]:
    """Start two app processes and nginx; stop them all afterwards."""
    if not Path(NGINX).exists():
        skip_or_fail("nginx is missing: apt-get install nginx")
    from ui.auth import hash_password

    env = {
        "DATABASE_URL": database_url,
        "W13_EDITOR_PASSWORD_HASH": hash_password(EDITOR_PASSWORD),
        "W13_TRUSTED_PROXIES": "127.0.0.1,::1",
    }
    apps: list[RunningApp] = []
    nginx = None
    try:
        for number in range(2):
            workdir = directory / f"app{number}"
            workdir.mkdir()
            apps.append(start_streamlit(REPO_ROOT / "server.py", workdir, env=env))
        url, nginx = start_nginx(directory, [int(app.url.rsplit(":", 1)[1]) for app in apps])
        yield Deployment(url, tuple(apps), database_url, nginx, directory)
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        for app in apps:
            stop_streamlit(app)
