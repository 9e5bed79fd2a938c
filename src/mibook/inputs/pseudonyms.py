"""Pseudonyms for the people in a MITI file (``--pseudonymise``): ``Caseworker A``, ``Coder A`` …

A report is meant to be handed on, and a coding team's file names caseworkers and coders, often
by their real names. With ``--pseudonymise`` (contract, "CLI additions") each caseworker id is
replaced by ``Caseworker A``, ``Caseworker B`` … and each coder id by ``Coder A`` … in order of
first appearance in the file, before any chapter sees the data: every table, figure and sentence
of the report is made from the replaced ids, so no original id can reach it. After ``Z`` the
letters go on as spreadsheet columns do (``AA``, ``AB`` …). Missing ids stay missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from mibook.inputs.validate import Loaded

#: Column -> the word its pseudonyms start with.
PREFIXES = {"caseworker_id": "Caseworker", "coder_id": "Coder"}

#: The notice a pseudonymised input carries (shown where a chapter lists what reading noticed).
NOTICE = (
    "caseworker and coder ids are replaced by pseudonyms (Caseworker A, Coder A, … in order of "
    "first appearance)"
)


def letters(position: int) -> str:
    """The letters of the ``position``-th pseudonym (0 → ``A``, 25 → ``Z``, 26 → ``AA``).

    Examples
    --------
    >>> [letters(k) for k in (0, 1, 25, 26, 27, 701, 702)]
    ['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']
    """
    out = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def pseudonyms(values: Iterable, prefix: str) -> dict[str, str]:
    """Each distinct id -> ``"<prefix> <letters>"``, in order of first appearance.

    Parameters
    ----------
    values : iterable
        The ids, in file order; missing values are skipped.
    prefix : str
        ``"Caseworker"`` or ``"Coder"``.

    Returns
    -------
    dict

    Examples
    --------
    >>> pseudonyms(["Kari Nordmann", None, "Ola", "Kari Nordmann"], "Caseworker")
    {'Kari Nordmann': 'Caseworker A', 'Ola': 'Caseworker B'}
    """
    distinct = pd.unique(pd.Series(list(values), dtype=object).dropna())
    return {value: f"{prefix} {letters(k)}" for k, value in enumerate(distinct)}


def pseudonymise(loaded: Loaded) -> tuple[Loaded, dict[str, dict[str, str]]]:
    """A copy of a MITI input with caseworker and coder ids replaced by pseudonyms.

    Parameters
    ----------
    loaded : Loaded
        A validated MITI input (or sessions from :func:`mibook.inputs.utterances.combine`).

    Returns
    -------
    loaded : Loaded
        The same input with the ids of :data:`PREFIXES` replaced and :data:`NOTICE` added to
        its notices (once, however often it is applied).
    mapping : dict
        Column -> original id -> pseudonym, for translating a parameter that names an id
        (``primary_coder``).

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S2", "S3"],
    ...                       "caseworker_id": ["Kari", "Ola", "Kari"],
    ...                       "coder_id": ["Lab 2", "Lab 1", "Lab 2"]})
    >>> safe, mapping = pseudonymise(Loaded(frame, list(frame), [], None))
    >>> safe.frame["caseworker_id"].tolist(), safe.frame["coder_id"].tolist()
    (['Caseworker A', 'Caseworker B', 'Caseworker A'], ['Coder A', 'Coder B', 'Coder A'])
    >>> mapping["coder_id"]["Lab 1"]
    'Coder B'
    """
    frame = loaded.frame.copy()
    mapping = {}
    for column, prefix in PREFIXES.items():
        if column not in frame:
            continue
        mapping[column] = pseudonyms(frame[column], prefix)
        frame[column] = frame[column].map(mapping[column]).astype(object)
    notices = list(loaded.notices) + ([NOTICE] if NOTICE not in loaded.notices else [])
    return replace(loaded, frame=frame, notices=notices), mapping


__all__ = ["NOTICE", "PREFIXES", "letters", "pseudonymise", "pseudonyms"]
