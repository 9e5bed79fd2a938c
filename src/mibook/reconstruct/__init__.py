"""Individual-level data consistent with the published aggregates (``mibook reconstruct``).

The published numbers (``data/published/``) are the raw data; this stage writes
``data/reconstructed/`` from them: the questionnaire respondents (:mod:`.respondents`) and the
coded MITI sessions (:mod:`.miti`). Both are deterministic.
"""

from __future__ import annotations

from pathlib import Path

from mibook import paths
from mibook.files import write_csv_atomic
from mibook.reconstruct import miti
from mibook.reconstruct.respondents import COLUMNS, reconstruct_respondents


def main() -> list[Path]:
    """Regenerate every file in ``data/reconstructed/``; returns the paths written.

    Both files are written atomically and are byte-identical on every run (fixed seeds).

    Returns
    -------
    list of pathlib.Path
        ``data/reconstructed/respondents.csv`` and ``data/reconstructed/miti.csv``.
    """
    write_csv_atomic(reconstruct_respondents(), COLUMNS, paths.RECONSTRUCTED_RESPONDENTS)
    return [paths.RECONSTRUCTED_RESPONDENTS, miti.write(paths.RECONSTRUCTED_MITI)]
