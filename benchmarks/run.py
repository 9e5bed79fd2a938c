"""`make bench`: timings of the build and of a register-sized rerun, printed as figures.

* a clean ``mibook build --force`` (every notebook executed, HTML rebuilt),
* a no-op ``mibook build`` (target: under 5 s),
* ``mibook run`` on a generated 1,000,000-row respondents file (targets: under 120 s and 4 GiB
  peak memory, summed over the mibook process and its kernels),
* the feasible-set engine against scrutipy, when that benchmark is present.

Generated files go to a temporary folder and are removed; nothing is committed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
MIBOOK = [sys.executable, "-m", "mibook"]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and peak resident memory (GiB, process tree summed, sampled every 50 ms)."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "respondent_id": np.char.add("R", np.arange(n).astype(str)),
        "gender": rng.choice(["female", "male", ""], n, p=[0.6, 0.39, 0.01]),
        "age": rng.integers(18, 61, n),
        "education": rng.choice(["high_school", "higher_up_to_3_years", "higher_over_3_years"], n),
        "sick_leave_length": rng.choice(["lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m", ""], n),
        **{item: rng.integers(1, 6, n) for item in ("satisfaction", "useful_first", "useful_second", "useful_overall")},
        "timing_appropriate": rng.choice(["yes", "no"], n),
        "preferred_timing": rng.choice(["2_months_earlier", "1_month_earlier", "good", "1_month_later", "2_months_later", "3_4_months_later", ""], n),
    })
    frame.to_csv(path, index=False)


def main() -> None:
    figures = []
    seconds, _, _ = timed(MIBOOK + ["build", "--force"])
    figures.append(("clean build (mibook build --force)", f"{seconds:.1f} s", ""))
    seconds, _, _ = timed(MIBOOK + ["build"])
    figures.append(("no-op build (mibook build)", f"{seconds:.2f} s", "target < 5 s"))
    with tempfile.TemporaryDirectory(prefix="mibook-bench-") as tmp:
        data = Path(tmp) / "respondents_1M.csv"
        start = time.perf_counter()
        respondents(1_000_000, data)
        size = data.stat().st_size / 2**20
        figures.append(("generate 1,000,000 respondents", f"{time.perf_counter() - start:.1f} s", f"{size:.0f} MiB"))
        seconds, peak, _ = timed(MIBOOK + ["run", "--respondents", str(data), "--out", str(Path(tmp) / "report")])
        figures.append(("mibook run, 1,000,000 respondents", f"{seconds:.1f} s", f"peak {peak:.2f} GiB; targets < 120 s, < 4 GiB"))
    width = max(len(name) for name, _, _ in figures)
    for name, value, note in figures:
        print(f"{name:<{width}}  {value:>9}  {note}")
    feasible = ROOT / "benchmarks" / "bench_feasible.py"
    if feasible.exists():
        print()
        subprocess.run([sys.executable, str(feasible)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
