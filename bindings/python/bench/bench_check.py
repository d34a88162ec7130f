"""check() latency and check_many() throughput from Python.

    python bindings/python/bench/bench_check.py [--n 200000]

Bars (issue 11): check() on a 160-byte SMS <= 5 us median; check_many() on 200,000 SMS
>= 300,000 msg/s on the 2-core development machine.

Each figure comes with the process's CPU time beside the wall clock: on a machine shared with
other jobs the wall clock counts time the process was waiting for a core, the CPU time does not
(for check_many, the CPU time spread over the cores, as if the machine were ours).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import phi_lint
from synthetic import messages, sms_160


def check_latency(linter: phi_lint.Linter, text: str, blocks: int = 300, per_block: int = 1000) -> tuple[float, float]:
    """Median over `blocks` of the mean time of `per_block` calls, in microseconds: wall, CPU."""
    check = linter.check
    for _ in range(2000):
        check(text)
    means, cpu = [], []
    for _ in range(blocks):
        c0 = time.process_time_ns()
        t0 = time.perf_counter_ns()
        for _ in range(per_block):
            check(text)
        means.append((time.perf_counter_ns() - t0) / per_block / 1000)
        cpu.append((time.process_time_ns() - c0) / per_block / 1000)
    return statistics.median(means), statistics.median(cpu)


def throughput(linter: phi_lint.Linter, texts: list[str], repeat: int = 5) -> tuple[float, float]:
    """Best of `repeat` runs, messages per second: by the wall clock, by the CPU time."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        reports = linter.check_many(texts)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        assert len(reports) == len(texts)
    return len(texts) / best, len(texts) / (best_cpu / (os.cpu_count() or 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    linter = phi_lint.Linter()
    sms = sms_160()
    phi_sms = ("Lakeview Health: Hi Ana, your HIV test came back positive. Call 555-0123 to talk "
               "about treatment options with Dr. Rivera. Reply STOP to opt out.")[:160].ljust(160)
    print(f"cores: {os.cpu_count()}")
    print(f"check() 160-byte SMS, clean:    {'%6.2f us median (CPU %.2f us)' % check_latency(linter, sms)}")
    print(f"check() 160-byte SMS, with PHI: {'%6.2f us median (CPU %.2f us)' % check_latency(linter, phi_sms)}")
    same = [sms] * args.n
    mixed = [m["text"] for m in messages(args.n) if m["channel"] == "sms"]
    mixed = (mixed * (args.n // len(mixed) + 1))[: args.n]
    rate = "{:12,.0f} msg/s (CPU: {:,.0f} msg/s)"
    print(f"check_many() {args.n:,} x the 160-byte SMS:        {rate.format(*throughput(linter, same))}")
    print(f"check_many() {args.n:,} mixed synthetic SMS (1/2 PHI): {rate.format(*throughput(linter, mixed))}")


if __name__ == "__main__":
    main()
