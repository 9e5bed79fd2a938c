"""``mibook codebook draft``: propose a codebook from a file, for a person to edit.

The draft matches the file's headings (and the variable labels of ``.sav``/``.dta`` files) to
the contract's column names, lists every distinct value of each categorical or Likert-like
column with a proposed code (or ``null`` where a person must decide), and proposes the columns it
cannot match as new Likert items when their answers look like a scale. Answers that usually mean
"don't know" go to ``missing``. Nothing is guessed silently: every proposal that is not an exact
match carries a comment, and the result is checked against the codebook schema before it is
printed.

The matching is a small table of English, Norwegian, Swedish and Danish words written here: no
maintained library maps questionnaire labels onto this project's codes, and the table is short
enough to read and extend.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import yaml

from mibook.inputs.codebook import MITI_ABBREVIATIONS, SNAKE_CASE, parse_codebook
from mibook.inputs.contracts import LIKERT_ITEMS, MITI, MITI_COUNTS, RESPONDENT_CODES, RESPONDENTS
from mibook.inputs.read import read_table

#: Words in a heading (or variable label) that identify a contract column, after folding.
HEADING_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "respondents": {
        "respondent_id": (
            "respondent_id",
            "respondent",
            "id",
            "lopenummer",
            "lopenr",
            "deltaker",
            "deltagare",
        ),
        "gender": ("gender", "sex", "kjonn", "kon", "kjoenn", "koen"),
        "age": ("age", "alder", "alder_ar", "aar", "alderiar"),
        "education": ("education", "utdanning", "utbildning", "uddannelse", "skole"),
        "sick_leave_length": (
            "sick_leave_length",
            "sick_leave",
            "sykmelding",
            "sjukskrivning",
            "sygemelding",
            "sykefravaer",
        ),
        "satisfaction": ("satisfaction", "satisfied", "fornoyd", "nojd", "tilfreds", "fornoeyd"),
        "useful_first": (
            "useful_first",
            "first_useful",
            "nyttig_forste",
            "forste_samtale",
            "forsta_samtalet",
        ),
        "useful_second": (
            "useful_second",
            "second_useful",
            "nyttig_andre",
            "andre_samtale",
            "andra_samtalet",
        ),
        "useful_overall": (
            "useful_overall",
            "useful",
            "nyttig",
            "nyttige",
            "anvandbar",
            "samtalene_nyttige",
        ),
        "timing_appropriate": (
            "timing_appropriate",
            "timing",
            "tidspunkt",
            "riktig_tid",
            "ratt_tid",
        ),
        "preferred_timing": ("preferred_timing", "best_time", "beste_tidspunkt", "basta_tidpunkt"),
    },
    "miti": {
        "session_id": ("session_id", "session", "samtale", "samtal", "opptak", "recording"),
        "caseworker_id": (
            "caseworker_id",
            "caseworker",
            "veileder",
            "radgiver",
            "handlaggare",
            "counsellor",
            "clinician",
        ),
        "coder_id": ("coder_id", "coder", "koder", "kodare", "rater"),
        "date": ("date", "dato", "datum"),
        "cultivating_change_talk": ("cultivating_change_talk", "cct", "change_talk"),
        "softening_sustain_talk": ("softening_sustain_talk", "sst", "sustain_talk"),
        "partnership": ("partnership", "part", "partnerskap"),
        "empathy": ("empathy", "emp", "empati"),
        **{c: (c, a.lower()) for a, c in MITI_ABBREVIATIONS.items()},
    },
    "miti_utterances": {
        "session_id": ("session_id", "session", "samtale", "samtal", "transcript_id", "transcript"),
        "code": (
            "code",
            "kode",
            "kod",
            "behaviour",
            "behavior",
            "main_therapist_behaviour",
            "therapist_behaviour",
        ),
        "coder_id": ("coder_id", "coder", "koder", "annotator"),
        "caseworker_id": ("caseworker_id", "caseworker", "therapist", "clinician", "veileder"),
    },
}

_REFLECTION = {
    "reflection",
    "reflections",
    "refleksjon",
    "refleksjoner",
    "reflektion",
    "reflektioner",
}
_PERSUADE = {"persuade", "persuades", "persuading", "persuasion"}
_USEFUL = {"useful", "nyttig", "nyttige", "anvandbar", "anvandbart", "nyttigt", "brugbar"}
#: Headings made of several words: every group must share a word with the heading (first match
#: wins, so the specific rules come first).
HEADING_RULES: dict[str, list[tuple[str, tuple[set[str], ...]]]] = {
    "respondents": [
        ("useful_first", (_USEFUL, {"first", "forste", "forsta", "1"})),
        ("useful_second", (_USEFUL, {"second", "andre", "andra", "anden", "2"})),
        ("useful_overall", (_USEFUL,)),
        (
            "preferred_timing",
            (
                {"time", "timing", "tidspunkt", "tidspunktet", "tidpunkt"},
                {"best", "beste", "basta", "preferred", "prefer", "bedst"},
            ),
        ),
        ("timing_appropriate", ({"time", "timing", "tidspunkt", "tidspunktet", "tidpunkt"},)),
        (
            "sick_leave_length",
            (
                {
                    "sykmeldt",
                    "sykmelding",
                    "sjukskriven",
                    "sjukskrivning",
                    "sick",
                    "sygemeldt",
                    "sykefravaer",
                },
            ),
        ),
        ("satisfaction", ({"fornoyd", "satisfied", "satisfaction", "nojd", "tilfreds"},)),
    ],
    # A coding program's or a team's headings, written out ("Simple Reflections",
    # "Emphasising autonomy", "Enkle refleksjoner"), in English, Norwegian and Swedish.
    "miti": [
        ("simple_reflection", ({"simple", "enkel", "enkle", "enkla"}, _REFLECTION)),
        ("complex_reflection", ({"complex", "kompleks", "komplekse", "komplexa"}, _REFLECTION)),
        ("persuade_with_permission", (_PERSUADE, {"permission", "tillatelse"})),
        ("persuade", (_PERSUADE,)),
        ("question", ({"question", "questions", "sporsmal", "fraga", "fragor"},)),
        ("affirm", ({"affirm", "affirms", "affirmation", "affirmations", "affirming"},)),
        ("seeking_collaboration", ({"seeking", "seek", "seeks"}, {"collaboration", "collab"})),
        (
            "emphasizing_autonomy",
            ({"emphasizing", "emphasising", "emphasize", "emphasise", "emph"}, {"autonomy"}),
        ),
        ("confront", ({"confront", "confronts", "confrontation", "confrontations"},)),
        ("giving_information", ({"giving", "give", "gives"}, {"information", "info"})),
        ("cultivating_change_talk", ({"cultivating", "cultivate"}, {"change"})),
        ("softening_sustain_talk", ({"softening", "soften"}, {"sustain"})),
    ],
}

#: Answer labels that usually carry no value.
DONT_KNOW = (
    "vet ikke",
    "vet inte",
    "ved ikke",
    "don't know",
    "dont know",
    "do not know",
    "not sure",
    "onsker ikke a oppgi",
    "vil ikke svare",
    "vill inte svara",
    "prefer not to say",
    "no answer",
    "ikke relevant",
    "ej aktuellt",
    "not applicable",
    "n/a",
    "usikker",
    "osaker",
)

#: Answer labels of a five-point agreement (or satisfaction) scale, folded, with their point.
AGREEMENT = {
    1: (
        "strongly disagree",
        "helt uenig",
        "svaert uenig",
        "helt oenig",
        "instammer inte alls",
        "meget uenig",
        "very dissatisfied",
        "svaert misfornoyd",
        "mycket missnojd",
        "not at all useful",
    ),
    2: (
        "disagree",
        "litt uenig",
        "uenig",
        "delvis uenig",
        "oenig",
        "delvis oenig",
        "dissatisfied",
        "misfornoyd",
        "missnojd",
        "slightly useful",
    ),
    3: (
        "neutral",
        "neither agree nor disagree",
        "verken enig eller uenig",
        "verken eller",
        "varken eller",
        "hverken eller",
        "nøytral",
        "noytral",
        "moderately useful",
        "hverken enig eller uenig",
    ),
    4: (
        "agree",
        "litt enig",
        "enig",
        "delvis enig",
        "instammer delvis",
        "satisfied",
        "fornoyd",
        "nojd",
        "very useful",
    ),
    5: (
        "strongly agree",
        "helt enig",
        "svaert enig",
        "instammer helt",
        "meget enig",
        "very satisfied",
        "svaert fornoyd",
        "mycket nojd",
        "extremely useful",
    ),
}
CATEGORY_WORDS = {
    "gender": {
        "female": ("female", "woman", "women", "kvinne", "kvinna", "kvinde", "f", "k", "kvinner"),
        "male": ("male", "man", "men", "mann", "menn", "mand", "m"),
    },
    "timing_appropriate": {
        "yes": ("yes", "ja", "y", "j"),
        "no": ("no", "nei", "nej", "n"),
    },
    "education": {
        "primary_school": (
            "primary school",
            "grunnskole",
            "grundskola",
            "folkeskole",
            "ungdomsskole",
        ),
        "high_school": (
            "high school",
            "videregaende",
            "videregaende skole",
            "gymnasium",
            "gymnasieskola",
            "upper secondary",
        ),
        "higher_up_to_3_years": (
            "college/university up to 3 years",
            "hoyskole/universitet inntil 3 ar",
            "universitet inntil 3 ar",
            "hogskola upp till 3 ar",
            "up to 3 years",
        ),
        "higher_over_3_years": (
            "university more than 3 years",
            "universitet mer enn 3 ar",
            "hoyskole/universitet mer enn 3 ar",
            "mer enn 3 ar",
            "over 3 ar",
            "more than 3 years",
            "hogskola mer an 3 ar",
        ),
    },
}


def fold(text: object) -> str:
    """Lower case, accents removed, ø/æ/å spelt out, blanks collapsed (for matching only).

    Examples
    --------
    >>> fold("  Kjønn ") , fold("Helt  Enig"), fold("Ålder")
    ('kjonn', 'helt enig', 'alder')
    """
    text = str(text).strip().lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text)


def _snake(text: object) -> str:
    """A heading as a snake_case name (for matching and for new item names)."""
    name = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    if not name or not name[0].isalpha():
        name = f"item_{name}" if name else "item"
    return name


def match_column(heading: str, label: str, kind: str) -> str | None:
    """The contract column a file column most likely is, from its heading or variable label.

    Examples
    --------
    >>> match_column("Kjønn", "", "respondents"), match_column("Q7", "Alder i år", "respondents")
    ('gender', 'age')
    >>> match_column("CCT", "", "miti"), match_column("Kommentar", "", "respondents") is None
    ('cultivating_change_talk', True)
    >>> match_column("Simple Reflections", "", "miti"), match_column("Spørsmål", "", "miti")
    ('simple_reflection', 'question')
    """
    words = HEADING_WORDS[kind]
    for text in (heading, label):
        if not text:
            continue
        snake = _snake(text)
        for column, names in words.items():
            if snake in names:
                return column
        tokens = set(snake.split("_"))
        for column, groups in HEADING_RULES.get(kind, []):
            if all(group & tokens for group in groups):
                return column
        for column, names in words.items():
            if any(len(n) > 2 and "_" not in n and n in tokens for n in names):
                return column
    return None


def agreement_point(label: str) -> int | None:
    """The point of a five-point agreement scale an answer label stands for, if recognised.

    Examples
    --------
    >>> agreement_point("Helt enig"), agreement_point("Verken eller"), agreement_point("Ja")
    (5, 3, None)
    """
    folded = fold(label)
    for point, labels in AGREEMENT.items():
        if folded in labels:
            return point
    return None


def _is_dont_know(label: str) -> bool:
    return fold(label) in DONT_KNOW


def _category(variable: str, label: str) -> str | None:
    folded = fold(label)
    if variable in CATEGORY_WORDS:
        for code, labels in CATEGORY_WORDS[variable].items():
            if folded in labels or folded == code.replace("_", " "):
                return code
    if variable == "sick_leave_length":
        numbers = [int(n) for n in re.findall(r"\d+", folded)]
        less = any(w in folded for w in ("mindre", "under", "less", "fewer", "kortare", "<"))
        more = any(w in folded for w in ("mer", "over", "more", "langre", ">"))
        if numbers == [2] and less:
            return "lt_2m"
        if numbers == [8] and more:
            return "gt_8m"
        for low, high in ((2, 4), (4, 6), (6, 8)):
            if numbers == [low, high]:
                return f"{low}_{high}m"
    if variable == "preferred_timing":
        return _preferred_timing(folded)
    if folded in RESPONDENT_CODES.get(variable, ()):
        return folded
    return None


def _preferred_timing(folded: str) -> str | None:
    """``2 måneder tidligere`` -> ``2_months_earlier`` and so on; None when unclear."""
    if folded in RESPONDENT_CODES["preferred_timing"]:
        return folded
    numbers = re.findall(r"\d+", folded)
    earlier = any(w in folded for w in ("tidligere", "tidigare", "earlier", "before", "for "))
    later = any(w in folded for w in ("senere", "senare", "later", "after", "etter", "efter"))
    good = ("bra", "good", "right", "lagom", "passet", "godt")
    if not numbers and any(w in folded for w in good):
        return "good"
    if numbers == ["2"] and earlier:
        return "2_months_earlier"
    if numbers == ["1"] and earlier:
        return "1_month_earlier"
    if numbers == ["1"] and later:
        return "1_month_later"
    if numbers == ["2"] and later:
        return "2_months_later"
    if numbers == ["3", "4"] and later:
        return "3_4_months_later"
    return None


def _distinct(column: pd.Series, value_labels: dict | None) -> list[str]:
    values = [v for v in column.unique().tolist() if v != ""]
    if value_labels:
        values = [value_labels.get(v, v) for v in values]
    return sorted(dict.fromkeys(values), key=lambda v: (not str(v).isdigit(), len(str(v)), str(v)))


def _looks_like_scale(values: list[str]) -> tuple[int, int] | None:
    """A Likert scale the answers fit (numbers 0–10, or recognised agreement labels)."""
    numbers = [int(v) for v in values if re.fullmatch(r"\d{1,2}", v)]
    labels = [v for v in values if not re.fullmatch(r"\d{1,2}", v) and not _is_dont_know(v)]
    if labels and all(agreement_point(v) for v in labels):
        points = [agreement_point(v) for v in labels] + numbers
        return (1, max(5, *points))
    if numbers and not labels and len(set(numbers)) <= 11 and max(numbers) <= 10:
        low, high = min(numbers), max(numbers)
        low = 0 if low == 0 else 1
        return (low, max(high, low + 1))
    return None


def draft(path: str | Path, kind: str = "respondents") -> str:
    """A proposed codebook (YAML text with comments) for the file at ``path``.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx``, ``.sav`` or ``.dta`` file.
    kind
        ``"respondents"``, ``"miti"`` or ``"miti_utterances"``.

    Returns
    -------
    str
        YAML that :func:`mibook.inputs.codebook.parse_codebook` accepts once every ``null``
        has been replaced by a decision (``null`` entries are commented out in the text).
    """
    frame = read_table(path)
    labels = frame.attrs.get("variable_labels", {}) or {}
    value_labels = frame.attrs.get("value_labels", {}) or {}
    columns: dict[str, str] = {}
    unmatched: list[str] = []
    for heading in frame.columns:
        column = match_column(heading, labels.get(heading, ""), kind)
        if column and column not in columns:
            columns[column] = heading
        else:
            unmatched.append(heading)
    lines = [
        f"# Draft codebook for {Path(path).name} ({kind}), made by `mibook codebook draft`.",
        "# Check every entry; replace each `null` with a decision or delete the line.",
        "# Validate the result with: mibook validate --"
        f"{kind.replace('_', '-')} {Path(path).name} --codebook THIS_FILE",
    ]
    body: dict = {}
    comments: list[str] = []
    if kind == "respondents":
        body, comments = _draft_respondents(frame, columns, unmatched, labels, value_labels)
    elif kind == "miti":
        body = {"miti": {"columns": columns}}
        comments = (
            [f"# not matched (ignored unless you map them): {', '.join(unmatched)}"]
            if unmatched
            else []
        )
    else:
        body, comments = _draft_utterances(frame, columns, unmatched, value_labels)
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    text = text.replace(": null\n", ": null  # TODO: decide\n")
    # the draft must be a valid codebook once the open decisions are taken
    parse_codebook(yaml.safe_dump(_decided(body), allow_unicode=True), "draft")
    return "\n".join(lines + comments) + "\n" + text


def _decided(value):
    """``value`` without the entries still to be decided (``None``) and the mappings left empty."""
    if isinstance(value, dict):
        kept = {k: _decided(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in kept.items() if v != {}}
    if isinstance(value, list):
        return [_decided(v) for v in value]
    return value


def _draft_respondents(frame, columns, unmatched, labels, value_labels):
    comments = []
    values: dict[str, dict] = {}
    categories: dict[str, list] = {}
    missing: list[str] = []
    items: list[dict] = []
    for variable in RESPONDENT_CODES:
        heading = columns.get(variable)
        if heading is None:
            continue
        mapping, extra = {}, []
        for value in _distinct(frame[heading], value_labels.get(heading)):
            if _is_dont_know(value):
                missing.append(value)
                continue
            code = _category(variable, value)
            if code is None and variable in ("education", "sick_leave_length"):
                code = _snake(value)  # a level the contract lacks: a new category, to be placed
            if code is not None and code not in RESPONDENT_CODES[variable] and code not in extra:
                extra.append(code)
            if code != value:
                mapping[value] = code
        if mapping:
            values[variable] = mapping
        if extra:
            categories[variable] = [*RESPONDENT_CODES[variable], *extra]
            comments.append(f"# {variable}: new categories {extra} proposed; put them in order")
    for item in LIKERT_ITEMS:
        heading = columns.get(item)
        if heading is not None:
            items.append(_item(item, heading, frame[heading], labels, value_labels, missing))
    for heading in unmatched:
        distinct = _distinct(frame[heading], value_labels.get(heading))
        if 1 < len([v for v in distinct if not _is_dont_know(v)]) <= 11 and _looks_like_scale(
            [v for v in distinct if not _is_dont_know(v)]
        ):
            items.append(
                _item(
                    _snake(labels.get(heading) or heading),
                    heading,
                    frame[heading],
                    labels,
                    value_labels,
                    missing,
                )
            )
        else:
            comments.append(f"# column {heading!r} is not matched and will be ignored")
    respondents: dict = {"columns": {k: v for k, v in columns.items() if k != v}}
    if values:
        respondents["values"] = values
    if categories:
        respondents["categories"] = categories
    if missing:
        respondents["missing"] = list(dict.fromkeys(missing))
    if items:
        respondents["items"] = items
    return {"respondents": respondents}, comments


def _item(name, heading, column, labels, value_labels, missing) -> dict:
    distinct = _distinct(column, value_labels.get(heading))
    answers = [v for v in distinct if not _is_dont_know(v)]
    missing.extend(v for v in distinct if _is_dont_know(v))
    scale = _looks_like_scale(answers) or (1, 5)
    item: dict = {"name": name if re.match(SNAKE_CASE, name) else _snake(name)}
    if heading != item["name"]:
        item["column"] = heading
    item["text"] = labels.get(heading) or heading
    item["scale"] = list(scale)
    mapped = {v: agreement_point(v) for v in answers if not re.fullmatch(r"\d{1,2}", v)}
    if mapped:
        item["labels"] = mapped
    return item


def _draft_utterances(frame, columns, unmatched, value_labels):
    comments = []
    body: dict = {"miti_utterances": {"columns": columns}}
    heading = columns.get("code")
    if heading is not None:
        known = {c.lower(): c for c in MITI_COUNTS} | {a.lower(): a for a in MITI_ABBREVIATIONS}
        mapping = {}
        for value in _distinct(frame[heading], value_labels.get(heading)):
            if value.lower() in known:
                continue
            mapping[value] = None
        if mapping:
            body["miti_utterances"]["values"] = {"code": mapping}
            comments.append("# codes not recognised: map each to a MITI behaviour or abbreviation")
    if unmatched:
        comments.append(f"# not matched (ignored): {', '.join(unmatched)}")
    return body, comments


__all__ = ["agreement_point", "draft", "fold", "match_column"]
_ = (MITI, RESPONDENTS)  # the contracts whose columns HEADING_WORDS names
