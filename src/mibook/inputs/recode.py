"""Applying a codebook to a file as read: headings to contract names, labels to codes.

:func:`recode` takes the text frame of :func:`~mibook.inputs.read.read_table` and a
:class:`~mibook.inputs.codebook.Codebook` and returns the same cells under the contract's column
names, with answer labels replaced by codes (``"Kvinne"`` → ``female``, ``"Helt enig"`` → ``5``),
"don't know" answers taken out into a mask of their own, and the contract adapted to the study
(its categories, its Likert items and their scales). Validation then runs on the result
(:mod:`mibook.inputs.validate`), so a label the codebook does not cover is reported as an invalid
cell, naming the codebook key that would cover it.

Matching follows the contract: headings, labels and codes are compared after trimming and
without regard to case; in ``.sav`` and ``.dta`` files a codebook's heading may also be a
variable's label, so that one codebook serves a survey tool's export and its SPSS twin. SPSS
and Stata value labels are applied, so a cell reads as its label, unless the codebook maps the
stored codes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from mibook.inputs.codebook import Codebook, Item
from mibook.inputs.contracts import CONTRACTS, LIKERT_ITEMS, RESPONDENT_CODES, Contract, Field
from mibook.inputs.problems import InvalidInput, Problem
from mibook.inputs.read import map_unique

#: Ids that mark a row of totals rather than a respondent (compared without case).
TOTAL_IDS = (
    "total",
    "totalt",
    "totals",
    "sum",
    "summa",
    "summe",
    "i alt",
    "ialt",
    "total:",
    "sum:",
)


def norm(text: object) -> str:
    """A heading, label or code as compared: trimmed, case-folded.

    Examples
    --------
    >>> norm("  Helt ENIG ")
    'helt enig'
    """
    return str(text).strip().casefold()


@dataclass
class Recoded:
    """A file's cells under the contract's names, recoded, with what the codebook added.

    Attributes
    ----------
    text : pandas.DataFrame
        Text cells; contract and item columns under their names, other columns lower-cased.
    contract : Contract
        The contract adapted to the codebook: its categories and Likert scales, its new items.
    dont_know : pandas.DataFrame
        True where an answer was one of the codebook's ``missing`` answers (a column per
        analysis column of the file).
    headings : dict
        Contract or item name -> the file's heading, for messages a person can act on.
    items : tuple of Item
        The study's Likert items (the default codebook's four when the codebook lists none).
    categories : dict
        Each categorical variable's codes, in order.
    notices : list of str
        Remarks that do not make the file invalid.
    """

    text: pd.DataFrame
    contract: Contract
    dont_know: pd.DataFrame
    headings: dict[str, str]
    items: tuple[Item, ...]
    categories: dict[str, list[str]]
    notices: list[str] = field(default_factory=list)


def _headings(kind: str, codebook: Codebook) -> tuple[dict[str, str], dict[str, str]]:
    """The heading each contract (or item) column is read from, and the codebook key of each
    heading that the codebook names explicitly."""
    contract = CONTRACTS[kind]
    section = getattr(codebook, kind, None)
    mapped = dict(getattr(section, "columns", {}) or {})
    keys = {name: f"{kind}.columns.{name}" for name in mapped}
    wanted = {name: mapped.get(name, name) for name in contract.names}
    if kind == "respondents":
        for position, item in enumerate(codebook.respondents.items or ()):
            wanted[item.name] = item.heading
            if item.column:
                keys[item.name] = f"respondents.items[{position}].column"
    return wanted, keys


def _rename(text: pd.DataFrame, wanted: dict, keys: dict, file: str, codebook_name: str | None):
    """Rename the file's columns to contract names; a heading the codebook names but the file
    lacks is a problem of the codebook."""
    by_heading = {norm(c): c for c in text.columns}
    for column, label in (text.attrs.get("variable_labels", {}) or {}).items():
        by_heading.setdefault(norm(label), column)  # .sav/.dta: a codebook may name the label
    rename, problems, headings = {}, [], {}
    explicit = {name for name in wanted if name in keys}
    for name in sorted(wanted, key=lambda n: n not in explicit):  # explicit mappings first
        heading = by_heading.get(norm(wanted[name]))
        if heading is None or heading in rename:
            if name in explicit:
                problems.append(
                    Problem(
                        file=codebook_name or "codebook",
                        key=keys[name],
                        expected=f"a column {wanted[name]!r} in {file}; its columns are: "
                        + ", ".join(repr(c) for c in text.columns),
                    )
                )
            continue
        rename[heading] = name
        headings[name] = heading if name in explicit else name
    taken = set(rename.values())
    for column in text.columns:
        if column not in rename and column.lower() in taken:
            problems.append(
                Problem(
                    file=file,
                    column=column,
                    expected=f"one column for {column.lower()}: the codebook reads it from "
                    f"{headings[column.lower()]!r}; rename or delete this one",
                )
            )
    if problems:
        raise InvalidInput(problems)
    out = text.rename(columns={c: rename.get(c, c.lower()) for c in text.columns})
    return out, headings, {rename.get(c, c.lower()): c for c in text.columns}


def _apply_value_labels(column: pd.Series, labels: dict[str, str], keep_codes: bool) -> pd.Series:
    if not labels or keep_codes:
        return column
    return pd.Series(map_unique(column, lambda v: labels.get(v, v)), index=column.index)


def _merged_values(codebook: Codebook, default: Codebook | None) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for book in (default, codebook):
        if book is None:
            continue
        for variable, mapping in book.respondents.values.items():
            values.setdefault(variable, {}).update(mapping)
    return values


def recode(
    kind: str,
    text: pd.DataFrame,
    codebook: Codebook,
    file: str,
    codebook_name: str | None = None,
    default: Codebook | None = None,
) -> Recoded:
    """Apply ``codebook`` to a file's text frame (see the module docstring).

    Parameters
    ----------
    kind
        ``"respondents"``, ``"miti"`` or ``"comparison"`` (the latter two: headings only).
    text
        From :func:`~mibook.inputs.read.read_table`; its ``attrs`` may hold SPSS/Stata value
        labels.
    codebook
        The study's codebook (or the book's default one).
    file
        How messages name the data file.
    codebook_name
        How messages name the codebook file; None when no codebook was given by the user (then
        messages do not suggest codebook keys).
    default
        The book's default codebook: its value labels and items apply where the study's
        codebook is silent.

    Raises
    ------
    InvalidInput
        The codebook names a column the file lacks, or the file ends with a row of totals.

    Examples
    --------
    >>> from mibook.inputs.codebook import parse_codebook
    >>> book = parse_codebook(
    ...     "respondents:\\n  columns: {respondent_id: ID, gender: Kjønn}\\n"
    ...     "  values: {gender: {Kvinne: female}}\\n  missing: [Vet ikke]\\n", "cb.yaml")
    >>> raw = pd.DataFrame({"ID": ["1", "2", "3"], "Kjønn": ["Kvinne", "Vet ikke", ""]})
    >>> out = recode("respondents", raw, book, "s.csv", "cb.yaml")
    >>> out.text["gender"].tolist(), out.dont_know["gender"].tolist()
    (['female', '', ''], [False, True, False])
    """
    wanted, keys = _headings(kind, codebook)
    text, headings, original = _rename(text, wanted, keys, file, codebook_name)
    contract = CONTRACTS[kind]
    value_labels = text.attrs.get("value_labels", {}) or {}
    if kind != "respondents":
        return Recoded(text, contract, pd.DataFrame(index=text.index), headings, (), {})

    book = codebook.respondents
    items = tuple(
        book.items if book.items is not None else (default or codebook).respondents.items or ()
    )
    values = _merged_values(codebook, default)
    missing = {norm(m) for m in book.missing}
    categories = {v: book.codes(v) for v in RESPONDENT_CODES}
    dont_know = {}
    for name in text.columns:
        if name == contract.id_column or name not in (*contract.names, *(i.name for i in items)):
            continue
        column = text[name]
        labels = value_labels.get(original[name], {})
        keep_codes = any(norm(code) in {norm(k) for k in values.get(name, {})} for code in labels)
        column = _apply_value_labels(column, labels, keep_codes)
        if missing:
            is_missing = map_unique(column, lambda v: norm(v) in missing).astype(bool)
            dont_know[name] = is_missing
            column = column.where(~is_missing, "")
        text[name] = column
    text = _recode_categories(text, categories, values)
    text = _recode_items(text, items)
    fields = []
    hint = (
        (lambda key: f"or add the value under {key} in {codebook_name}") if codebook_name else None
    )
    for spec in contract.fields:
        if spec.kind == "code" and spec.name in categories:
            spec = replace(
                spec,
                codes=tuple(categories[spec.name]),
                hint=hint(f"respondents.values.{spec.name}") if hint else "",
            )
        fields.append(spec)
    for position, item in enumerate(items):
        spec = Field(
            item.name,
            "integer",
            minimum=item.scale[0],
            maximum=item.scale[1],
            description=item.text or item.name,
            hint=hint(f"respondents.items[{position}].labels") if hint else "",
        )
        if item.name in LIKERT_ITEMS:
            fields = [spec if f.name == item.name else f for f in fields]
        else:
            fields.append(spec)
    adapted = replace(contract, fields=tuple(fields))
    _refuse_total_rows(text, adapted, file, headings)
    mask = pd.DataFrame(
        {
            n: dont_know.get(n, np.zeros(len(text), dtype=bool))
            for n in text.columns
            if n in adapted.names
        },
        index=text.index,
    )
    return Recoded(text, adapted, mask, headings, items, categories)


def _lookup(table: dict[str, str]):
    """A cell's replacement from ``table`` (keys normalised), the cell itself when absent."""
    return lambda value: table.get(norm(value), value) if value else value


