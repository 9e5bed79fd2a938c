"""Utterance-level MITI codes (``--miti-utterances``): counted per session, merged with ratings.

A coding program exports one row per coded clinician utterance: the session, the behaviour code
and often the coder and the caseworker (the shape of AnnoMI, a public set of expert-annotated MI
transcripts). The contract's ``miti_utterances`` input takes such a file:

* ``session_id`` and ``code`` are required; ``coder_id`` and ``caseworker_id`` are optional;
* ``code`` is one of the ten behaviour columns of the MITI contract (``question``,
  ``simple_reflection`` …; spaces or hyphens for the underscores are accepted, ``Simple
  reflection``) or its MITI 4.2.1 abbreviation (``Q``, ``SR`` …), compared after trimming and
  without regard to case; a team's own labels are mapped with the codebook
  (``miti_utterances.values.code``). Any other code is an invalid cell, named by row, with the
  codebook key that would map it;
* a session names one caseworker: rows of one session naming two are invalid (the later row).

:func:`load` reads and checks the file and counts the rows per session (and coder) into the ten
behaviour counts: a behaviour that no row of a session names counts 0 in that session.
:func:`combine` merges those counts with the global ratings of a ``--miti`` file by
``session_id`` (and ``coder_id`` when both files have one), giving the same
:class:`~mibook.inputs.validate.Loaded` sessions that a hand-counted MITI file would give.

Choices where the contract is silent (also in the MITI chapter's notes):

* the counts of the utterance file replace any behaviour-count columns of the MITI file (with a
  notice);
* a session of the MITI file that no utterance names keeps empty counts (not zeros), and a
  session that only the utterance file names is added without global ratings (a notice each);
* when only one of the two files has ``coder_id``, it must name one coder per session (whose
  ratings and counts would otherwise be paired by guesswork);
* where both files name a session's caseworker, they must agree; the utterance file fills in a
  caseworker the MITI file leaves empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from mibook.inputs import validate
from mibook.inputs.codebook import MITI_ABBREVIATIONS, Codebook, load_codebook
from mibook.inputs.contracts import MITI, MITI_COUNTS
from mibook.inputs.miti_coding import CODER_EXPECTED
from mibook.inputs.miti_scores import check_computable
from mibook.inputs.problems import InvalidInput, Problem
from mibook.inputs.read import map_unique
from mibook.inputs.recode import norm
from mibook.inputs.validate import Loaded, default_codebook

#: The ten behaviour codes, by long name and by abbreviation, in the normalised form compared.
CODES = {
    **{c: c for c in MITI_COUNTS},
    **{norm(a): c for a, c in MITI_ABBREVIATIONS.items()},
}


def _key(value: object) -> str:
    """A code as compared: trimmed, case-folded, runs of spaces and hyphens as one underscore."""
    return re.sub(r"[\s\-]+", "_", norm(value))


def code_expected(codebook_name: str | None = None) -> str:
    """What a ``code`` cell must hold, in the words of a Problem's ``expected``.

    Examples
    --------
    >>> print(code_expected("cb.yaml"))  # doctest: +ELLIPSIS
    a MITI 4.2.1 behaviour code: giving_information, persuade, ... or an abbreviation GI, ...
    """
    hint = (
        f"; or add the value under miti_utterances.values.code in {codebook_name}"
        if codebook_name
        else "; a team's own labels are mapped with a codebook (miti_utterances.values.code)"
    )
    return (
        "a MITI 4.2.1 behaviour code: "
        + ", ".join(MITI_COUNTS)
        + " or an abbreviation "
        + ", ".join(MITI_ABBREVIATIONS)
        + hint
    )


@dataclass
class Utterances:
    """A validated utterance file and its counts per session.

    Attributes
    ----------
    loaded : Loaded
        The file's rows: ``session_id``, ``code`` (as the contract's behaviour name),
        ``coder_id`` and ``caseworker_id`` (all-missing when absent); the index is the 1-based
        data row.
    counts : pandas.DataFrame
        One row per session (and coder, when the file has ``coder_id``), in order of first
        appearance: ``session_id``, ``coder_id`` and ``caseworker_id`` when the file has them,
        and the ten behaviour counts (``Int64``), then ``first_row``, the session's first row
        in the file.
    """

    loaded: Loaded
    counts: pd.DataFrame

    @property
    def path(self) -> Path:
        """The file."""
        return self.loaded.path

    @property
    def has_coders(self) -> bool:
        """Whether the file has a ``coder_id`` column."""
        return "coder_id" in self.loaded.present


def _codebook(codebook: Codebook | str | Path | None) -> tuple[Codebook, str | None]:
    if codebook is None or codebook == "":
        return default_codebook(), None
    if isinstance(codebook, Codebook):
        return codebook, "the codebook"
    return load_codebook(codebook), str(codebook)


def load(path: str | Path, codebook: Codebook | str | Path | None = None) -> Utterances:
    """Read and check an utterance file and count its rows per session (and coder).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``, ``.xlsx``, ``.sav`` or ``.dta`` file, one row per coded utterance.
    codebook : Codebook, str, pathlib.Path or None
        The study's codebook (its ``miti_utterances`` columns and code labels); None reads the
        file with the contract's names.

    Returns
    -------
    Utterances

    Raises
    ------
    InvalidInput
        For a missing required column, an empty ``session_id`` or ``code``, a code that is
        not a MITI behaviour (nor mapped by the codebook), or a session naming two
        caseworkers; each problem names file, column and row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     p = pathlib.Path(folder) / "u.csv"
    ...     _ = p.write_text("session_id,code\\nS1,Q\\nS1,SR\\nS1,question\\nS2,CR\\n")
    ...     found = load(p)
    >>> found.counts[["session_id", "question", "simple_reflection", "complex_reflection"]]
      session_id  question  simple_reflection  complex_reflection
    0         S1         2                  1                   0
    1         S2         0                  0                   1
    """
    book, book_name = _codebook(codebook)
    loaded = validate.load("miti_utterances", path, codebook)
    return _count(loaded, book, book_name)


def _count(loaded: Loaded, book: Codebook, book_name: str | None) -> Utterances:
    """Map the codes, check them and the caseworkers, and count the rows per session."""
    file = str(loaded.path)
    frame = loaded.frame.copy()
    heading = {name: loaded.headings.get(name, name) for name in frame.columns}
    lookup = dict(CODES)
    for label, code in book.miti_utterances.values.get("code", {}).items():
        lookup[_key(label)] = CODES[_key(code)]
    codes = pd.Series(
        map_unique(frame["code"], lambda v: lookup.get(_key(v)) if isinstance(v, str) else None),
        index=frame.index,
        dtype=object,
    )
    problems = [
        Problem(
            file=file,
            column=heading["code"],
            row=int(row),
            value=str(frame.at[row, "code"]),
            expected=code_expected(book_name),
        )
        for row in frame.index[codes.isna()]
    ]
    frame["code"] = codes
    has_coders = "coder_id" in loaded.present
    keys = ["session_id", "coder_id"] if has_coders else ["session_id"]
    if has_coders:
        problems += [
            Problem(
                file=file,
                column=heading["coder_id"],
                row=int(row),
                value="",
                expected=CODER_EXPECTED,
            )
            for row in frame.index[frame["coder_id"].isna()]
        ]
    if "caseworker_id" in loaded.present:
        problems += _one_caseworker(frame, keys, file, heading)
    if problems:
        raise InvalidInput(sorted(problems, key=lambda p: p.row or 0))
    frame["first_row"] = frame.index
    grouped = frame.groupby(keys, sort=False, dropna=False)
    counts = (
        pd.crosstab([frame[k] for k in keys], frame["code"])
        .reindex(columns=list(MITI_COUNTS), fill_value=0)
        .astype("Int64")
    )
    first = grouped["first_row"].min()
    counts = counts.reindex(first.index)  # order of first appearance
    out = first.index.to_frame(index=False).astype(object)  # ids as text, like the MITI file
    if "caseworker_id" in loaded.present:
        out["caseworker_id"] = grouped["caseworker_id"].first().to_numpy()
    for column in MITI_COUNTS:
        out[column] = counts[column].to_numpy()
    out["first_row"] = first.to_numpy().astype(int)
    loaded.frame = frame.drop(columns="first_row")
    return Utterances(loaded=loaded, counts=out)


def _one_caseworker(frame: pd.DataFrame, keys: list[str], file: str, heading: dict) -> list:
    """A session names one caseworker: the later rows that name another are problems."""
    named = frame.dropna(subset=["caseworker_id"])
    first = named.groupby("session_id", sort=False)["caseworker_id"].first()
    expected = named["session_id"].map(first)
    rows = named.index[named["caseworker_id"] != expected]
    first_row = named.reset_index(names="_row").groupby("session_id", sort=False)["_row"].first()
    return [
        Problem(
            file=file,
            column=heading["caseworker_id"],
            row=int(row),
            value=str(named.at[row, "caseworker_id"]),
            expected=(
                f"one caseworker per session: session {named.at[row, 'session_id']!r} names "
                f"{expected[row]!r} on row {int(first_row[named.at[row, 'session_id']])}"
            ),
        )
        for row in rows
    ]


def _single_coder(frame: pd.DataFrame, file: str, column: str, rows, other: str) -> list:
    """Problems for sessions coded by more than one coder, when the other file has no coders."""
    coders = frame.groupby("session_id", sort=False)["coder_id"].nunique()
    several = set(coders.index[coders > 1])
    if not several:
        return []
    found, seen = [], {}
    for position, (session, coder) in enumerate(zip(frame["session_id"], frame["coder_id"])):
        if session not in several:
            continue
        first = seen.setdefault(session, coder)
        if coder != first:
            found.append(
                Problem(
                    file=file,
                    column=column,
                    row=int(rows[position]),
                    value=str(coder),
                    expected=(
                        f"one coder per session ({session!r} is also coded by {first!r}), because "
                        f"{other} has no coder_id column to pair the coders' ratings and counts"
                    ),
                )
            )
            several.discard(session)  # one line per session
    return found


def combine(miti: Loaded | None, utterances: Utterances) -> Loaded:
    """MITI sessions whose behaviour counts come from an utterance file.

    Parameters
    ----------
    miti : Loaded or None
        The validated MITI file with the global ratings; None when only utterances are given.
    utterances : Utterances
        From :func:`load`.

    Returns
    -------
    Loaded
        One row per session (and coder) of the MITI file, in its order, then the sessions only
        the utterance file names; the ten counts from the utterance file (``Int64``; empty for
        a session no utterance names). ``path`` is the MITI file (the utterance file without
        one); the notices of both files, naming the utterance file by its name only, and one
        saying where the counts came from.

    Raises
    ------
    InvalidInput
        When only one file has ``coder_id`` and it names two coders for a session, when the
        two files name different caseworkers for a session, or when no score can be computed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mibook.inputs.validate import load as load_miti
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     m = pathlib.Path(folder) / "m.csv"
    ...     _ = m.write_text("session_id,partnership,empathy\\nS1,4,4\\nS2,3,4\\n")
    ...     u = pathlib.Path(folder) / "u.csv"
    ...     _ = u.write_text("session_id,code\\nS1,Q\\nS1,SR\\nS2,CR\\nS2,Q\\nS2,Q\\n")
    ...     sessions = combine(load_miti("miti", m), load(u))
    >>> columns = ["session_id", "empathy", "question", "simple_reflection"]
    >>> print(sessions.frame[columns].to_string(index=False))
    session_id  empathy  question  simple_reflection
            S1        4         1                  1
            S2        4         2                  0
    >>> print(sessions.notices[-1])
    behaviour counts from u.csv: 5 utterance(s) counted in 2 session(s)
    """
    counts = utterances.counts
    name = utterances.path.name
    utterance_notices = [n.replace(str(utterances.path), name) for n in utterances.loaded.notices]
    summary = (
        f"behaviour counts from {name}: {len(utterances.loaded.frame)} utterance(s) counted in "
        f"{len(counts)} session(s)"
    )
    if miti is None:
        frame = pd.DataFrame(index=pd.RangeIndex(1, len(counts) + 1, name="row"))
        for spec in MITI.fields:
            if spec.name in counts:
                frame[spec.name] = counts[spec.name].to_numpy()
            elif spec.kind == "integer":
                frame[spec.name] = pd.array([pd.NA] * len(counts), dtype="Int64")
            else:
                frame[spec.name] = pd.Series(np.nan, index=frame.index, dtype=object)
        present = [n for n in MITI.names if n in counts]
        loaded = Loaded(
            frame=frame,
            present=present,
            notices=[*utterance_notices, summary],
            path=utterances.path,
            headings={},
            title=utterances.loaded.title,
        )
        check_computable(loaded.frame, loaded.present, name)
        return loaded

    file = str(miti.path)
    frame = miti.frame.copy()
    miti_coders = "coder_id" in miti.present
    problems: list[Problem] = []
    if utterances.has_coders and not miti_coders:
        problems += _single_coder(
            utterances.loaded.frame,
            str(utterances.path),
            utterances.loaded.headings.get("coder_id", "coder_id"),
            utterances.loaded.frame.index,
            miti.path.name,
        )
    if miti_coders and not utterances.has_coders:
        problems += _single_coder(
            frame,
            file,
            miti.headings.get("coder_id", "coder_id"),
            frame.index,
            name,
        )
    keys = ["session_id", "coder_id"] if miti_coders and utterances.has_coders else ["session_id"]
    if "caseworker_id" in counts and "caseworker_id" in miti.present:
        problems += _caseworker_conflicts(frame, counts, utterances, miti.path.name)
    if problems:
        raise InvalidInput(problems)

    notices = list(miti.notices) + utterance_notices
    had_counts = [c for c in MITI_COUNTS if c in miti.present and frame[c].notna().any()]
    if had_counts:
        notices.append(
            f"{miti.path.name}: its behaviour-count columns are replaced by the counts of {name}"
        )
    merged = frame.drop(columns=list(MITI_COUNTS)).reset_index()
    extra = [k for k in ("coder_id", "caseworker_id") if k in counts and k not in keys]
    right = counts.drop(columns=["first_row"]).rename(columns={k: f"_{k}" for k in extra})
    merged = merged.merge(right, on=keys, how="outer", indicator=True, sort=False)
    only_miti = int((merged["_merge"] == "left_only").sum())
    only_utterances = merged["_merge"] == "right_only"
    if only_miti:
        notices.append(
            f"{only_miti} session(s) of {miti.path.name} have no utterance in {name}; their "
            "behaviour counts are left empty"
        )
    if only_utterances.any():
        notices.append(
            f"{int(only_utterances.sum())} session(s) of {name} are not in {miti.path.name}; "
            "they are added without global ratings"
        )
        start = int(merged["row"].max()) if merged["row"].notna().any() else 0
        merged.loc[only_utterances, "row"] = np.arange(start + 1, start + 1 + only_utterances.sum())
    for k in extra:  # the other file's coder or caseworker fills the gaps
        merged[k] = merged[k].where(merged[k].notna(), merged[f"_{k}"])
    merged = merged.drop(columns=[*(f"_{k}" for k in extra), "_merge"])
    merged["row"] = merged["row"].astype(int)
    merged = merged.set_index("row")
    for column in MITI_COUNTS:
        merged[column] = merged[column].astype("Int64")
    for spec in MITI.fields:
        if spec.kind == "integer":
            merged[spec.name] = merged[spec.name].astype("Int64")
        else:
            merged[spec.name] = merged[spec.name].astype(object)
    merged = merged[MITI.names]
    present = set(miti.present) | set(MITI_COUNTS) | {k for k in extra if merged[k].notna().any()}
    loaded = replace(
        miti,
        frame=merged,
        present=[n for n in MITI.names if n in present],
        notices=[*notices, summary],
    )
    check_computable(loaded.frame, loaded.present, file)
    return loaded


def _caseworker_conflicts(frame, counts, utterances: Utterances, miti_name: str) -> list:
    stated = frame.dropna(subset=["caseworker_id"]).groupby("session_id")["caseworker_id"].first()
    theirs = counts.dropna(subset=["caseworker_id"])
    expected = theirs["session_id"].map(stated)
    clash = theirs[expected.notna() & (expected != theirs["caseworker_id"])]
    return [
        Problem(
            file=str(utterances.path),
            column=utterances.loaded.headings.get("caseworker_id", "caseworker_id"),
            row=int(row.first_row),
            value=str(row.caseworker_id),
            expected=(
                f"the caseworker {miti_name} names for session {row.session_id!r}, "
                f"{stated[row.session_id]!r}"
            ),
        )
        for row in clash.itertuples()
    ]


__all__ = ["CODES", "Utterances", "code_expected", "combine", "load"]
