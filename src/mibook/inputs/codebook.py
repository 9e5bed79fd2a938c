"""A study's codebook: how its own files map onto the book's input contracts (YAML, validated).

The codebook (``--codebook FILE``; the contract's "Version 2") says which of a file's columns is
which contract column, which answer labels stand for which code, which answers mean "don't
know", the order of each variable's categories, and the study's own Likert items with their
wording and scale. Every key is optional; the book's own data are described by
``data/codebook.yaml``, which is also what a file without a codebook is read with.

The structure is validated by pydantic models (``extra="forbid"``, literal column names), so a
misspelt key or an unknown contract column is reported with the exact key path; a problem
becomes a :class:`~mibook.inputs.problems.Problem` naming the codebook file and the key.

Examples
--------
>>> book = parse_codebook("respondents:\\n  columns: {gender: Kjønn}\\n", "cb.yaml")
>>> book.respondents.columns["gender"]
'Kjønn'
>>> try:
...     parse_codebook("respondents:\\n  columns: {gendr: Kjønn}\\n", "cb.yaml")
... except InvalidInput as err:
...     print(err)  # doctest: +ELLIPSIS
cb.yaml, key 'respondents.columns.gendr'; expected one of 'respondent_id', 'gender', ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mibook import paths
from mibook.inputs.contracts import (
    LIKERT_ITEMS,
    MITI,
    MITI_COUNTS,
    RESPONDENT_CODES,
    RESPONDENTS,
)
from mibook.inputs.problems import InvalidInput, Problem

#: The codebook the book's own data are read with (and any file given without a codebook).
DEFAULT = paths.DATA / "codebook.yaml"

SNAKE_CASE = r"^[a-z][a-z0-9_]*$"
#: MITI 4.2.1 abbreviations of the ten behaviour counts.
MITI_ABBREVIATIONS = {
    "GI": "giving_information",
    "PERS": "persuade",
    "PWP": "persuade_with_permission",
    "Q": "question",
    "SR": "simple_reflection",
    "CR": "complex_reflection",
    "AF": "affirm",
    "SEEK": "seeking_collaboration",
    "EMPH": "emphasizing_autonomy",
    "CON": "confront",
}
MIN_POINTS, MAX_POINTS = 2, 11

RespondentColumn = Literal[tuple(RESPONDENTS.names)]  # type: ignore[valid-type]
CategoricalVariable = Literal[tuple(RESPONDENT_CODES)]  # type: ignore[valid-type]
MitiColumn = Literal[(*MITI.names, "coder_id", "date")]  # type: ignore[valid-type]
UtteranceColumn = Literal["session_id", "code", "coder_id", "caseworker_id"]
BehaviourCode = Literal[(*MITI_COUNTS, *MITI_ABBREVIATIONS)]  # type: ignore[valid-type]
PublishedItem = Literal[LIKERT_ITEMS]  # type: ignore[valid-type]
Code = Field(pattern=SNAKE_CASE)


def _no_none(value):
    """An empty YAML key (``gender:`` after its lines were deleted) reads as an empty mapping."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Study(_Strict):
    """The study a report is about."""

    title: str | None = None


class Item(_Strict):
    """One Likert item: its column, wording, scale and answer labels."""

    name: str = Field(pattern=SNAKE_CASE)
    column: str | None = None
    text: str | None = None
    scale: tuple[int, int] = (1, 5)
    labels: dict[str, int] = {}
    compare_with: PublishedItem | None = None

    _labels_given = field_validator("labels", mode="before")(_no_none)

    @field_validator("scale")
    @classmethod
    def _points(cls, scale: tuple[int, int]) -> tuple[int, int]:
        low, high = scale
        if not MIN_POINTS <= high - low + 1 <= MAX_POINTS:
            raise ValueError(
                f"expected whole numbers [min, max] spanning {MIN_POINTS} to {MAX_POINTS} points, "
                f"got {low}..{high}"
            )
        return scale

    @model_validator(mode="after")
    def _labels_on_scale(self) -> Item:
        low, high = self.scale
        outside = [label for label, value in self.labels.items() if not low <= value <= high]
        if outside:
            raise ValueError(
                f"labels of item {self.name!r} must map to numbers on its scale {low}..{high}: "
                + ", ".join(repr(label) for label in outside)
            )
        return self

    @property
    def heading(self) -> str:
        """The file's column for this item (the item's name unless ``column`` says otherwise)."""
        return self.column or self.name

    @property
    def points(self) -> list[int]:
        """Every point of the scale, lowest first."""
        return list(range(self.scale[0], self.scale[1] + 1))

    @property
    def published_item(self) -> str | None:
        """The published Table 2 item this one is compared with, if any."""
        if self.compare_with:
            return self.compare_with
        return self.name if self.name in LIKERT_ITEMS else None


