"""Reading a user's table (CSV, Excel or Stata) into strings.

Every reader returns a frame of *strings* (empty string = missing) whose index is the 1-based
data row of the file, so that validation can name the row a person sees in their spreadsheet.
Typing happens afterwards, in :mod:`mibook.inputs.validate`, where every problem is reported at once.

Nothing here writes anywhere. Format detection sniffs the bytes, not only the extension, so a
binary file renamed ``.csv`` is refused with a message instead of a parser traceback.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from mibook.inputs.problems import InvalidInput, Problem, _fail

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

STATA_SUFFIXES = {".dta"}

_ZIP_MAGIC = b"PK\x03\x04"


def _cell_to_text(value) -> str:
    """Excel and Stata give typed cells; the validators want the text a person typed."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if value is pd.NaT:
        return ""
    return str(value)


def map_unique(values, function) -> np.ndarray:
    """``function`` applied to each *distinct* value of ``values``, spread back to every row.

    A column of a million answers holds a handful of distinct codes, so this turns a million
    Python calls into a few (ids, all distinct, cost one call each, as before).
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    mapped = np.array([function(u) for u in uniques], dtype=object)
    return mapped[codes] if len(mapped) else np.empty(0, dtype=object)


def _clean_text(column: pd.Series) -> pd.Series:
    """Cells as stripped ``str`` (missing = ``""``), as an object column."""
    values = map_unique(
        column.to_numpy(dtype=object),
        lambda v: _cell_to_text(v).strip() if not isinstance(v, str) else v.strip(),
    )
    return pd.Series(values, index=column.index, dtype=object)


def _sniff_delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] > 0 else ","


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _fail(
            path,
            "UTF-8 text (this byte sequence is not UTF-8; save the file as 'CSV UTF-8')",
            row=max(line - 1, 1) if line > 1 else None,
            value=raw[err.start : err.start + 4].hex(" "),
        ) from None


def _read_csv(path: Path, raw: bytes) -> pd.DataFrame:
    text = _decode(path, raw)  # checks the whole file is UTF-8, naming the row if not
    first_line = text.split("\n", 1)[0]
    del text  # parse the bytes: a decoded copy of a 200 MB file would cost ~1 GB as StringIO
    sep = _sniff_delimiter(first_line)
    if sep == "," and first_line.count(",") == 0 and first_line.count("|") > 0:
        raise _fail(
            path,
            "columns separated by comma, semicolon or tab (the header is separated by '|')",
            row=None,
        )
    names = [
        n.strip().lstrip("\ufeff").lower()
        for n in next(csv.reader([first_line.rstrip("\r")], delimiter=sep), [])
    ]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:  # pandas would silently rename the second one 'name.1'
        raise InvalidInput(
            [Problem(file=str(path), column=n, expected="each column name once") for n in repeated]
        )
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            encoding="utf-8-sig",
            sep=sep,
            dtype=object,  # plain Python strings: pandas' python-backed string dtype is ~10x slower
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise _fail(path, "a header row and at least one data row (the file is empty)") from None
    except pd.errors.ParserError as err:
        message = str(err)
        row = None
        if "line" in message:
            try:
                row = int(message.split("line")[1].split(",")[0].strip()) - 1
            except (ValueError, IndexError):
                row = None
        raise _fail(
            path,
            f"the same number of '{sep}'-separated fields on every row as in the header",
            row=row,
        ) from None
    frame.attrs["decimal_comma"] = sep == ";"
    return frame


def _formula_problems(path: Path) -> list[Problem]:
    """Formula cells of the first sheet that have no stored result.

    A workbook written by a program (not saved by Excel or LibreOffice) holds the formula text
    only; a reader then sees an empty cell, which would silently become a missing answer. Such a
    cell is refused, naming it; a formula whose result the workbook stores is read as that result.
    """
    import openpyxl

    formulas = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        header = None
        for row in sheet.iter_rows():
            if header is None:
                header = {
                    cell.column: str(cell.value).strip() if cell.value is not None else ""
                    for cell in row
                }
                continue
            for cell in row:
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    formulas[cell.coordinate] = (
                        header.get(cell.column, ""),
                        cell.row - 1,
                        str(cell.value),
                    )
    finally:
        book.close()
    if not formulas:
        return []
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = values.worksheets[0]
        cached = {
            c.coordinate: c.value
            for row in sheet.iter_rows()
            for c in row
            if c.coordinate in formulas
        }
    finally:
        values.close()
    return [
        Problem(
            file=str(path),
            column=column,
            row=row,
            value=formula,
            expected=f"a value, not a formula without a stored result (cell {coordinate}); open and save the "
            "workbook in Excel or LibreOffice, or paste the cells as values",
        )
        for coordinate, (column, row, formula) in formulas.items()
        if cached.get(coordinate) is None
    ]


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        # keep_default_na=False: a cell reading "NA" or "None" is text, not a missing value
        frame = pd.read_excel(
            path, sheet_name=0, dtype=object, engine="openpyxl", keep_default_na=False
        )
        problems = _formula_problems(path)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise _fail(path, f"a readable .xlsx workbook ({type(err).__name__})") from None
    if problems:
        raise InvalidInput(problems)
    return frame.map(_cell_to_text)


def _read_stata(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_stata(path, convert_categoricals=False, convert_dates=False)
    except Exception as err:  # pandas raises several types for damaged files
        raise _fail(path, f"a readable Stata .dta file ({type(err).__name__})") from None
    return frame.astype(object).map(_cell_to_text)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV, ``.xlsx`` or Stata ``.dta`` file into a frame of stripped strings.

    Parameters
    ----------
    path
        The file. CSV may be UTF-8 with or without BOM, comma, semicolon or tab separated.

    Returns
    -------
    pandas.DataFrame
        All cells as ``str`` (``""`` = missing), column names stripped, index = 1-based data
        row number in the file. Rows that are entirely empty are dropped (their numbers are
        not reused, so later rows keep the number a spreadsheet shows minus the header).

    Raises
    ------
    InvalidInput
        If the file does not exist, is empty, has no data rows or is not a table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("respondent_id;age\\nA;40\\n")
    >>> read_table(p).loc[1, "age"]
    '40'
    """
    path = Path(path)
    if not path.exists():
        raise _fail(path, "an existing file (no such file)")
    if path.is_dir():
        raise _fail(path, "a file, not a folder")
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    if not raw.strip():
        raise _fail(path, "a header row and at least one data row (the file is empty)")
    if suffix in EXCEL_SUFFIXES or (suffix not in STATA_SUFFIXES and raw.startswith(_ZIP_MAGIC)):
        if not raw.startswith(_ZIP_MAGIC):
            raise _fail(path, "an .xlsx workbook (this file is not one)")
        frame = _read_excel(path)
    elif suffix in STATA_SUFFIXES:
        frame = _read_stata(path)
    elif suffix in CSV_SUFFIXES or suffix == "":
        if b"\x00" in raw[:65536]:
            raise _fail(path, "a text table (CSV); this file contains binary data")
        frame = _read_csv(path, raw)
    else:
        raise _fail(path, "a .csv, .xlsx or .dta file (unsupported extension)", value=suffix)

    decimal_comma = bool(frame.attrs.get("decimal_comma", False))
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    unnamed = [c for c in frame.columns if c == "" or c.startswith("Unnamed:")]
    frame = frame.drop(columns=unnamed)
    frame = pd.DataFrame(
        {c: _clean_text(frame.iloc[:, k]) for k, c in enumerate(frame.columns)},
        columns=frame.columns,
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    if len(frame.columns):
        blank = (frame == "").all(axis=1)
        frame = frame.loc[~blank]
    if frame.empty:
        raise _fail(path, "at least one data row below the header (none found)")
    frame.attrs["decimal_comma"] = (
        decimal_comma  # semicolon CSV: "3,0" may mean 3 (mibook.inputs.validate)
    )
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    if duplicated:
        raise InvalidInput(
            [
                Problem(file=str(path), column=c, expected="each column name once")
                for c in duplicated
            ]
        )
    return frame
