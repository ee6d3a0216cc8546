"""The project's own setup: README quick start, .ci/run, Streamlit config, git-ignores."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = ROOT / ".ci" / "run"


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands() -> None:
    assert quick_start_commands() == [
        "pip install -r requirements.txt && streamlit run dashboard.py",
        "pip install -r requirements-dev.txt && python -m pytest",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    script = CI_RUN.read_text(encoding="utf-8")
    pattern = re.search(r"grep -m 1 -E '(.+?)' README\.md", script)
    assert pattern, ".ci/run must take its test command from README.md"
    found = [c for c in quick_start_commands() if re.search(pattern.group(1), c)]
    assert found == ["pip install -r requirements-dev.txt && python -m pytest"]
    assert "status == 5" in script  # pytest's "no tests collected" fails CI


def test_ci_script_is_valid_bash() -> None:
    subprocess.run(["bash", "-n", str(CI_RUN)], check=True)
    assert CI_RUN.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in CI_RUN.read_text(encoding="utf-8")


def test_streamlit_config_protects_users() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 25
    assert config["server"]["enableXsrfProtection"] is True
    # "full" and "stacktrace" would show tracebacks to visitors.
    assert config["client"]["showErrorDetails"] in {"type", "none"}
    assert config["browser"]["gatherUsageStats"] is False


def test_requirements_are_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        packages = [line for line in lines if line.strip() and not line.startswith(("#", "-r"))]
        assert packages and all("==" in line for line in packages), name


def test_secrets_and_database_are_git_ignored() -> None:
    paths = [".streamlit/secrets.toml", "data/w13.sqlite", "test-artifacts/overzicht.png"]
    result = subprocess.run(
        ["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode == 128:  # not a git checkout (e.g. an exported tarball)
        pytest.skip("not a git checkout")
    assert result.stdout.split() == paths