class Respondents(_Strict):
    """How a questionnaire file maps onto the respondents contract."""

    columns: dict[RespondentColumn, str] = {}
    values: dict[CategoricalVariable, dict[str, str]] = {}
    categories: dict[CategoricalVariable, list[str]] = {}
    missing: list[str] = []
    items: list[Item] | None = None

    _mappings_given = field_validator("columns", "values", "categories", mode="before")(_no_none)

    @field_validator("categories")
    @classmethod
    def _snake_case_codes(cls, categories: dict) -> dict:
        for variable, codes in categories.items():
            bad = [c for c in codes if not re.match(SNAKE_CASE, str(c)) and not str(c).isdigit()]
            if bad:
                raise ValueError(f"categories of {variable} must be snake_case codes, got {bad}")
            if len(set(codes)) != len(codes):
                raise ValueError(f"categories of {variable} list a code twice")
        return categories

    @model_validator(mode="after")
    def _values_are_categories(self) -> Respondents:
        problems = []
        for variable, mapping in self.values.items():
            allowed = self.codes(variable)
            for label, code in mapping.items():
                if code not in allowed:
                    problems.append(
                        f"respondents.values.{variable}.{label}: {code!r} is not a category of "
                        f"{variable} ({', '.join(allowed)}); list it under "
                        f"respondents.categories.{variable}"
                    )
        names = [item.name for item in self.items or []]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(f"respondents.items: each item name once, got {repeated} twice")
        clash = [n for n in names if n in RESPONDENTS.names and n not in LIKERT_ITEMS]
        if clash:
            problems.append(f"respondents.items: {clash} are contract columns, not Likert items")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def codes(self, variable: str) -> list[str]:
        """The categories of a variable, in order: the codebook's list, else the contract's."""
        return list(self.categories.get(variable, RESPONDENT_CODES[variable]))


class Miti(_Strict):
    """How a coding team's session file maps onto the miti contract."""

    columns: dict[MitiColumn, str] = {}

    _mappings_given = field_validator("columns", mode="before")(_no_none)


class Utterances(_Strict):
    """How a coding program's utterance export maps onto the miti_utterances input."""

    columns: dict[UtteranceColumn, str] = {}
    values: dict[Literal["code"], dict[str, BehaviourCode]] = {}

    _mappings_given = field_validator("columns", "values", mode="before")(_no_none)


class Codebook(_Strict):
    """A whole codebook (every key optional)."""

    study: Study = Study()
    respondents: Respondents = Respondents()
    miti: Miti = Miti()
    miti_utterances: Utterances = Utterances()


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _key(location: tuple) -> str:
    parts = [str(part) for part in location if part != "[key]"]
    return ".".join(parts)


#: pydantic's error types in the words of a Problem's ``expected``.
_PLAIN = {
    "dict_type": "a mapping (indented 'key: value' lines)",
    "list_type": "a list ('- item' lines, or [a, b])",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "tuple_type": "a list of two whole numbers, [min, max]",
    "too_short": "a list of two whole numbers, [min, max]",
    "too_long": "a list of two whole numbers, [min, max]",
    "missing": "this key (it is required here)",
}


def _problems_from(error: ValidationError, name: str) -> list[Problem]:
    problems = []
    for detail in error.errors():
        key = _key(detail["loc"])
        if detail["type"] == "extra_forbidden":
            expected = "no such key (a misspelling?); see the rerun guide for the codebook's keys"
        elif detail["type"] == "literal_error":
            expected = detail["msg"].replace("Input should be", "one of")
        elif detail["type"] in _PLAIN:
            expected = _PLAIN[detail["type"]]
        else:
            expected = detail["msg"].removeprefix("Value error, ")
        problems.append(Problem(file=name, key=key or None, expected=expected))
    return problems


def parse_codebook(text: str, name: str) -> Codebook:
    """A codebook from YAML text; ``name`` is how problems name the file.

    Raises
    ------
    InvalidInput
        The text is not valid YAML, is not a mapping, has an unknown key or names an unknown
        contract column; each problem names the file and the key (or the line).
    """
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        what = getattr(err, "problem", None) or str(err)
        raise InvalidInput(
            [
                Problem(
                    file=name,
                    line=mark.line + 1 if mark is not None else None,
                    expected=f"valid YAML ({what})",
                )
            ]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidInput(
            [
                Problem(
                    file=name,
                    expected="a YAML mapping of study, respondents, miti, miti_utterances",
                )
            ]
        )
    try:
        return Codebook.model_validate(data)
    except ValidationError as err:
        raise InvalidInput(_problems_from(err, name)) from None


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook file (default: the book's own, ``data/codebook.yaml``).

    Raises
    ------
    InvalidInput
        The file is missing or unreadable, or :func:`parse_codebook` refuses it.
    """
    path = Path(path) if path else DEFAULT
    name = str(path) if path != DEFAULT else paths.relative_to_root(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput([Problem(file=name, expected="an existing codebook file")]) from None
    except UnicodeDecodeError:
        raise InvalidInput([Problem(file=name, expected="a UTF-8 text file (YAML)")]) from None
    except OSError as err:
        raise InvalidInput(
            [Problem(file=name, expected=f"a readable file ({err.strerror})")]
        ) from None
    return parse_codebook(text, name)
