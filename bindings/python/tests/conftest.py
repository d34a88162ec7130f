"""Shared helpers: the synthetic messages and the `phi-lint` binary to compare against."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "bench"))


def phi_lint_bin() -> str:
    """The CLI: $PHI_LINT_BIN, else the newest build in the repository's target/."""
    if os.environ.get("PHI_LINT_BIN"):
        return os.environ["PHI_LINT_BIN"]
    builds = [p for p in (REPO / "target/release/phi-lint", REPO / "target/debug/phi-lint") if p.exists()]
    if builds:
        return str(max(builds, key=lambda p: p.stat().st_mtime))
    found = shutil.which("phi-lint")
    if found:
        return found
    pytest.fail("no phi-lint binary: run `cargo build` or set PHI_LINT_BIN")


def scan(rows: list[dict], *args: str) -> dict[str, dict]:
    """`phi-lint scan` over rows of {"id", "channel", "text"}: the record per id."""
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    out = subprocess.run(
        [phi_lint_bin(), "scan", "--fail-on", "never", *args],
        input=lines.encode(),
        capture_output=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(records) == len(rows), "one record per input line"
    return {r["id"]: r for r in records}
