"""Benchmark: mibook.checks.feasible.feasible_samples against scrutipy.closure (Rust CLOSURE).

Run as ``python benchmarks/bench_feasible.py``. Both tools enumerate the samples for the
unsum README example (mean "2.7", SD "1.9", n = 130, scale 1..5, sample SD); each is timed
after a warm-up as the best (minimum) of several repetitions with ``time.perf_counter``,
which is robust against other jobs on the machine. Prints one line per tool and the speed
ratio; exits with status 1 if the two tools do not both find 5359 distinct samples.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import scrutipy

from mibook.checks.feasible import feasible_samples

MEAN, SD, N, SCALE = "2.7", "1.9", 130, (1, 5)
EXPECTED = 5359  # tests/oracles/consistency_cases.json, "closure_counts_1to5"
REPEATS_MIBOOK = 50
REPEATS_SCRUTIPY = 3


def best_time(fn, repeats: int):
    """The shortest of ``repeats`` timed calls of ``fn`` after one warm-up call.

    Returns
    -------
    tuple
        ``(seconds, result of the last call)``.
    """
    fn()  # warm-up
    best, result = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def run_scrutipy():
    """The example's samples from ``scrutipy.closure``, as raw samples."""
    # scrutipy takes floats and explicit half-widths: half a unit of the last decimal
    return scrutipy.closure(float(MEAN), float(SD), N, SCALE[0], SCALE[1], 0.05, 0.05)


def run_mibook():
    """The example's samples from mibook, as frequency vectors."""
    return feasible_samples(MEAN, SD, N, scale=SCALE, sd_divisor="n-1")


def main() -> int:
    """Time both tools, print the times and their ratio; 1 if the counts disagree, else 0."""
    t_ours, ours = best_time(run_mibook, REPEATS_MIBOOK)
    t_theirs, theirs = best_time(run_scrutipy, REPEATS_SCRUTIPY)
    n_ours = len(ours)
    # scrutipy returns raw samples; count distinct multisets via frequency vectors
    n_theirs = len(
        {
            tuple(np.bincount(np.asarray(s) - SCALE[0], minlength=SCALE[1] - SCALE[0] + 1))
            for s in theirs
        }
    )
    print(f"mibook.feasible_samples: {t_ours:.6f} s ({n_ours} samples)")
    print(f"scrutipy.closure:        {t_theirs:.6f} s ({n_theirs} samples)")
    print(f"ratio (scrutipy / mibook): {t_theirs / t_ours:.1f}x")
    if not (n_ours == n_theirs == EXPECTED):
        print(
            f"count mismatch: mibook {n_ours}, scrutipy {n_theirs}, expected {EXPECTED}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
