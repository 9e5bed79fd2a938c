"""`make bench`: timings of the build and of a register-sized rerun, printed as figures.

* ``bench_build.py``: a clean ``mibook build --force --jobs 2`` against ``jupyter-book build``
  with ``execute_notebooks: force`` on the same notebooks (target ratio <= 0.6), and a no-op
  ``mibook build`` (target: under 3 s),
* ``bench_scale.py``: ``mibook run`` on a generated 1,000,000-row respondents file and a
  100,000-session MITI file (targets: under 90 s and 4 GiB peak memory, summed over the mibook
  process and its kernels),
* the feasible-set engine against scrutipy, when that benchmark is present.

Generated files go to a temporary folder and are removed; nothing is committed.

Peak memory is sampled here (:func:`timed`) rather than read from
``resource.getrusage(RUSAGE_CHILDREN)``, whose maximum resident set size is that of the largest
single child process, not the sum over the process tree of mibook, its workers and kernels.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
MIBOOK = [sys.executable, "-m", "mibook"]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and peak resident memory (GiB, process tree summed, sampled every 50 ms).

    Parameters
    ----------
    command : list of str
        The command, run in the repository's root folder.

    Returns
    -------
    tuple
        ``(seconds, peak GiB, completed process with its output)``. Exits the benchmark with
        the command's output when it fails.
    """
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample():
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    done.set()
    watcher.join()
    elapsed = time.perf_counter() - start
    result = subprocess.CompletedProcess(command, proc.returncode, out, err)
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{out}\n{err}")
    return elapsed, peak / 2**30, result


def respondents(n: int, path: Path, seed: int = 7) -> None:
    """``n`` random respondents in the respondents contract, a few answers missing.

    Parameters
    ----------
    n : int
        Number of respondents.
    path : pathlib.Path
        The CSV file to write.
    seed : int, default 7
        Seed of the random generator: the same file every time.
    """
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "respondent_id": np.char.add("R", np.arange(n).astype(str)),
            "gender": rng.choice(["female", "male", ""], n, p=[0.6, 0.39, 0.01]),
            "age": rng.integers(18, 61, n),
            "education": rng.choice(
                ["high_school", "higher_up_to_3_years", "higher_over_3_years"], n
            ),
            "sick_leave_length": rng.choice(["lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m", ""], n),
            **{
                item: rng.integers(1, 6, n)
                for item in ("satisfaction", "useful_first", "useful_second", "useful_overall")
            },
            "timing_appropriate": rng.choice(["yes", "no"], n),
            "preferred_timing": rng.choice(
                [
                    "2_months_earlier",
                    "1_month_earlier",
                    "good",
                    "1_month_later",
                    "2_months_later",
                    "3_4_months_later",
                    "",
                ],
                n,
            ),
        }
    )
    frame.to_csv(path, index=False)


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    """One aligned line per figure: what was measured, the value, the target or a note."""
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")


def main() -> None:
    """Run the build and scale benchmarks, print their figures, then the feasible benchmark."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_build
    import bench_scale
    import bench_xlsx

    figures = []
    figures += bench_build.figures()  # clean --force --jobs 2, no-op, jupyter-book baseline, ratio
    figures += bench_scale.figures()  # 1,000,000 respondents + 100,000 MITI sessions
    figures += bench_xlsx.figures()  # 200,000 rows: .xlsx against .csv, validate and run
    print_rows(figures)
    feasible = ROOT / "benchmarks" / "bench_feasible.py"
    if feasible.exists():
        print()
        subprocess.run([sys.executable, str(feasible)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
