"""What is wrong with an input, addressed as a person would look for it (file, column, row).

Every reader and validator raises :class:`InvalidInput` with all the problems it found; the
command line prints them (:meth:`InvalidInput.lines`) and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Exit codes of the command line (the contract): success, other failure, invalid input.
EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, addressed as a person would look for it."""

    file: str
    expected: str
    column: str | None = None
    row: int | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        got = "" if self.value is None else f": got {self.value!r}"
        return f"{', '.join(where)}{got}; expected {self.expected}"


@dataclass
class InvalidInput(Exception):
    """Raised with every problem found in an input; the CLI prints them and exits 2."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def lines(self) -> list[str]:
        """What the command line prints: a count, then one line per problem.

        Examples
        --------
        >>> InvalidInput([Problem("a.csv", "a whole number", "age", 3, "x")]).lines()
        ['invalid input: 1 problem(s)', "a.csv, column 'age', row 3: got 'x'; expected a whole number"]
        """
        return [f"invalid input: {len(self.problems)} problem(s)", *(str(p) for p in self.problems)]


def _fail(path: Path, expected: str, **where) -> InvalidInput:
    return InvalidInput([Problem(file=str(path), expected=expected, **where)])
