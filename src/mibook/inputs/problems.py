"""What is wrong with an input, addressed as a person would look for it (file, column, row).

Every reader and validator raises :class:`InvalidInput` with all the problems it found; the
command line prints them (:meth:`InvalidInput.lines`) and exits 2. A file with many bad cells
(a survey export with its own labels, say) is summarised first, one line per column with the
distinct offending values and their counts, so a person sees what to recode before the
per-row lines, which are capped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Per-row problem lines printed at most; the rest are counted.
ROW_LINES_SHOWN = 50
#: Distinct offending values named in a column's summary line at most.
VALUES_SHOWN = 10

#: Exit codes of the command line (the contract): success, other failure, invalid input.
EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, addressed as a person would look for it.

    ``str(problem)`` is the line the command line prints: the file, then the column and row
    when known, the value found, and what was expected.

    Attributes
    ----------
    file : str
        The file as the user named it.
    expected : str
        What the cell, column or file should hold, in plain words.
    column : str or None
        The column name as in the header (lower-cased), or None for the whole file.
    row : int or None
        The 1-based data row (the header is not counted), or None.
    value : str or None
        The cell's text as the user typed it, or None.
    key : str or None
        For a codebook: the key path (``respondents.columns.gender``), or None.
    line : int or None
        For a text file whose structure is wrong (YAML, a header not found): the 1-based line.

    Examples
    --------
    A cell that breaks the contract:

    >>> print(Problem("r.csv", "a whole number from 16 to 80 (or empty)", "age", 3, "forty"))
    r.csv, column 'age', row 3: got 'forty'; expected a whole number from 16 to 80 (or empty)

    A missing column, and a file that is not a table at all:

    >>> print(Problem("r.csv", "a column named 'respondent_id' in the header", "respondent_id"))
    r.csv, column 'respondent_id'; expected a column named 'respondent_id' in the header
    >>> print(Problem("r.csv", "a header row and at least one data row (the file is empty)"))
    r.csv; expected a header row and at least one data row (the file is empty)
    """

    file: str
    expected: str
    column: str | None = None
    row: int | None = None
    value: str | None = None
    key: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.key is not None:
            where.append(f"key '{self.key}'")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        got = "" if self.value is None else f": got {self.value!r}"
        return f"{', '.join(where)}{got}; expected {self.expected}"


@dataclass
class InvalidInput(Exception):
    """Raised with every problem found in an input; the CLI prints them and exits 2.

    ``str(error)`` is one line per problem; :meth:`lines` adds the count the CLI prints first.

    Attributes
    ----------
    problems : list of Problem
        Every problem found (cell problems sorted by row, then column).

    Examples
    --------
    >>> error = InvalidInput([Problem("m.csv", "a non-empty identifier", "session_id", 4, "")])
    >>> print(error)
    m.csv, column 'session_id', row 4: got ''; expected a non-empty identifier
    """

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def lines(self, shown: int = ROW_LINES_SHOWN) -> list[str]:
        """What the command line prints: a count, a summary per column, then the problems.

        For each column with more than one bad cell, one line comes first, naming the distinct
        offending values with their counts; then at most ``shown`` per-row lines, and a last
        line saying how many were left out.

        Parameters
        ----------
        shown
            Most per-row lines to print.

        Returns
        -------
        list of str
            ``"invalid input: N problem(s)"``, the column summaries, the problem lines.

        Examples
        --------
        >>> for line in InvalidInput([Problem("a.csv", "a whole number", "age", 3, "x")]).lines():
        ...     print(line)
        invalid input: 1 problem(s)
        a.csv, column 'age', row 3: got 'x'; expected a whole number

        >>> bad = [Problem("s.csv", "f/m", "sex", r, v)
        ...        for r, v in enumerate(["Kvin", "Man", "Kvin"], start=1)]
        >>> for line in InvalidInput(bad).lines(shown=1):
        ...     print(line)
        invalid input: 3 problem(s)
        s.csv, column 'sex': 3 bad cell(s), 2 distinct value(s): 'Kvin' (2), 'Man' (1); expected f/m
        s.csv, column 'sex', row 1: got 'Kvin'; expected f/m
        2 more problem line(s) not shown; the summary above covers them
        """
        out = [f"invalid input: {len(self.problems)} problem(s)"]
        cells = [p for p in self.problems if p.value is not None and p.row is not None]
        out.extend(_column_summaries(cells))
        out.extend(str(p) for p in self.problems[:shown])
        if len(self.problems) > shown:
            out.append(
                f"{len(self.problems) - shown} more problem line(s) not shown; "
                "the summary above covers them"
            )
        return out


def _column_summaries(cells: list[Problem]) -> list[str]:
    """One line per (file, column, expectation) with several bad cells: the distinct bad values
    and their counts."""
    groups: dict[tuple, Counter] = {}
    for problem in cells:
        groups.setdefault((problem.file, problem.column, problem.expected), Counter())[
            problem.value
        ] += 1
    lines = []
    for (file, column, expected), counts in groups.items():
        if sum(counts.values()) < 2:
            continue
        named = ", ".join(f"{value!r} ({n})" for value, n in counts.most_common(VALUES_SHOWN))
        more = f" and {len(counts) - VALUES_SHOWN} more" if len(counts) > VALUES_SHOWN else ""
        where = f"{file}, column '{column}'" if column is not None else file
        lines.append(
            f"{where}: {sum(counts.values())} bad cell(s), {len(counts)} distinct value(s): "
            f"{named}{more}; expected {expected}"
        )
    return lines


def _fail(path: Path, expected: str, **where) -> InvalidInput:
    return InvalidInput([Problem(file=str(path), expected=expected, **where)])
