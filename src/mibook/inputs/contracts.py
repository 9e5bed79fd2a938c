"""The input contracts (respondents, miti, comparison, miti_utterances): columns, codes, ranges.

This is the one home of the contract's column names and category codes; validation
(:mod:`mibook.inputs.validate`), the data package (:func:`frictionless_schema`) and the rerun
guide are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The category codes of each coded respondent column.
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

#: The Likert items of the questionnaire (Table 2 of Foldal et al. 2021), answered 1 to 5.
LIKERT_ITEMS = ("satisfaction", "useful_first", "useful_second", "useful_overall")

#: The four MITI 4.2.1 global ratings.
MITI_GLOBALS = ("cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy")
#: MITI 4.2.1 global ratings are whole numbers on this scale.
MITI_GLOBAL_SCALE = (1, 5)

#: The MITI 4.2.1 behaviour counts.
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

#: The codes of ``re_aim_dimension`` in the comparison file.
RE_AIM_DIMENSIONS = (
    "reach",
    "effectiveness",
    "adoption",
    "implementation",
    "maintenance",
    "context",
)

#: The codes of ``kind`` in the comparison file.
COMPARISON_KINDS = ("barrier", "facilitator", "fact")


@dataclass(frozen=True)
class Field:
    """One column of an input contract.

    Attributes
    ----------
    name : str
        The column name (lower case; file headers are matched after trimming and lower-casing).
    kind : {"id", "text", "code", "integer"}
        ``"id"`` is a non-empty identifier unique in the file; ``"code"`` one of ``codes``.
    codes : tuple of str
        The allowed codes of a ``"code"`` column.
    minimum, maximum : int or None
        Bounds of an ``"integer"`` column (None: unbounded).
    required : bool
        The column must be present and every cell filled.
    description : str
        One sentence for the data package and the rerun guide.
    hint : str
        Appended to :meth:`expectation` (a codebook adds where to map an unknown value).

    Examples
    --------
    >>> Field("age", "integer", minimum=16, maximum=80).expectation()
    'a whole number from 16 to 80 (or empty)'
    """

    name: str
    kind: str  # "id", "text", "code", "integer"
    codes: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False  # the column must be present and every cell filled
    description: str = ""
    hint: str = ""

    def expectation(self) -> str:
        """What a cell of this column must hold, in the words of a Problem's ``expected``.

        Returns
        -------
        str

        Examples
        --------
        >>> Field("gender", "code", ("female", "male")).expectation()
        'one of female, male (or empty)'
        >>> Field("session_id", "id", required=True).expectation()
        'a non-empty identifier, unique in the file'
        """
        hint = f"; {self.hint}" if self.hint else ""
        if self.kind == "code":
            return "one of " + ", ".join(self.codes) + " (or empty)" + hint
        if self.kind == "integer":
            if self.maximum is None:
                return f"a whole number >= {self.minimum} (or empty)" + hint
            return f"a whole number from {self.minimum} to {self.maximum} (or empty)" + hint
        if self.kind == "id":
            return "a non-empty identifier, unique in the file"
        return "text" + ("" if self.required else " (or empty)")


@dataclass(frozen=True)
class Contract:
    """An input kind: its columns and what makes a file of it usable at all.

    Attributes
    ----------
    name : str
        ``"respondents"``, ``"miti"``, ``"comparison"`` or ``"miti_utterances"``.
    fields : tuple of Field
        The columns, in the contract's order.
    id_column : str or None
        The column that identifies a row, if the kind has one.
    min_analysis_columns : int
        How many integer or code columns besides the id a file needs at least (checked for
        kinds with an id column).
    all_columns_required : bool
        Every column must be present (the comparison file).
    notes : tuple of str
        Further remarks on the contract (none of the contracts has any).

    Examples
    --------
    >>> CONTRACTS["miti"].id_column, CONTRACTS["miti"].names[:3]
    ('session_id', ['session_id', 'caseworker_id', 'cultivating_change_talk'])
    """

    name: str
    fields: tuple[Field, ...]
    id_column: str | None
    min_analysis_columns: int = 1
    all_columns_required: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        """The column names, in the contract's order."""
        return [f.name for f in self.fields]


