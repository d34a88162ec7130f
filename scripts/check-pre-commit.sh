#!/usr/bin/env bash
# Checks the pre-commit hooks in .pre-commit-hooks.yaml end to end with `pre-commit try-repo`:
# the hook must pass on a clean fixture and fail on a violating one.
#
# Usage: scripts/check-pre-commit.sh [--hook phi-lint|phi-lint-system] [--require]
#   --hook phi-lint         (default) language: rust — pre-commit `cargo install`s this repo
#                           (a release build: minutes on 2 cores; cached in target/pre-commit)
#   --hook phi-lint-system  language: system — uses target/debug/phi-lint (builds it if needed)
#   --require               exit 1 instead of skipping when pre-commit cannot be installed
#
# Exit: 0 pass (or skipped: pre-commit unavailable, a note is printed), 1 failure.
set -euo pipefail

hook=phi-lint
require=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hook) hook="$2"; shift 2 ;;
    --require) require=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$repo/tests/fixtures/workflow/pre-commit"

skip() {
  if [[ $require == 1 ]]; then echo "check-pre-commit: $1" >&2; exit 1; fi
  echo "check-pre-commit: SKIP: $1" >&2
  exit 0
}

if ! command -v pre-commit >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit >/dev/null 2>&1 \
    || skip "pre-commit is not installed and pip could not install it"
  hash -r
  command -v pre-commit >/dev/null 2>&1 || skip "pre-commit installed but not on PATH"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/pre-commit-home}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit}"
export GIT_CONFIG_GLOBAL=/dev/null
unset CI

if [[ $hook == phi-lint-system ]]; then
  (cd "$repo" && cargo build --quiet --bin phi-lint)
  export PATH="$repo/target/debug:$PATH"
fi

# try-repo needs a repository to run in (the target) and one to take hooks from (this repo; a
# dirty work tree is snapshotted by pre-commit, so uncommitted hook changes are tested too).
run_case() { # name expected-status
  local name="$1" expected="$2" target="$work/$1"
  cp -r "$fixtures/$name" "$target"
  git -C "$target" init -q
  git -C "$target" add -A
  local files
  mapfile -t files < <(cd "$target" && git ls-files)
  set +e
  (cd "$target" && pre-commit try-repo "$repo" "$hook" --verbose --files "${files[@]}") >"$work/$name.log" 2>&1
  local status=$?
  set -e
  if [[ $status != "$expected" ]]; then
    echo "check-pre-commit: $hook on $name: exit $status, expected $expected" >&2
    cat "$work/$name.log" >&2
    exit 1
  fi
  echo "check-pre-commit: $hook on $name: exit $status as expected"
}

run_case clean 0
run_case violating 1
if ! grep -q "ID001" "$work/violating.log"; then
  echo "check-pre-commit: the violating run did not report ID001" >&2
  cat "$work/violating.log" >&2
  exit 1
fi
if grep -q "078-05-1120" "$work/violating.log"; then
  echo "check-pre-commit: the hook output shows the matched SSN" >&2
  exit 1
fi
# An application repository: compose file, package.json, CI workflow, README and Spring config
# beside templates/. Only the template's PHI may be reported.
run_case app 1
for never in docker-compose.yml package.json ci.yml README.md application.properties; do
  if grep -q "$never" "$work/app.log"; then
    echo "check-pre-commit: the app run reported $never (not a message file)" >&2
    cat "$work/app.log" >&2
    exit 1
  fi
done
if ! grep -q "templates/sms/result.hbs:.*DX" "$work/app.log"; then
  echo "check-pre-commit: the app run did not report the template's diagnosis" >&2
  cat "$work/app.log" >&2
  exit 1
fi
echo "check-pre-commit: ok"
