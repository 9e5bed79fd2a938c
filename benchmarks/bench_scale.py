"""Scale benchmark: ``mibook run`` on a million respondents and 100,000 MITI sessions.

A 1,000,000-row respondents file and a 100,000-session MITI file (every MITI column), timed
with peak memory summed over the process tree.

Targets: under 90 s wall time and under 4 GiB peak. Run directly (``python
benchmarks/bench_scale.py``) or through ``make bench``; generated files live in a temporary
folder that is removed afterwards.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MIBOOK, print_rows, respondents, timed  # noqa: E402

from mibook.inputs.contracts import MITI_COUNTS, MITI_GLOBALS  # noqa: E402

TARGET_SECONDS = 90
TARGET_GIB = 4.0
GLOBALS = MITI_GLOBALS
COUNTS = MITI_COUNTS


def miti_sessions(n: int, path: Path, seed: int = 11) -> None:
    """``n`` coded sessions with every MITI column; a few empty cells, as real coding has.

    Parameters
    ----------
    n : int
        Number of sessions.
    path : pathlib.Path
        The CSV file to write.
    seed : int, default 11
        Seed of the random generator: the same file every time.
    """
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "session_id": np.char.add("S", np.arange(n).astype(str)),
            "caseworker_id": np.char.add("CW", rng.integers(1, 400, n).astype(str)),
            **{g: rng.integers(1, 6, n) for g in GLOBALS},
            **{c: rng.poisson(4 if c != "question" else 12, n) for c in COUNTS},
        }
    )
    frame = frame.astype(object)
    frame.loc[rng.random(n) < 0.01, "empathy"] = ""
    frame.to_csv(path, index=False)


def figures(keep: bool = False) -> list[tuple[str, str, str]]:
    """Generate the files, run ``mibook run`` on them and return one row per figure.

    Parameters
    ----------
    keep : bool, default False
        Not used: the generated files and the report are always removed.

    Returns
    -------
    list of tuple of str
        ``(what was measured, value, target or note)`` per figure, for :func:`run.print_rows`.
    """
    rows = []
    with tempfile.TemporaryDirectory(prefix="mibook-scale-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        respondents(1_000_000, tmp / "respondents_1M.csv")
        miti_sessions(100_000, tmp / "miti_100k.csv")
        sizes = (
            (tmp / "respondents_1M.csv").stat().st_size / 2**20,
            (tmp / "miti_100k.csv").stat().st_size / 2**20,
        )
        rows.append(
            (
                "generate 1,000,000 respondents + 100,000 MITI sessions",
                f"{time.perf_counter() - start:.1f} s",
                f"{sizes[0]:.0f} MiB + {sizes[1]:.0f} MiB",
            )
        )
        seconds, peak, result = timed(
            MIBOOK
            + [
                "run",
                "--respondents",
                str(tmp / "respondents_1M.csv"),
                "--miti",
                str(tmp / "miti_100k.csv"),
                "--out",
                str(tmp / "report"),
            ]
        )
        verdict = "ok" if seconds < TARGET_SECONDS and peak < TARGET_GIB else "TARGET MISSED"
        rows.append(
            (
                "mibook run, 1M respondents + 100k sessions",
                f"{seconds:.1f} s",
                f"peak {peak:.2f} GiB; targets < {TARGET_SECONDS} s, < {TARGET_GIB:g} GiB: "
                f"{verdict}",
            )
        )
        report_mib = (
            sum(p.stat().st_size for p in (tmp / "report").rglob("*") if p.is_file()) / 2**20
        )
        largest = max(
            (p for p in (tmp / "report" / "notebooks").glob("*.ipynb")),
            key=lambda p: p.stat().st_size,
        )
        rows.append(
            (
                "report size",
                f"{report_mib:.1f} MiB",
                f"largest notebook {largest.name}: {largest.stat().st_size / 2**10:.0f} KiB",
            )
        )
        for line in result.stdout.splitlines():
            if line.strip().startswith("done"):
                rows.append(("  " + line.strip(), "", ""))
    return rows


def main() -> None:
    """Print the figures of this benchmark."""
    print_rows(figures())


if __name__ == "__main__":
    main()
