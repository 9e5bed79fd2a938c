"""Build benchmark: mibook's incremental, parallel build against plain Jupyter Book.

Against what a Jupyter Book user would do without mibook — ``jupyter-book build`` with
``execute_notebooks: force`` on the same notebooks — measured side by side in one run.

* clean ``mibook build --force --jobs 2`` (every notebook executed in parallel, HTML rebuilt),
  and the same with ``--fresh-kernels`` (a new kernel per notebook instead of one per worker),
* no-op ``mibook build`` (target < 3 s),
* baseline: a temporary copy of the book whose ``_config.yml`` sets ``execute_notebooks: force``
  and whose executed pages are replaced by the templates, so Jupyter Book executes them itself
  (serially, its only mode), then renders. Target: mibook <= 0.6 x baseline.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MIBOOK, ROOT, print_rows, timed  # noqa: E402

JUPYTER_BOOK = str(Path(sys.executable).parent / "jupyter-book")
NOOP_TARGET, RATIO_TARGET = 3.0, 0.6


def baseline_copy(target: Path) -> Path:
    """The book as a plain Jupyter Book project that executes its notebooks itself."""
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "book", target / "book", ignore=shutil.ignore_patterns(".*", "tables"))
    for template in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if (target / "book" / template.name).exists():
            shutil.copy2(template, target / "book" / template.name)
    config = (target / "_config.yml").read_text(encoding="utf-8")
    config, count = re.subn(
        r'execute_notebooks:\s*"?off"?', 'execute_notebooks: "force"\n  timeout: 600', config
    )
    assert count == 1, "could not switch execution on in the copied _config.yml"
    (target / "_config.yml").write_text(config, encoding="utf-8")
    return target


def figures() -> list[tuple[str, str, str]]:
    """Run every build measured here and return one row per figure.

    Rebuilds the book in place (``_build/`` is emptied once) and builds the baseline in a
    temporary folder.

    Returns
    -------
    list of tuple of str
        ``(what was measured, value, target or note)`` per figure, for :func:`run.print_rows`.
    """
    rows = []
    # Two readings of "clean": every notebook re-executed with Sphinx's cache in _build kept
    # (what a user's rebuild costs), and the same from an empty _build (HTML from scratch too).
    mibook_s, mibook_gib, _ = timed(MIBOOK + ["build", "--force", "--jobs", "2"])
    rows.append(
        (
            "clean build (mibook build --force --jobs 2)",
            f"{mibook_s:.1f} s",
            f"peak {mibook_gib:.2f} GiB",
        )
    )
    fresh_s, _, _ = timed(MIBOOK + ["build", "--force", "--jobs", "2", "--fresh-kernels"])
    rows.append(
        (
            "same with a new kernel per notebook (--fresh-kernels)",
            f"{fresh_s:.1f} s",
            "what reusing one kernel per worker saves",
        )
    )
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold_s, _, _ = timed(MIBOOK + ["build", "--force", "--jobs", "2"])
    rows.append(("same, starting from an empty _build/", f"{cold_s:.1f} s", ""))
    noop_s, _, _ = timed(MIBOOK + ["build"])
    rows.append(
        (
            "no-op build (mibook build)",
            f"{noop_s:.2f} s",
            f"target < {NOOP_TARGET:g} s: {'ok' if noop_s < NOOP_TARGET else 'MISSED'}",
        )
    )
    with tempfile.TemporaryDirectory(prefix="mibook-baseline-") as tmp:
        source = baseline_copy(Path(tmp))
        base_s, base_gib, _ = timed(
            [JUPYTER_BOOK, "build", str(source), "--path-output", str(source / "out"), "--quiet"]
        )
        assert (source / "out" / "_build" / "html" / "index.html").exists(), (
            "baseline produced no HTML"
        )
    rows.append(
        (
            "baseline (jupyter-book build, execute_notebooks: force)",
            f"{base_s:.1f} s",
            f"peak {base_gib:.2f} GiB",
        )
    )
    ratio = mibook_s / base_s
    rows.append(
        (
            "ratio mibook / baseline",
            f"{ratio:.2f}",
            f"target <= {RATIO_TARGET}: {'ok' if ratio <= RATIO_TARGET else 'MISSED'}",
        )
    )
    cold = cold_s / base_s
    rows.append(
        (
            "ratio, empty _build/ / baseline",
            f"{cold:.2f}",
            f"target <= {RATIO_TARGET}: {'ok' if cold <= RATIO_TARGET else 'MISSED'}",
        )
    )
    return rows


def main() -> None:
    """Print the figures of this benchmark."""
    print_rows(figures())


if __name__ == "__main__":
    main()
