#!/usr/bin/env python3
"""Checks the composite GitHub Action (action.yml) and the Dockerfile, and runs the action's
shell steps the way a runner would, on examples/ (GitHub's own `uses:` steps cannot run here).

Usage: scripts/check-action.py [--phi-lint BIN]
  --phi-lint BIN  run the "Check" step with this binary instead of running the "Install" step
                  (which is `cargo install --locked`: a release build)

Exit 0 when every check passes; prints what it checked."""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent


def fail(msg):
    print(f"check-action: {msg}", file=sys.stderr)
    sys.exit(1)


def validate(action):
    for key in ("name", "description", "runs"):
        if not action.get(key):
            fail(f"action.yml has no `{key}`")
    runs = action["runs"]
    if runs.get("using") != "composite":
        fail("runs.using must be `composite`")
    steps = runs.get("steps") or []
    for i, step in enumerate(steps):
        if "run" in step and "shell" not in step:
            fail(f"step {i} ({step.get('name')}) runs a script without `shell` (required in composite actions)")
        if "run" not in step and "uses" not in step:
            fail(f"step {i} has neither `run` nor `uses`")
    for name, spec in (action.get("inputs") or {}).items():
        if "description" not in spec:
            fail(f"input `{name}` has no description")
    install = next((s for s in steps if "cargo install" in s.get("run", "")), None)
    if install is None or "--locked" not in install["run"]:
        fail("no step installs with `cargo install --locked`")
    if not any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps):
        fail("no step uploads SARIF with github/codeql-action/upload-sarif")
    return steps


def validate_dockerfile():
    lines = (REPO / "Dockerfile").read_text().splitlines()
    stages = [l for l in lines if l.startswith("FROM ")]
    if len(stages) < 2:
        fail("the Dockerfile is not multi-stage")
    if not any("--locked" in l for l in lines):
        fail("the Dockerfile does not build with --locked")
    if not any(l.startswith("COPY --from=") for l in lines):
        fail("the runtime stage copies nothing from the build stage")


def run_step(step, env, cwd, quiet=False):
    # The Check step prints GitHub workflow commands; quiet keeps them out of the CI log.
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], env=env, cwd=cwd, stdout=out)
    return proc.returncode


def main():
    args = sys.argv[1:]
    binary = args[args.index("--phi-lint") + 1] if "--phi-lint" in args else None
    action = yaml.safe_load((REPO / "action.yml").read_text())
    steps = validate(action)
    validate_dockerfile()
    print("check-action: action.yml and Dockerfile are well-formed")

    by_name = {s.get("name"): s for s in steps}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        env = dict(os.environ, RUNNER_TEMP=str(tmp), GITHUB_ACTION_PATH=str(REPO),
                   GITHUB_OUTPUT=str(tmp / "output"), NO_COLOR="1")
        env.pop("GITHUB_STEP_SUMMARY", None)
        bin_dir = tmp / "phi-lint" / "bin"
        if binary:
            bin_dir.mkdir(parents=True)
            (bin_dir / "phi-lint").symlink_to(pathlib.Path(binary).resolve())
        else:
            if run_step(by_name["Install phi-lint"], env, REPO) != 0:
                fail("the Install step failed")
            print("check-action: Install step built and installed phi-lint")
        # The Check step on examples/ (which hold PHI): exit code 1 recorded, SARIF written.
        work = tmp / "work"
        work.mkdir()
        step_env = dict(env, PHI_LINT_PATHS=str(REPO / "examples"), PHI_LINT_ARGS="--fail-on warning",
                        PHI_LINT_SARIF="phi-lint.sarif", PHI_LINT_DIFF_BASE="")
        if run_step(by_name["Check"], step_env, work, quiet=True) != 0:
            fail("the Check step itself failed (it must record the exit code, not fail)")
        outputs = dict(l.split("=", 1) for l in (tmp / "output").read_text().split())
        if outputs.get("exit-code") != "1":
            fail(f"expected exit-code=1 on examples/, got {outputs}")
        sarif = json.loads((work / "phi-lint.sarif").read_text())
        if sarif.get("version") != "2.1.0" or not sarif["runs"][0]["results"]:
            fail("the SARIF report has no results")
        if run_step(by_name["Fail on findings"], dict(env, CODE="1"), work) != 1:
            fail("the Fail step does not fail with phi-lint's exit code")
    print("check-action: Check step recorded exit-code=1 and wrote SARIF; Fail step exits 1")


if __name__ == "__main__":
    main()
