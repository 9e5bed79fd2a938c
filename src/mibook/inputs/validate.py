"""Validating a file against its input contract with pandera.

Validation runs on the *text* of each cell (see :func:`mibook.inputs.read.read_table`) so that a
problem can be reported with the value exactly as the user typed it; pandera collects every
failing cell at once (``lazy=True``) and each failure becomes a
:class:`mibook.inputs.problems.Problem` naming file, column, 1-based data row, value and what was
expected. Only after the text passes is the frame converted to typed columns.

Choices where the contract is silent (documented in the rerun guide):

* Column names are matched after trimming and lower-casing.
* A contract column that is absent is treated as all-missing, with a notice; a file must still
  have its id column and at least one analysis column.
* Integers may be written ``3`` or ``3.0`` (Excel and Stata exports) but not ``3.5``; in a
  semicolon-separated CSV also ``3,0`` (decimal comma, as Excel writes in Nordic locales).
* A formula cell of an ``.xlsx`` without a stored result is refused, naming the cell.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mibook.inputs import miti_coding
from mibook.inputs.codebook import DEFAULT as DEFAULT_CODEBOOK
from mibook.inputs.codebook import Codebook, load_codebook
from mibook.inputs.contracts import CONTRACTS, MITI_CODING_COLUMNS, Contract, Field
from mibook.inputs.miti_scores import check_computable
from mibook.inputs.problems import InvalidInput, Problem
from mibook.inputs.read import map_unique, read_table
from mibook.inputs.recode import recode


def _whole_number(text: str, decimal_comma: bool = False) -> float | None:
    """The number a cell holds when it is a whole number written ``3`` or ``3.0``, else None.

    With ``decimal_comma`` (semicolon-separated CSV, as Excel exports in locales that write
    decimals with a comma) ``3,0`` is read as 3 too; ``3,5`` is still not a whole number.
    """
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and number.is_integer() else None


def _integer_mask(text: pd.Series, minimum, maximum, decimal_comma: bool = False) -> pd.Series:
    def ok(value: str) -> bool:
        if value == "":
            return True
        number = _whole_number(value, decimal_comma)
        if number is None:
            return False
        return (minimum is None or number >= minimum) and (maximum is None or number <= maximum)

    return pd.Series(map_unique(text, ok).astype(bool), index=text.index)


def _check_for(spec: Field, decimal_comma: bool = False) -> list[pa.Check]:
    expected = spec.expectation()
    if spec.kind == "code":
        allowed = set(spec.codes)

        def mask(s, allowed=allowed, required=spec.required):
            ok = lambda v: v.lower() in allowed or (v == "" and not required)  # noqa: E731
            return pd.Series(map_unique(s, ok).astype(bool), index=s.index)

        return [pa.Check(mask, error=expected)]
    if spec.kind == "integer":
        return [
            pa.Check(
                lambda s, lo=spec.minimum, hi=spec.maximum: _integer_mask(s, lo, hi, decimal_comma),
                error=expected,
            )
        ]
    if spec.required:
        return [pa.Check(lambda s: s != "", error=expected)]
    return []


def pandera_schema(
    contract: Contract, columns: list[str], decimal_comma: bool = False, unique_id: bool = True
) -> pa.DataFrameSchema:
    """The pandera schema for the contract's columns that are present in a file.

    The checks run on text cells (as :func:`~mibook.inputs.read.read_table` gives them) and
    carry the contract's expectation (:meth:`~mibook.inputs.contracts.Field.expectation`) as
    their error message.

    Parameters
    ----------
    contract : Contract
        The input contract.
    columns : list of str
        The (lower-cased) column names of the file; contract columns not among them get no
        schema column.
    decimal_comma : bool, default False
        Accept ``3,0`` as the whole number 3 (semicolon-separated CSV).
    unique_id : bool, default True
        The id column must be unique; False for a MITI file with ``coder_id``, where a session
        appears once per coder (:mod:`mibook.inputs.miti_coding` checks the pairs).

    Returns
    -------
    pandera.DataFrameSchema
        Not strict: columns outside the contract are left alone.

    Examples
    --------
    >>> from mibook.inputs.contracts import RESPONDENTS
    >>> sorted(pandera_schema(RESPONDENTS, ["respondent_id", "age", "extra"]).columns)
    ['age', 'respondent_id']
    """
    present = [f for f in contract.fields if f.name in columns]
    return pa.DataFrameSchema(
        {
            f.name: pa.Column(
                None,  # read_table guarantees str cells; pandera's str dtype check is per element
                checks=_check_for(f, decimal_comma),
                unique=f.kind == "id" and unique_id,
                nullable=False,
            )
            for f in present
        },
        strict=False,
    )


def _typed(contract: Contract, text: pd.DataFrame, decimal_comma: bool = False) -> pd.DataFrame:
    out = {}
    for spec in contract.fields:
        column = text[spec.name] if spec.name in text else pd.Series("", index=text.index)
        if spec.kind == "integer":
            numbers = map_unique(
                column, lambda v: np.nan if v == "" else _whole_number(v, decimal_comma)
            )
            out[spec.name] = pd.array(numbers.astype(float), dtype="Float64").astype("Int64")
        elif spec.kind == "code":
            out[spec.name] = pd.Series(
                map_unique(column, lambda v: v.lower() if v else np.nan),
                index=text.index,
                dtype=object,
            )
        else:
            out[spec.name] = pd.Series(
                np.where(
                    column.to_numpy(dtype=object) == "", np.nan, column.to_numpy(dtype=object)
                ),
                index=text.index,
                dtype=object,
            )
    frame = pd.DataFrame(out, index=text.index)
    frame.index.name = "row"
    return frame


@dataclass
class Loaded:
    """A validated input: the typed frame, which contract columns the file had, and notices.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every contract column (absent ones all-missing), codes lower-cased, integers as
        ``Int64``; the index, named ``row``, is the 1-based data row of the file.
    present : list of str
        The contract columns the file has, in the contract's order.
    notices : list of str
        Remarks that do not make the file invalid (ignored and absent columns).
    path : pathlib.Path
        The file.
    dont_know : pandas.DataFrame or None
        True where an answer was one of the codebook's "don't know" answers (respondents).
    items : tuple of mibook.inputs.codebook.Item
        The study's Likert items (respondents; the four of the contract by default).
    categories : dict
        Each categorical variable's codes in the codebook's order (respondents).
    headings : dict
        Contract or item name -> the file's heading, where the codebook mapped one.
    title : str or None
        The codebook's study title.
    """

    frame: pd.DataFrame
    present: list[str]
    notices: list[str]
    path: Path
    dont_know: pd.DataFrame | None = None
    items: tuple = ()
    categories: dict = field(default_factory=dict)
    headings: dict = field(default_factory=dict)
    title: str | None = None


def _codebook(codebook: Codebook | str | Path | None) -> tuple[Codebook, str | None]:
    """The codebook to read with, and how messages name it (None: the book's default)."""
    if codebook is None or codebook == "":
        return default_codebook(), None
    if isinstance(codebook, Codebook):
        return codebook, "the codebook"
    return load_codebook(codebook), str(codebook)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The book's own codebook (``data/codebook.yaml``), read once."""
    return load_codebook(DEFAULT_CODEBOOK)


def load(
    contract: Contract | str, path: str | Path, codebook: Codebook | str | Path | None = None
) -> Loaded:
    """Read and validate an input file against its contract.

    Parameters
    ----------
    contract : str or Contract
        ``"respondents"``, ``"miti"``, ``"comparison"`` or a :class:`Contract`.
    path : str or pathlib.Path
        A ``.csv``, ``.xlsx``, ``.sav`` or ``.dta`` file.
    codebook : Codebook, str, pathlib.Path or None
        The study's codebook (a file or a parsed one); None reads the file with the book's
        own codebook, which accepts the contract's codes and the book's English labels.

    Returns
    -------
    Loaded
        ``frame`` has every contract column (absent ones all-missing), codes lower-cased,
        integers as ``Int64``, the index is the 1-based data row.

    Raises
    ------
    InvalidInput
        With one :class:`~mibook.inputs.problems.Problem` per failing cell or missing column
        (see :func:`check_file` for what they look like).

    Examples
    --------
    Headers are matched in any case; ``40,0`` in a semicolon-separated file is the number 40:

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = pathlib.Path(folder) / "r.csv"
    ...     _ = p.write_text("respondent_id;Satisfaction;age\\nA;5;40,0\\nB;4;52\\n")
    ...     loaded = load("respondents", p)
    >>> loaded.frame["satisfaction"].tolist(), loaded.frame["age"].tolist()
    ([5, 4], [40, 52])
    >>> loaded.present
    ['respondent_id', 'age', 'satisfaction']
    """
    contract = CONTRACTS[contract] if isinstance(contract, str) else contract
    path = Path(path)
    book, book_name = _codebook(codebook)
    text = read_table(path)
    recoded = recode(contract.name, text, book, str(path), book_name, default=default_codebook())
    text, headings = recoded.text, recoded.headings
    if contract.name == "respondents":
        contract = recoded.contract
    known = set(contract.names)
    notices: list[str] = []
    problems: list[Problem] = []

    unknown = [c for c in text.columns if c not in known]
    for column in unknown:
        close = difflib.get_close_matches(column, contract.names, n=1, cutoff=0.8)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        notices.append(
            f"{path}: column '{column}' is not part of the {contract.name} contract "
            f"and is ignored{hint}"
        )

    missing = [f for f in contract.fields if f.name not in text.columns]
    for spec in missing:
        if spec.required or contract.all_columns_required:
            problems.append(
                Problem(
                    file=str(path),
                    column=spec.name,
                    expected=f"a column named '{spec.name}' in the header",
                )
            )
    analysis = [
        f.name
        for f in contract.fields
        if f.name in text.columns and f.name != contract.id_column and f.kind in ("integer", "code")
    ]
    if not problems and contract.id_column and len(analysis) < contract.min_analysis_columns:
        expected_cols = ", ".join(f.name for f in contract.fields if f.name != contract.id_column)
        problems.append(
            Problem(
                file=str(path),
                expected=f"at least one of the columns {expected_cols} in the header",
            )
        )
    if problems:
        raise InvalidInput(problems)
    for spec in missing:
        if contract.name == "miti_utterances" or (
            contract.name == "miti" and spec.name in MITI_CODING_COLUMNS
        ):
            continue  # optional ids and dates; the MITI chapter says what they would add
        notices.append(f"{path}: column '{spec.name}' is absent; treated as unanswered")

    decimal_comma = bool(text.attrs.get("decimal_comma", False))
    coded = contract.name == "miti" and "coder_id" in text.columns  # a session once per coder
    schema = pandera_schema(contract, list(text.columns), decimal_comma, unique_id=not coded)
    # coders and dates of a MITI file (Version 2 of the contract), reported with the cells
    extra = miti_coding.problems(text, str(path), headings) if contract.name == "miti" else []
    try:
        schema.validate(text, lazy=True)
        if extra:
            raise InvalidInput(sorted(extra, key=lambda p: p.row or 0))
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        for record in cases.itertuples(index=False):
            column = record.column
            spec = next((f for f in contract.fields if f.name == column), None)
            if record.check == "field_uniqueness":
                expected = "a value not used on another row (ids must be unique)"
                if contract.name == "miti":  # Version 2: double coding needs a coder column
                    expected += "; a session rated by several coders needs a coder_id column"
            elif spec is not None:
                expected = (
                    spec.expectation()
                    if not spec.required or spec.kind != "id"
                    else spec.expectation()
                )
                if spec.kind == "id" and record.failure_case == "":
                    expected = "a non-empty identifier"
            else:
                expected = str(record.check)
            row = None if pd.isna(record.index) else int(record.index)
            problems.append(
                Problem(
                    file=str(path),
                    column=headings.get(column, column),
                    row=row,
                    value=str(record.failure_case),
                    expected=expected,
                )
            )
        problems.extend(extra)
        order = {headings.get(n, n): k for k, n in enumerate(contract.names)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 99)))
        raise InvalidInput(problems) from None
    if contract.id_column:
        blank = text.index[text[contract.id_column] == ""]
        if len(blank):
            raise InvalidInput(
                [
                    Problem(
                        file=str(path),
                        column=headings.get(contract.id_column, contract.id_column),
                        row=int(r),
                        value="",
                        expected="a non-empty identifier",
                    )
                    for r in blank
                ]
            )
    loaded = Loaded(
        frame=_typed(contract, text, decimal_comma),
        present=[c for c in contract.names if c in text.columns],
        notices=notices,
        path=path,
        dont_know=recoded.dont_know if contract.name == "respondents" else None,
        items=recoded.items,
        categories=recoded.categories,
        headings={k: v for k, v in headings.items() if k != v},
        title=book.study.title,
    )
    if contract.name == "miti":  # a MITI file must allow at least one score (the contract)
        if "date" in loaded.present:
            loaded.frame["date"] = miti_coding.iso_dates(loaded.frame["date"])
        check_computable(loaded.frame, loaded.present, path)
    return loaded


