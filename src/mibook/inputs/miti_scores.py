"""MITI 4.2.1 summary scores per coded session: the one home of their formulas and names.

Formulas (per session, MITI 4.2.1, as the input contract states them):

* technical = (cultivating_change_talk + softening_sustain_talk) / 2
* relational = (partnership + empathy) / 2
* percent_complex_reflections = 100 * CR / (SR + CR)
* reflection_to_question = (SR + CR) / question
* total_mi_adherent = seeking_collaboration + affirm + emphasizing_autonomy
* total_mi_non_adherent = confront + persuade

A score is computed only when every column it needs is present in the file; a session with a
missing component or a zero denominator has no value for that score (excluded from its n).
What could not be computed is returned as plain sentences (:func:`not_computable`), never raised,
except that a file from which *no* score at all can be computed is invalid input
(:func:`check_computable`).

The formulas live in the input layer because the contract defines them and validation needs
them: a MITI file is usable only when at least one score can be computed from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mibook.inputs.contracts import MITI_GLOBALS
from mibook.inputs.problems import InvalidInput, Problem

#: score -> (columns it needs, kind); kind: "mean2" average of two, "pcr", "rq", "sum"
SCORES: dict[str, tuple[tuple[str, ...], str]] = {
    "technical": (("cultivating_change_talk", "softening_sustain_talk"), "mean2"),
    "relational": (("partnership", "empathy"), "mean2"),
    "percent_complex_reflections": (("simple_reflection", "complex_reflection"), "pcr"),
    "reflection_to_question": (("simple_reflection", "complex_reflection", "question"), "rq"),
    "total_mi_adherent": (("seeking_collaboration", "affirm", "emphasizing_autonomy"), "sum"),
    "total_mi_non_adherent": (("confront", "persuade"), "sum"),
}

#: composite global -> its two ratings (MITI 4.2.1: the composite is their average)
COMPOSITES: dict[str, tuple[str, str]] = {
    name: cols for name, (cols, kind) in SCORES.items() if kind == "mean2"
}
#: rows of miti_summary.csv, in the contract's order
SUMMARY_MEASURES = (*MITI_GLOBALS, *SCORES)

#: plain names of the measures, for tables and figures
LABELS = {
    "cultivating_change_talk": "Cultivating change talk",
    "softening_sustain_talk": "Softening sustain talk",
    "partnership": "Partnership",
    "empathy": "Empathy",
    "technical": "Technical global",
    "relational": "Relational global",
    "percent_complex_reflections": "Percent complex reflections",
    "reflection_to_question": "Reflection-to-question ratio",
    "total_mi_adherent": "MI-adherent behaviours",
    "total_mi_non_adherent": "MI-non-adherent behaviours",
}


def composite(first, second):
    """A MITI 4.2.1 composite global: the average of its two ratings.

    Works on numbers, NumPy arrays and pandas Series alike.

    Parameters
    ----------
    first, second : number, numpy.ndarray or pandas.Series
        The two global ratings (see :data:`COMPOSITES`).

    Returns
    -------
    Same type as the inputs
        ``(first + second) / 2``.

    Examples
    --------
    >>> composite(3, 4)
    3.5
    """
    return (first + second) / 2


def _present(frame: pd.DataFrame, present: list[str] | None) -> set[str]:
    """Columns present in the file: ``present`` from the loader, else non-all-missing columns."""
    if present is not None:
        return set(present)
    return {c for c in frame.columns if frame[c].notna().any()}


def session_scores(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame:
    """One row per session with every score whose columns are present (missing = no value).

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI sessions, e.g. :attr:`Loaded.frame <mibook.inputs.validate.Loaded>` of a MITI
        file.
    present : list of str, optional
        The columns the file had (``Loaded.present``); default: the columns of ``frame``
        that are not all missing.

    Returns
    -------
    pandas.DataFrame
        ``session_id`` (the index as text if the frame has none), ``caseworker_id`` if
        present, the global ratings present (floats), and each score of :data:`SCORES` whose
        columns are all present; a session with a missing component or a zero denominator
        has NaN for that score.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(
    ...     {"session_id": ["S01", "S02"], "partnership": [4, 3], "empathy": [5, 3],
    ...      "simple_reflection": [6, 0], "complex_reflection": [4, 0]}
    ... )
    >>> scores = session_scores(frame)
    >>> scores[["relational", "percent_complex_reflections"]].to_dict("list")
    {'relational': [4.5, 3.0], 'percent_complex_reflections': [40.0, nan]}
    """
    have = _present(frame, present)
    out = pd.DataFrame(index=frame.index)
    out["session_id"] = frame["session_id"] if "session_id" in frame else frame.index.astype(str)
    if "caseworker_id" in have and "caseworker_id" in frame:
        out["caseworker_id"] = frame["caseworker_id"]
    for g in MITI_GLOBALS:
        if g in have and g in frame:
            out[g] = pd.to_numeric(frame[g], errors="coerce").astype(float)
    for name, (cols, kind) in SCORES.items():
        if not all(c in have and c in frame for c in cols):
            continue
        v = {c: pd.to_numeric(frame[c], errors="coerce").astype(float) for c in cols}
        if kind == "mean2":
            value = composite(v[cols[0]], v[cols[1]])
        elif kind == "pcr":
            total = v["simple_reflection"] + v["complex_reflection"]
            value = (100 * v["complex_reflection"] / total).where(total > 0)
        elif kind == "rq":
            total = v["simple_reflection"] + v["complex_reflection"]
            value = (total / v["question"]).where(v["question"] > 0)
        else:
            value = sum(v[c] for c in cols)
        out[name] = value
    return out


def not_computable(frame: pd.DataFrame, present: list[str] | None = None) -> list[str]:
    """Plain sentences naming each contract measure that could not be computed, and why.

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI sessions, as for :func:`session_scores`.
    present : list of str, optional
        The columns the file had; default: the columns of ``frame`` that are not all missing.

    Returns
    -------
    list of str
        One sentence per global rating and score of :data:`SUMMARY_MEASURES` without a
        single value; empty when everything could be computed.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(
    ...     {"session_id": ["S01"], "partnership": [4], "empathy": [5],
    ...      "simple_reflection": [6], "complex_reflection": [4], "question": [0]}
    ... )
    >>> for sentence in not_computable(frame):  # doctest: +NORMALIZE_WHITESPACE
    ...     print(sentence)
    Cultivating change talk: the file has no column `cultivating_change_talk`.
    Softening sustain talk: the file has no column `softening_sustain_talk`.
    Technical global: the file lacks `cultivating_change_talk`, `softening_sustain_talk`.
    Reflection-to-question ratio: every session has a zero denominator or a missing count.
    MI-adherent behaviours: the file lacks `seeking_collaboration`, `affirm`,
    `emphasizing_autonomy`.
    MI-non-adherent behaviours: the file lacks `confront`, `persuade`.
    """
    have = _present(frame, present)
    scores = session_scores(frame, present)
    reasons = []
    for g in MITI_GLOBALS:
        if g not in have:
            reasons.append(f"{LABELS[g]}: the file has no column `{g}`.")
        elif scores[g].notna().sum() == 0:
            reasons.append(f"{LABELS[g]}: every session leaves `{g}` empty.")
    for name, (cols, kind) in SCORES.items():
        missing = [c for c in cols if c not in have]
        if missing:
            reasons.append(
                f"{LABELS[name]}: the file lacks {', '.join(f'`{c}`' for c in missing)}."
            )
        elif scores[name].notna().sum() == 0:
            why = (
                "every session has a zero denominator or a missing count"
                if kind in ("pcr", "rq")
                else "every session misses a component"
            )
            reasons.append(f"{LABELS[name]}: {why}.")
    return reasons


def check_computable(frame: pd.DataFrame, present: list[str], path: str | Path) -> None:
    """Raise :class:`InvalidInput` when no MITI score at all can be computed from the file.

    Parameters
    ----------
    frame : pandas.DataFrame
        The typed MITI sessions.
    present : list of str
        The columns the file had.
    path : str or pathlib.Path
        The file, named in the problem.

    Raises
    ------
    InvalidInput
        With one file-level :class:`Problem` when no global rating and no summary score has a
        single value.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"session_id": ["S01"], "question": [3]})
    >>> check_computable(frame, ["session_id", "question"], "m.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mibook.inputs.problems.InvalidInput: m.csv; expected at least one computable MITI score: ...
    """
    scores = session_scores(frame, present)
    measures = [m for m in SUMMARY_MEASURES if m in scores and scores[m].notna().any()]
    if not measures:
        raise InvalidInput(
            [
                Problem(
                    file=str(path),
                    expected=(
                        "at least one computable MITI score: a global rating column with a value, "
                        "or the behaviour "
                        "counts of one summary score "
                        "(e.g. simple_reflection and complex_reflection) with a non-zero "
                        "denominator"
                    ),
                )
            ]
        )
