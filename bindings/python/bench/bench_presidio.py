"""phi-lint against Presidio in the same Python process, on the same messages.

    PRESIDIO_DIR=/path/to/writable/copy/of/shared/peers/presidio \
        $PRESIDIO_DIR/.venv/bin/python bindings/python/bench/bench_presidio.py [--n 2000]

Set up Presidio as its README says (`bash setup.sh` in a writable copy), then install the
phi-lint wheel into that venv. Bar (issue 11): phi-lint >= 1000x Presidio's speed.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
import time

import phi_lint
from synthetic import messages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--mode", default="ner", choices=["ner", "regex"])
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location("presidio_run", os.path.join(os.environ["PRESIDIO_DIR"], "run.py"))
    assert spec and spec.loader
    presidio_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(presidio_run)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    analyzer = presidio_run.build_analyzer(args.mode, "us-health")
    linter = phi_lint.Linter()

    texts = [m["text"] for m in messages(args.n, seed=5) if m["channel"] == "sms"]
    analyzer.analyze(text=texts[0], language="en")  # warm up

    # Beside the wall clock, the process's CPU time: on a machine shared with other jobs the
    # wall clock counts time spent waiting for a core, unevenly between the two measurements.
    c0, t0 = time.process_time(), time.perf_counter()
    for text in texts:
        analyzer.analyze(text=text, language="en")
    presidio = (time.perf_counter() - t0) / len(texts)
    presidio_cpu = (time.process_time() - c0) / len(texts)

    reps = max(1, 200_000 // len(texts))
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(reps):
        for text in texts:
            linter.check(text)
    ours = (time.perf_counter() - t0) / (len(texts) * reps)
    ours_cpu = (time.process_time() - c0) / (len(texts) * reps)

    t0 = time.perf_counter()
    for _ in range(reps):
        linter.check_many(texts)
    ours_many = (time.perf_counter() - t0) / (len(texts) * reps)

    print(f"{len(texts)} synthetic SMS, Python {sys.version.split()[0]}, Presidio mode={args.mode}")
    print(f"presidio analyze():     {presidio * 1e6:10.1f} us/msg  ({1 / presidio:,.0f} msg/s)")
    print(f"phi-lint check():       {ours * 1e6:10.2f} us/msg  ({1 / ours:,.0f} msg/s)  ratio {presidio / ours:,.0f}x")
    print(f"phi-lint check_many():  {ours_many * 1e6:10.2f} us/msg  ({1 / ours_many:,.0f} msg/s)  ratio {presidio / ours_many:,.0f}x")
    print(f"CPU time per message: presidio {presidio_cpu * 1e6:,.1f} us, phi-lint check() "
          f"{ours_cpu * 1e6:,.2f} us: ratio {presidio_cpu / ours_cpu:,.0f}x")


if __name__ == "__main__":
    main()
