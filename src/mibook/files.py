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

import pandas as pd

FILE_MODE = 0o644


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write text to a file atomically, leaving an unchanged file alone.

    A file that already holds exactly this text is left alone, modification time included, so
    that an incremental Sphinx build downstream sees it as unchanged. Otherwise the text goes
    to a temporary file in the same folder, which then replaces the target (see the module
    docstring).

    Parameters
    ----------
    path : str or pathlib.Path
        The target; missing parent folders are created.
    text : str
        Written as UTF-8 with the line ends as given (no newline translation).

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`pathlib.Path`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_text_atomic(Path(folder) / "sub" / "note.txt", "one\\ntwo\\n")
    ...     before = target.stat().st_mtime_ns
    ...     _ = write_text_atomic(target, "one\\ntwo\\n")  # same text: not rewritten
    ...     print(target.read_bytes(), target.stat().st_mtime_ns == before)
    b'one\\ntwo\\n' True
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


def write_changed(wanted: dict[Path, str], say=None, root: Path | None = None) -> list[Path]:
    """Write each text whose file does not already hold it (atomically); return those written.

    Parameters
    ----------
    wanted : dict
        Path → the text it should hold.
    say : callable, optional
        Receives one line per file written.
    root : pathlib.Path, optional
        The files are named relative to it in what ``say`` receives.

    Returns
    -------
    list of pathlib.Path
        The files whose content changed, in the order of ``wanted``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = Path(folder) / "a.md"
    ...     first = write_changed({target: "x"})
    ...     again = write_changed({target: "x"}, say=print)
    ...     print(len(first), again)
    1 []
    """
    changed = []
    for path, text in wanted.items():
        path = Path(path)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        write_text_atomic(path, text)
        changed.append(path)
        if say:
            shown = path.relative_to(root).as_posix() if root else path.name
            say(f"  wrote  {shown}")
    return changed


def write_table(table: pd.DataFrame, directory: str | Path, name: str) -> Path:
    """Write a tidy table as ``directory/name`` (CSV, UTF-8, comma, ``\\n``), atomically.

    Parameters
    ----------
    table : pandas.DataFrame
        Written without its index.
    directory : str or pathlib.Path
        The folder; created if missing.
    name : str
        The file name, e.g. ``"table1.csv"``.

    Returns
    -------
    pathlib.Path
        The file written (or left alone because it already held this table).

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_table(pd.DataFrame({"n": [70, 42]}), folder, "counts.csv")
    ...     print(out.name, out.read_bytes())
    counts.csv b'n\\n70\\n42\\n'

    A text cell a spreadsheet would read as a formula is written with a leading quote:

    >>> with tempfile.TemporaryDirectory() as folder:
    ...     t = pd.DataFrame({"finding": ["=HYPERLINK(\\"x\\")", "-5 days", "-5", "ok"]})
    ...     print(write_table(t, folder, "f.csv").read_text())
    finding
    "'=HYPERLINK(""x"")"
    '-5 days
    -5
    ok
    <BLANKLINE>
    """
    table = table.copy()
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column].dtype):
            table[column] = table[column].map(spreadsheet_safe)
    return write_text_atomic(Path(directory) / name, table.to_csv(index=False, lineterminator="\n"))


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote.

    OWASP's advice on CSV injection: a cell starting with ``= + - @``, a tab or a carriage return
    is prefixed with ``'`` so that Excel, LibreOffice and Google Sheets show it as text. Numbers
    (``-5``, ``+1.5e3``) and non-text values are left as they are, so numeric data never changes.

    Examples
    --------
    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("-2.5"), spreadsheet_safe(3)
    ("'=1+1", '-2.5', 3)
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def write_csv_atomic(rows: list[dict], columns: list[str], path: Path) -> None:
    """Write rows as CSV (``\\n`` line ends, empty = missing) via a temporary file and rename.

    Parameters
    ----------
    rows : list of dict
        One mapping per row; a column the row lacks, or holds ``None``, is written empty.
    columns : list of str
        The header, in order; keys of ``rows`` not listed here are not written.
    path : pathlib.Path
        The target, written with :func:`write_text_atomic`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "rows.csv"
    ...     write_csv_atomic([{"id": "R001", "age": 45}, {"id": "R002"}], ["id", "age"], out)
    ...     print(out.read_text())
    id,age
    R001,45
    R002,
    <BLANKLINE>
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    write_text_atomic(path, buffer.getvalue())
