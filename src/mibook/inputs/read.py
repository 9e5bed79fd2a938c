"""Reading a user's table (CSV, Excel, SPSS or Stata) into strings.

Every reader returns a frame of *strings* (empty string = missing) whose index is the 1-based
data row of the file, so that validation can name the row a person sees in their spreadsheet.
Typing happens afterwards, in :mod:`mibook.inputs.validate`, where every problem is reported at
once.

Nothing here writes anywhere. Format detection sniffs the bytes, not only the extension, so a
binary file renamed ``.csv`` is refused with a message instead of a parser traceback.

Real exports are refused with a message that says what to do, never read wrongly: text that is
not UTF-8 (the message names the encoding it looks like and how to save as UTF-8; guessing could
silently garble the very labels a codebook maps), title lines above the header (the message names
the line that looks like the header), and rows with fewer fields than the header. Workbooks are
read with calamine (``python-calamine``), which is fast on large sheets; SPSS ``.sav`` and Stata
``.dta`` files with ``pyreadstat``, keeping the stored codes in the cells and the value and
variable labels in ``frame.attrs`` for the codebook (:mod:`mibook.inputs.validate` applies them).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyreadstat
from python_calamine import CalamineWorkbook

from mibook.inputs.problems import InvalidInput, Problem, _fail

#: File extensions read as delimited text (a file without an extension is read as text too).
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}

#: File extensions read as Excel workbooks (the first sheet).
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

#: File extensions read as Stata datasets.
STATA_SUFFIXES = {".dta"}

#: File extensions read as SPSS datasets.
SPSS_SUFFIXES = {".sav", ".zsav"}

#: Lines searched for a header when the first line does not look like one.
HEADER_SEARCH_LINES = 20

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

    Parameters
    ----------
    values : array_like
        The cells, e.g. a column of strings.
    function : callable
        Called once per distinct value; it must give the same result for equal values.

    Returns
    -------
    numpy.ndarray
        An object array, ``function(v)`` for every ``v`` of ``values``, in order.

    Examples
    --------
    >>> map_unique(["yes", "no", "yes"], str.upper)
    array(['YES', 'NO', 'YES'], dtype=object)
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


def _likely_encoding(raw: bytes) -> str:
    """A name for the 8-bit encoding a non-UTF-8 text file most likely uses."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (as Excel's 'Unicode text' export writes it)"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return "an 8-bit encoding such as Latin-1 (ISO 8859-1)"
    if any(c in text for c in "æøåÆØÅäöÄÖéü"):
        return "Windows-1252 (Western European, as Excel's 'CSV' export writes it)"
    return "Windows-1252 or Latin-1 (an 8-bit encoding)"


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _fail(
            path,
            "UTF-8 text (this byte sequence is not UTF-8; the file looks like "
            f"{_likely_encoding(raw)}; save it as 'CSV UTF-8' in Excel, or choose the character "
            "set 'Unicode (UTF-8)' when saving in LibreOffice)",
            row=max(line - 1, 1) if line > 1 else None,
            value=raw[err.start : err.start + 4].hex(" "),
        ) from None


def _header_line(path: Path, lines: list[str], sep: str) -> None:
    """Refuse a file whose first line is a title rather than the header, naming the header."""
    rows = list(csv.reader(lines[:HEADER_SEARCH_LINES], delimiter=sep))
    if len(rows) < 2:
        return
    filled = [sum(1 for cell in row if cell.strip()) for row in rows]
    widest = max(filled)
    if filled[0] >= 2 or widest < 3:
        return
    header = next(k for k, n in enumerate(filled) if n == widest)
    if header == 0:
        return
    shown = sep.join(rows[header])[:60]
    raise InvalidInput(
        [
            Problem(
                file=str(path),
                line=1,
                value=lines[0][:60],
                expected=f"the column names on the first line; the header was not found there, "
                f"and line {header + 1} looks like it ({shown!r}): delete the "
                f"{header} line(s) above it",
            )
        ]
    )


