"""The three input contracts (respondents, miti, comparison) and their validation with pandera.

Validation runs on the *text* of each cell (see :func:`mibook.io.read_table`) so that a problem
can be reported with the value exactly as the user typed it; pandera collects every failing
cell at once (``lazy=True``) and each failure becomes a :class:`mibook.io.Problem` naming file,
column, 1-based data row, value and what was expected. Only after the text passes is the frame
converted to typed columns.

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
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mibook.io import InvalidInput, Problem, map_unique, read_table

RESPONDENT_CODES = {
    "gender": ("female", "male"),
    "education": ("high_school", "higher_up_to_3_years", "higher_over_3_years"),
    "sick_leave_length": ("lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m"),
    "timing_appropriate": ("yes", "no"),
    "preferred_timing": (
        "2_months_earlier",
        "1_month_earlier",
        "good",
        "1_month_later",
        "2_months_later",
        "3_4_months_later",
    ),
}
LIKERT_ITEMS = ("satisfaction", "useful_first", "useful_second", "useful_overall")
MITI_GLOBALS = ("cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy")
MITI_COUNTS = (
    "giving_information",
    "persuade",
    "persuade_with_permission",
    "question",
    "simple_reflection",
    "complex_reflection",
    "affirm",
    "seeking_collaboration",
    "emphasizing_autonomy",
    "confront",
)
RE_AIM_DIMENSIONS = ("reach", "effectiveness", "adoption", "implementation", "maintenance", "context")
COMPARISON_KINDS = ("barrier", "facilitator", "fact")


@dataclass(frozen=True)
class Field:
    """One column of an input contract."""

    name: str
    kind: str  # "id", "text", "code", "integer"
    codes: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False  # the column must be present and every cell filled
    description: str = ""

    def expectation(self) -> str:
        if self.kind == "code":
            return "one of " + ", ".join(self.codes) + " (or empty)"
        if self.kind == "integer":
            if self.maximum is None:
                return f"a whole number >= {self.minimum} (or empty)"
            return f"a whole number from {self.minimum} to {self.maximum} (or empty)"
        if self.kind == "id":
            return "a non-empty identifier, unique in the file"
        return "text" + ("" if self.required else " (or empty)")


@dataclass(frozen=True)
class Contract:
    """An input kind: its columns and what makes a file of it usable at all."""

    name: str
    fields: tuple[Field, ...]
    id_column: str | None
    min_analysis_columns: int = 1
    all_columns_required: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


RESPONDENTS = Contract(
    name="respondents",
    id_column="respondent_id",
    fields=(
        Field("respondent_id", "id", required=True, description="One id per sick-listed worker who answered."),
        Field("gender", "code", RESPONDENT_CODES["gender"], description="Gender."),
        Field("age", "integer", minimum=16, maximum=80, description="Age in whole years."),
        Field("education", "code", RESPONDENT_CODES["education"], description="Highest education."),
        Field(
            "sick_leave_length",
            "code",
            RESPONDENT_CODES["sick_leave_length"],
            description="Length of sick leave at the first MI session.",
        ),
        *(
            Field(item, "integer", minimum=1, maximum=5, description=f"Likert answer, 1 strongly disagree to 5 strongly agree ({item}).")
            for item in LIKERT_ITEMS
        ),
        Field(
            "timing_appropriate",
            "code",
            RESPONDENT_CODES["timing_appropriate"],
            description="Did the two sessions come at an appropriate time?",
        ),
        Field(
            "preferred_timing",
            "code",
            RESPONDENT_CODES["preferred_timing"],
            description="When would the sessions have been best?",
        ),
    ),
)

MITI = Contract(
    name="miti",
    id_column="session_id",
    fields=(
        Field("session_id", "id", required=True, description="One id per coded session."),
        Field("caseworker_id", "text", description="Who delivered the session (optional column)."),
        *(Field(g, "integer", minimum=1, maximum=5, description=f"MITI 4.2.1 global rating ({g}).") for g in MITI_GLOBALS),
        *(Field(c, "integer", minimum=0, description=f"MITI 4.2.1 behaviour count ({c}).") for c in MITI_COUNTS),
    ),
)

COMPARISON = Contract(
    name="comparison",
    id_column=None,
    all_columns_required=True,
    fields=(
        Field("study", "text", required=True, description="Short name of the study."),
        Field("country", "text", required=True, description="Country of the study."),
        Field("re_aim_dimension", "code", RE_AIM_DIMENSIONS, required=True, description="RE-AIM dimension, or context."),
        Field("theme", "text", required=True, description="Short theme label, shared across studies where it applies."),
        Field("kind", "code", COMPARISON_KINDS, required=True, description="barrier, facilitator or fact."),
        Field("finding", "text", required=True, description="The finding, in the coder's own words."),
        Field("source", "text", required=True, description="Table or section of the source."),
    ),
)

CONTRACTS = {c.name: c for c in (RESPONDENTS, MITI, COMPARISON)}


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
        return [pa.Check(lambda s, lo=spec.minimum, hi=spec.maximum: _integer_mask(s, lo, hi, decimal_comma), error=expected)]
    if spec.required:
        return [pa.Check(lambda s: s != "", error=expected)]
    return []


def pandera_schema(contract: Contract, columns: list[str], decimal_comma: bool = False) -> pa.DataFrameSchema:
    """The pandera schema for the contract's columns that are present in a file."""
    present = [f for f in contract.fields if f.name in columns]
    return pa.DataFrameSchema(
        {
            f.name: pa.Column(
                None,  # read_table guarantees str cells; pandera's str dtype check is per element
                checks=_check_for(f, decimal_comma),
                unique=f.kind == "id",
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
            numbers = map_unique(column, lambda v: np.nan if v == "" else _whole_number(v, decimal_comma))
            out[spec.name] = pd.array(numbers.astype(float), dtype="Float64").astype("Int64")
        elif spec.kind == "code":
            out[spec.name] = pd.Series(map_unique(column, lambda v: v.lower() if v else np.nan), index=text.index, dtype=object)
        else:
            out[spec.name] = pd.Series(np.where(column.to_numpy(dtype=object) == "", np.nan, column.to_numpy(dtype=object)), index=text.index, dtype=object)
    frame = pd.DataFrame(out, index=text.index)
    frame.index.name = "row"
    return frame


@dataclass
class Loaded:
    """A validated input: the typed frame, which contract columns the file had, and notices."""

    frame: pd.DataFrame
    present: list[str]
    notices: list[str]
    path: Path


def load(contract: Contract | str, path: str | Path) -> Loaded:
    """Read and validate an input file against its contract.

    Parameters
    ----------
    contract
        ``"respondents"``, ``"miti"``, ``"comparison"`` or a :class:`Contract`.
    path
        A ``.csv``, ``.xlsx`` or ``.dta`` file.

    Returns
    -------
    Loaded
        ``frame`` has every contract column (absent ones all-missing), codes lower-cased,
        integers as ``Int64``, the index is the 1-based data row.

    Raises
    ------
    InvalidInput
        With one :class:`~mibook.io.Problem` per failing cell or missing column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("respondent_id,satisfaction\\nA,5\\nB,4\\n")
    >>> load("respondents", p).frame["satisfaction"].tolist()
    [5, 4]
    """
    contract = CONTRACTS[contract] if isinstance(contract, str) else contract
    path = Path(path)
    text = read_table(path)
    text.columns = [c.lower() for c in text.columns]
    known = set(contract.names)
    notices: list[str] = []
    problems: list[Problem] = []

    unknown = [c for c in text.columns if c not in known]
    for column in unknown:
        close = difflib.get_close_matches(column, contract.names, n=1, cutoff=0.8)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        notices.append(f"{path}: column '{column}' is not part of the {contract.name} contract and is ignored{hint}")

    missing = [f for f in contract.fields if f.name not in text.columns]
    for spec in missing:
        if spec.required or contract.all_columns_required:
            problems.append(
                Problem(file=str(path), column=spec.name, expected=f"a column named '{spec.name}' in the header")
            )
    analysis = [
        f.name
        for f in contract.fields
        if f.name in text.columns and f.name != contract.id_column and f.kind in ("integer", "code")
    ]
    if not problems and contract.id_column and len(analysis) < contract.min_analysis_columns:
        expected_cols = ", ".join(f.name for f in contract.fields if f.name != contract.id_column)
        problems.append(
            Problem(file=str(path), expected=f"at least one of the columns {expected_cols} in the header")
        )
    if problems:
        raise InvalidInput(problems)
    for spec in missing:
        notices.append(f"{path}: column '{spec.name}' is absent; treated as unanswered")

    decimal_comma = bool(text.attrs.get("decimal_comma", False))
    schema = pandera_schema(contract, list(text.columns), decimal_comma)
    try:
        schema.validate(text, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        for record in cases.itertuples(index=False):
            column = record.column
            spec = next((f for f in contract.fields if f.name == column), None)
            if record.check == "field_uniqueness":
                expected = "a value not used on another row (ids must be unique)"
            elif spec is not None:
                expected = spec.expectation() if not spec.required or spec.kind != "id" else spec.expectation()
                if spec.kind == "id" and record.failure_case == "":
                    expected = "a non-empty identifier"
            else:
                expected = str(record.check)
            row = None if pd.isna(record.index) else int(record.index)
            problems.append(
                Problem(file=str(path), column=column, row=row, value=str(record.failure_case), expected=expected)
            )
        problems.sort(key=lambda p: (p.row or 0, contract.names.index(p.column) if p.column in known else 99))
        raise InvalidInput(problems) from None
    if contract.id_column:
        blank = text.index[text[contract.id_column] == ""]
        if len(blank):
            raise InvalidInput(
                [Problem(file=str(path), column=contract.id_column, row=int(r), value="", expected="a non-empty identifier") for r in blank]
            )
    loaded = Loaded(frame=_typed(contract, text, decimal_comma), present=[c for c in contract.names if c in text.columns], notices=notices, path=path)
    if contract.name == "miti":  # a MITI file must allow at least one score (CONTRACT.md)
        from mibook.miti import check_computable

        check_computable(loaded.frame, loaded.present, path)
    return loaded


def frictionless_schema(contract: Contract) -> dict:
    """The contract as a Frictionless Table Schema (what ``data/datapackage.json`` must hold)."""
    fields = []
    for spec in contract.fields:
        entry = {"name": spec.name, "type": "integer" if spec.kind == "integer" else "string", "description": spec.description}
        constraints = {}
        if spec.required:
            constraints["required"] = True
        if spec.kind == "id":
            constraints["unique"] = True
        if spec.kind == "code":
            constraints["enum"] = list(spec.codes)
        if spec.minimum is not None:
            constraints["minimum"] = spec.minimum
        if spec.maximum is not None:
            constraints["maximum"] = spec.maximum
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema = {"fields": fields, "missingValues": [""]}
    if contract.id_column:
        schema["primaryKey"] = contract.id_column
    return schema
