"""Workbook benchmark: the same 200,000 respondents as CSV and as ``.xlsx``.

Targets (issue "a study's own questionnaire"): ``mibook validate`` on the workbook takes at most
3 times as long as on the CSV, and ``mibook run`` at most 1.5 times as long (the workbook is
read once per run, then handed to the chapters as a typed intermediate). Generated files live in
a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MIBOOK, print_rows, respondents, timed  # noqa: E402

ROWS = 200_000
VALIDATE_RATIO = 3.0
RUN_RATIO = 1.5


def workbook(csv: Path, target: Path) -> None:
    """Write the rows of ``csv`` to ``target`` as a one-sheet workbook (openpyxl, write-only)."""
    frame = pd.read_csv(csv, dtype=object, keep_default_na=False)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(frame.columns))
    numeric = {"age", "satisfaction", "useful_first", "useful_second", "useful_overall"}
    for row in frame.itertuples(index=False):
        sheet.append(
            [int(v) if c in numeric and v != "" else v for c, v in zip(frame.columns, row)]
        )
    book.save(target)


def figures() -> list[tuple[str, str, str]]:
    """Validate and run the CSV and the workbook; one row per figure, with the two ratios."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="mibook-xlsx-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        respondents(ROWS, tmp / "r.csv")
        workbook(tmp / "r.csv", tmp / "r.xlsx")
        rows.append(
            (
                f"generate {ROWS:,} respondents as CSV and .xlsx",
                f"{time.perf_counter() - start:.1f} s",
                f"{(tmp / 'r.xlsx').stat().st_size / 2**20:.0f} MiB workbook",
            )
        )
        seconds = {}
        for suffix in ("csv", "xlsx"):
            seconds[("validate", suffix)], _, result = timed(
                MIBOOK + ["validate", "--respondents", str(tmp / f"r.{suffix}")]
            )
            assert result.returncode == 0, result.stderr
            seconds[("run", suffix)], peak, result = timed(
                MIBOOK
                + ["run", "--respondents", str(tmp / f"r.{suffix}"), "--out", str(tmp / suffix)]
            )
            assert result.returncode == 0, result.stderr
        for verb, target in (("validate", VALIDATE_RATIO), ("run", RUN_RATIO)):
            ratio = seconds[(verb, "xlsx")] / seconds[(verb, "csv")]
            rows.append(
                (
                    f"mibook {verb}, {ROWS:,} rows: .csv / .xlsx",
                    f"{seconds[(verb, 'csv')]:.1f} s / {seconds[(verb, 'xlsx')]:.1f} s",
                    f"ratio {ratio:.2f}; target <= {target:g}: "
                    + ("ok" if ratio <= target else "TARGET MISSED"),
                )
            )
    return rows


def main() -> None:
    """Print the figures of this benchmark."""
    print_rows(figures())


if __name__ == "__main__":
    main()