def _short_rows(path: Path, raw: bytes, sep: str, width: int) -> list[Problem]:
    """Rows with fewer fields than the header (a truncated line), other than blank lines.

    pandas fills the fields a short line lacks with empty text, which would pass as blank
    answers, so the fields are counted with the csv module (quoted separators and line breaks
    inside quotes are handled as pandas handles them). The bytes are decoded as a stream, so a
    large file is not held twice in memory.
    """
    problems = []
    lines = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    for number, row in enumerate(csv.reader(lines, delimiter=sep)):
        if number == 0 or len(row) >= width or not any(cell.strip() for cell in row):
            continue
        problems.append(
            Problem(
                file=str(path),
                row=number,
                value=sep.join(row)[:60],
                expected=f"{width} '{sep}'-separated fields as in the header, not {len(row)} "
                "(is the line cut short, or split over two lines?)",
            )
        )
    return problems


def _read_csv(path: Path, raw: bytes) -> pd.DataFrame:
    text = _decode(path, raw)  # checks the whole file is UTF-8, naming the row if not
    first_lines = text[:65536].splitlines()[:HEADER_SEARCH_LINES] or [""]
    first_line = first_lines[0]
    sep = _sniff_delimiter(max(first_lines, key=lambda line: sum(line.count(c) for c in ",;\t")))
    _header_line(path, first_lines, sep)
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
    del text  # parse the bytes: a decoded copy of a 200 MB file would cost ~1 GB as StringIO
    short = _short_rows(path, raw, sep, len(names))
    if short:
        raise InvalidInput(short)
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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _first_sheet_xml(book: zipfile.ZipFile) -> str:
    """The zip member holding the workbook's first sheet (by the workbook's own order)."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(
        r.get("Target")
        for r in rels.iter(f"{_RELS}Relationship")
        if r.get("Id") == first.get(f"{_DOC_RELS}id")
    )
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _formula_problems(path: Path, header: list[str]) -> list[Problem]:
    """Formula cells of the first sheet that have no stored result.

    A workbook written by a program (not saved by Excel or LibreOffice) holds the formula text
    only; a reader then sees an empty cell, which would silently become a missing answer. Such a
    cell is refused, naming it; a formula whose result the workbook stores is read as that result.
    The sheet's XML is scanned directly (and parsed only when it holds a formula at all), because
    a second full read of a large sheet through openpyxl would cost minutes.
    """
    with zipfile.ZipFile(path) as book:
        data = book.read(_first_sheet_xml(book))
    if not _FORMULA.search(data):
        return []
    problems = []
    for _, cell in ElementTree.iterparse(io.BytesIO(data)):
        if cell.tag != f"{_MAIN}c":
            continue
        formula = cell.find(f"{_MAIN}f")
        stored = cell.find(f"{_MAIN}v")
        if formula is not None and (stored is None or not (stored.text or "")):
            reference = cell.get("r", "")
            column = _column_index(reference)
            row = int(re.sub(r"[A-Z]+", "", reference)) - 1
            problems.append(
                Problem(
                    file=str(path),
                    column=header[column] if column < len(header) else None,
                    row=row,
                    value="=" + (formula.text or ""),
                    expected=f"a value, not a formula without a stored result (cell {reference}); "
                    "open and save the "
                    "workbook in Excel or LibreOffice, or paste the cells as values",
                )
            )
        cell.clear()
    return problems


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as err:  # calamine raises several types for damaged files
        raise _fail(path, f"a readable .xlsx workbook ({type(err).__name__})") from None
    if not rows:
        raise _fail(path, "a header row and at least one data row (the sheet is empty)")
    width = max(len(row) for row in rows)
    header = [_cell_to_text(cell).strip() for cell in rows[0]] + [""] * (width - len(rows[0]))
    try:
        problems = _formula_problems(path, header)
    except (KeyError, StopIteration, AttributeError, ElementTree.ParseError, zipfile.BadZipFile):
        raise _fail(path, "a readable .xlsx workbook (its sheet list is damaged)") from None
    if problems:
        raise InvalidInput(problems)
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    frame.columns = header
    return frame


def _read_labelled(path: Path, kind: str) -> pd.DataFrame:
    """An SPSS or Stata file: stored codes in the cells; variable and value labels in attrs.

    SPSS "user-missing" codes (a "don't know" stored as 9, say) are kept as codes, so that a
    codebook's ``missing`` can count them apart instead of reading them as blank answers.
    """
    try:
        if kind == "spss":
            frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
        else:
            frame, meta = pyreadstat.read_dta(str(path))
    except Exception as err:  # pyreadstat raises several types for damaged files
        name = "SPSS .sav" if kind == "spss" else "Stata .dta"
        raise _fail(path, f"a readable {name} file ({type(err).__name__})") from None
    names = list(meta.column_names)
    labels = list(meta.column_labels or [None] * len(names))
    frame.attrs["variable_labels"] = {n: str(t) for n, t in zip(names, labels) if t}
    frame.attrs["value_labels"] = {
        column: {_cell_to_text(code): str(label) for code, label in mapping.items()}
        for column, mapping in (meta.variable_value_labels or {}).items()
    }
    return frame.astype(object)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV, ``.xlsx`` or Stata ``.dta`` file into a frame of stripped strings.

    The format is sniffed from the bytes as well as the extension: a workbook is a zip file,
    and a text file with NUL bytes is refused. Typed Excel and Stata cells become the text a
    person would have typed (``3.0`` becomes ``"3"``). A semicolon-separated CSV sets
    ``frame.attrs["decimal_comma"]``, so that validation reads ``3,0`` as 3.

    Parameters
    ----------
    path : str or pathlib.Path
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
        If the file does not exist, is empty, has no data rows, is not a table, is not UTF-8
        text, repeats a column name, has rows with more fields than the header, or (a
        workbook) holds formulas without a stored result.

    Examples
    --------
    A semicolon-separated file whose second data row is empty: row numbers are kept, so the
    third data row is still row 3.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = pathlib.Path(folder) / "r.csv"
    ...     _ = p.write_text("respondent_id;age\\nA;40\\n;\\nB; 52 \\n")
    ...     frame = read_table(p)
    >>> frame.to_dict("index")
    {1: {'respondent_id': 'A', 'age': '40'}, 3: {'respondent_id': 'B', 'age': '52'}}
    >>> read_table("no/such.csv")
    Traceback (most recent call last):
    ...
    mibook.inputs.problems.InvalidInput: no/such.csv; expected an existing file (no such file)
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
    if suffix in EXCEL_SUFFIXES or (
        suffix not in STATA_SUFFIXES | SPSS_SUFFIXES and raw.startswith(_ZIP_MAGIC)
    ):
        if not raw.startswith(_ZIP_MAGIC):
            raise _fail(path, "an .xlsx workbook (this file is not one)")
        frame = _read_excel(path)
    elif suffix in STATA_SUFFIXES:
        frame = _read_labelled(path, "stata")
    elif suffix in SPSS_SUFFIXES:
        frame = _read_labelled(path, "spss")
    elif suffix in CSV_SUFFIXES or suffix == "":
        if b"\x00" in raw[:65536]:
            raise _fail(path, "a text table (CSV); this file contains binary data")
        frame = _read_csv(path, raw)
    else:
        raise _fail(path, "a .csv, .xlsx, .sav or .dta file (unsupported extension)", value=suffix)

    decimal_comma = bool(frame.attrs.get("decimal_comma", False))
    labels = {key: dict(frame.attrs.get(key, {})) for key in ("variable_labels", "value_labels")}
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
    frame.attrs.update(labels)  # .sav/.dta: variable and value labels, for the codebook
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    if duplicated:
        raise InvalidInput(
            [
                Problem(file=str(path), column=c, expected="each column name once")
                for c in duplicated
            ]
        )
    return frame