def _recode_categories(text: pd.DataFrame, categories: dict, values: dict) -> pd.DataFrame:
    for variable, codes in categories.items():
        if variable not in text:
            continue
        lookup = {norm(c): c for c in codes}
        lookup.update({norm(label): code for label, code in values.get(variable, {}).items()})
        text[variable] = map_unique(text[variable], _lookup(lookup))
    return text


def _recode_items(text: pd.DataFrame, items: tuple[Item, ...]) -> pd.DataFrame:
    for item in items:
        if item.name not in text or not item.labels:
            continue
        lookup = {norm(label): str(point) for label, point in item.labels.items()}
        text[item.name] = map_unique(text[item.name], _lookup(lookup))
    return text


def _refuse_total_rows(text: pd.DataFrame, contract: Contract, file: str, headings: dict) -> None:
    """A spreadsheet's row of totals at the end of the file is not a respondent."""
    if contract.id_column not in text or text.empty:
        return
    ids = text[contract.id_column].tolist()
    rows = []
    for position in range(len(ids) - 1, -1, -1):
        if norm(ids[position]) not in TOTAL_IDS:
            break
        rows.append(position)
    if rows:
        raise InvalidInput(
            [
                Problem(
                    file=file,
                    column=headings.get(contract.id_column, contract.id_column),
                    row=int(text.index[p]),
                    value=ids[p],
                    expected="one respondent per row; this looks like a row of totals: delete it",
                )
                for p in sorted(rows)
            ]
        )


__all__ = ["Recoded", "TOTAL_IDS", "norm", "recode"]
