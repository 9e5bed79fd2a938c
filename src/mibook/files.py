"""Writing files so that readers see either the old content or the complete new one.

The text goes to a temporary file in the target's folder (same file system), is flushed, given
ordinary permissions (``mkstemp`` creates files readable by the owner only), and then renamed
over the target with :func:`os.replace`, which is atomic. An interruption leaves the target
untouched and removes the temporary file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FILE_MODE = 0o644


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` atomically; returns the path.

    A file that already holds exactly this text is left alone, modification time included, so
    that an incremental Sphinx build downstream sees it as unchanged.
    """
    path = Path(path)
    try:
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            return path
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_table(table: pd.DataFrame, directory: str | Path, name: str) -> Path:
    """Write a tidy table as ``directory/name`` (CSV, UTF-8, comma, ``\\n``), atomically."""
    return write_text_atomic(Path(directory) / name, table.to_csv(index=False, lineterminator="\n"))


def write_csv_atomic(rows: list[dict], columns: list[str], path: Path) -> None:
    """Write rows as CSV (``\\n`` line ends, empty = missing) via a temporary file and rename."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    write_text_atomic(path, buffer.getvalue())
