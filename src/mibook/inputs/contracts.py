"""The three input contracts (respondents, miti, comparison): their columns, codes and ranges.

This is the one home of the contract's column names and category codes; validation
(:mod:`mibook.inputs.validate`), the data package (:func:`frictionless_schema`) and the rerun
guide are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
#: MITI 4.2.1 global ratings are whole numbers on this scale.
MITI_GLOBAL_SCALE = (1, 5)

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

RE_AIM_DIMENSIONS = (
    "reach",
    "effectiveness",
    "adoption",
    "implementation",
    "maintenance",
    "context",
)

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


CONTRACTS = {c.name: c for c in (RESPONDENTS, MITI, COMPARISON)}


def frictionless_schema(contract: Contract) -> dict:
    """The contract as a Frictionless Table Schema (what ``data/datapackage.json`` must hold)."""
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