@dataclass
class Outcome:
    """What checking one file found: the rows it holds and the notices, or the problems.

    Attributes
    ----------
    rows : int
        The number of data rows of a valid file (0 for an invalid one).
    notices : list of str
        The notices of a valid file.
    error : InvalidInput or None
        The problems of an invalid file.
    """

    rows: int = 0
    notices: list[str] = field(default_factory=list)
    error: InvalidInput | None = None

    @property
    def ok(self) -> bool:
        """Whether the file is valid input."""
        return self.error is None

    def lines(self) -> list[str]:
        """What ``mibook validate`` prints for the file, in order.

        Returns
        -------
        list of str
            For a valid file one ``"notice: ..."`` line per notice, then ``"ok: N rows"``;
            for an invalid one :meth:`InvalidInput.lines
            <mibook.inputs.problems.InvalidInput.lines>`.
        """
        if self.error is not None:
            return self.error.lines()
        return [f"notice: {n}" for n in self.notices] + [f"ok: {self.rows} rows"]


def check_file(
    contract: Contract | str, path: str | Path, codebook: Codebook | str | Path | None = None
) -> Outcome:
    """Validate one file and say what ``mibook validate`` says about it.

    Parameters
    ----------
    contract : str or Contract
        ``"respondents"``, ``"miti"``, ``"comparison"`` or a :class:`Contract`.
    path : str or pathlib.Path
        The file.

    Returns
    -------
    Outcome
        Never raises for bad input: the problems are in ``Outcome.error``.

    Examples
    --------
    Every failing cell is one Problem line, naming file, column and 1-based data row (here the
    temporary folder is left out of the file name):

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = pathlib.Path(folder) / "r.csv"
    ...     _ = p.write_text("respondent_id,satisfaction,age\\nA,6,forty\\nB,4,52\\n")
    ...     for line in check_file("respondents", p).lines():
    ...         print(line.replace(str(p), "r.csv"))
    invalid input: 2 problem(s)
    r.csv, column 'age', row 1: got 'forty'; expected a whole number from 16 to 80 (or empty)
    r.csv, column 'satisfaction', row 1: got '6'; expected a whole number from 1 to 5 (or empty)
    """
    try:
        loaded = load(contract, path, codebook)
    except InvalidInput as err:
        return Outcome(error=err)
    return Outcome(rows=len(loaded.frame), notices=list(loaded.notices))