RESPONDENTS = Contract(
    name="respondents",
    id_column="respondent_id",
    fields=(
        Field(
            "respondent_id",
            "id",
            required=True,
            description="One id per sick-listed worker who answered.",
        ),
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
            Field(
                item,
                "integer",
                minimum=1,
                maximum=5,
                description=f"Likert answer, 1 strongly disagree to 5 strongly agree ({item}).",
            )
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
        *(
            Field(
                g,
                "integer",
                minimum=MITI_GLOBAL_SCALE[0],
                maximum=MITI_GLOBAL_SCALE[1],
                description=f"MITI 4.2.1 global rating ({g}).",
            )
            for g in MITI_GLOBALS
        ),
        *(
            Field(c, "integer", minimum=0, description=f"MITI 4.2.1 behaviour count ({c}).")
            for c in MITI_COUNTS
        ),
        Field(
            "coder_id",
            "text",
            description=(
                "Who rated the session (optional column). With it, a session appears once per "
                "coder and every row names its coder."
            ),
        ),
        Field(
            "date",
            "text",
            description=(
                "Date of the session (optional column): YYYY-MM-DD, or day first as DD.MM.YYYY, "
                "DD/MM/YYYY or DD-MM-YYYY."
            ),
        ),
    ),
)

#: The MITI file columns that say who coded a session and when it took place (Version 2).
MITI_CODING_COLUMNS = ("coder_id", "date")


MITI_UTTERANCES = Contract(
    name="miti_utterances",
    id_column=None,
    fields=(
        Field(
            "session_id",
            "text",
            required=True,
            description="The session the utterance belongs to (as in the MITI file).",
        ),
        Field(
            "code",
            "text",
            required=True,
            description=(
                "Its MITI 4.2.1 behaviour code: a behaviour column of the MITI file "
                "(question, simple_reflection …) or its abbreviation (Q, SR …)."
            ),
        ),
        Field("coder_id", "text", description="Who coded the utterance (optional column)."),
        Field(
            "caseworker_id",
            "text",
            description="Who delivered the session (optional column).",
        ),
    ),
)


COMPARISON = Contract(
    name="comparison",
    id_column=None,
    all_columns_required=True,
    fields=(
        Field("study", "text", required=True, description="Short name of the study."),
        Field("country", "text", required=True, description="Country of the study."),
        Field(
            "re_aim_dimension",
            "code",
            RE_AIM_DIMENSIONS,
            required=True,
            description="RE-AIM dimension, or context.",
        ),
        Field(
            "theme",
            "text",
            required=True,
            description="Short theme label, shared across studies where it applies.",
        ),
        Field(
            "kind",
            "code",
            COMPARISON_KINDS,
            required=True,
            description="barrier, facilitator or fact.",
        ),
        Field(
            "finding", "text", required=True, description="The finding, in the coder's own words."
        ),
        Field("source", "text", required=True, description="Table or section of the source."),
    ),
)


#: The contracts by name.
CONTRACTS = {c.name: c for c in (RESPONDENTS, MITI, COMPARISON, MITI_UTTERANCES)}


def frictionless_schema(contract: Contract) -> dict:
    """The contract as a Frictionless Table Schema (what ``data/datapackage.json`` must hold).

    Parameters
    ----------
    contract : Contract

    Returns
    -------
    dict
        ``fields`` (name, type, description and constraints of each column),
        ``missingValues`` (only the empty string) and, for a kind with an id column,
        ``primaryKey``.

    Examples
    --------
    >>> schema = frictionless_schema(MITI)
    >>> schema["primaryKey"], schema["fields"][2]["constraints"]
    ('session_id', {'minimum': 1, 'maximum': 5})
    """
    fields = []
    for spec in contract.fields:
        entry = {
            "name": spec.name,
            "type": "integer" if spec.kind == "integer" else "string",
            "description": spec.description,
        }
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
