"""Whose ratings a MITI summary uses when sessions are coded more than once.

A coding team codes most sessions once and a share twice, to check reliability. The contract
("MITI, as coding teams deliver it"):

* the *primary coder* is the parameter ``primary_coder``; by default the coder with the most
  sessions, ties broken by sorted name;
* the *second coder* is the coder who shares the most sessions with the primary coder (ties by
  sorted name); the *reliability subset* is the sessions both coded.

Where the contract is silent: every session is summarised once, with the primary coder's ratings
where the primary coder rated it; a session the primary coder did not rate uses the ratings of
the coder who comes first in the same order (most sessions, then name). The coder behind each
session's values is the ``coder_id`` of ``miti_sessions.csv``.
"""

from __future__ import annotations

import pandas as pd


def coder_order(frame: pd.DataFrame) -> list[str]:
    """The coders, most sessions first, ties by sorted name; empty without coder ids.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S2", "S1", "S3"],
    ...                       "coder_id": ["B", "B", "A", "A"]})
    >>> coder_order(frame)
    ['A', 'B']
    """
    if "coder_id" not in frame or not frame["coder_id"].notna().any():
        return []
    sessions = frame.dropna(subset=["coder_id"]).groupby("coder_id")["session_id"].nunique()
    return sorted(sessions.index, key=lambda c: (-int(sessions[c]), str(c)))


def default_primary(frame: pd.DataFrame) -> str | None:
    """The contract's default primary coder: most sessions, ties by sorted name.

    Examples
    --------
    >>> default_primary(pd.DataFrame({"session_id": ["S1", "S2"], "coder_id": ["B", "B"]}))
    'B'
    >>> default_primary(pd.DataFrame({"session_id": ["S1"]})) is None
    True
    """
    order = coder_order(frame)
    return order[0] if order else None


def second_coder(frame: pd.DataFrame, primary: str | None) -> str | None:
    """The coder sharing the most sessions with ``primary`` (ties by sorted name), or None.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S2", "S1", "S2", "S1"],
    ...                       "coder_id": ["A", "A", "C", "C", "B"]})
    >>> second_coder(frame, "A")
    'C'
    >>> second_coder(frame.iloc[:2], "A") is None
    True
    """
    if primary is None or "coder_id" not in frame:
        return None
    mine = set(frame.loc[frame["coder_id"] == primary, "session_id"])
    others = frame[(frame["coder_id"] != primary) & frame["session_id"].isin(mine)]
    if others.empty:
        return None
    shared = others.dropna(subset=["coder_id"]).groupby("coder_id")["session_id"].nunique()
    return sorted(shared.index, key=lambda c: (-int(shared[c]), str(c)))[0]


def shared_sessions(frame: pd.DataFrame, first: str | None, second: str | None) -> list[str]:
    """The sessions both coders rated, in the order of the first coder's rows.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S2", "S1", "S1", "S2", "S3"],
    ...                       "coder_id": ["A", "A", "B", "B", "B"]})
    >>> shared_sessions(frame, "A", "B")
    ['S2', 'S1']
    """
    if first is None or second is None:
        return []
    theirs = set(frame.loc[frame["coder_id"] == second, "session_id"])
    mine = frame.loc[frame["coder_id"] == first, "session_id"]
    return [s for s in mine if s in theirs]


def one_per_session(frame: pd.DataFrame, primary: str | None = None) -> pd.DataFrame:
    """One row per session: the primary coder's, else the first coder's in :func:`coder_order`.

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI rows; with ``coder_id``, a session may appear once per coder.
    primary : str, optional
        The primary coder (default: :func:`default_primary`).

    Returns
    -------
    pandas.DataFrame
        The chosen rows, in the order of the file. A frame without coder ids is returned as it
        is.

    Raises
    ------
    ValueError
        When ``primary`` is given but codes no session of the frame.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S1", "S2", "S3", "S3"],
    ...                       "coder_id": ["A", "B", "B", "B", "C"],
    ...                       "empathy": [4, 3, 5, 2, 2]})
    >>> one_per_session(frame, "A")[["session_id", "coder_id", "empathy"]].to_dict("list")
    {'session_id': ['S1', 'S2', 'S3'], 'coder_id': ['A', 'B', 'B'], 'empathy': [4, 5, 2]}
    """
    order = coder_order(frame)
    if not order:
        return frame
    if primary is None:
        primary = order[0]
    if primary not in order:
        raise ValueError(
            f"primary_coder {primary!r} rated no session; the coders are: "
            + ", ".join(repr(c) for c in order)
        )
    rank = {c: k for k, c in enumerate([primary, *[c for c in order if c != primary]])}
    position = frame["coder_id"].map(rank).fillna(len(rank))
    chosen = (
        pd.DataFrame({"session": frame["session_id"].to_numpy(), "rank": position.to_numpy()})
        .reset_index(drop=True)
        .sort_values(["rank"], kind="stable")
        .drop_duplicates("session", keep="first")
        .index.sort_values()
    )
    return frame.iloc[chosen]


__all__ = ["coder_order", "default_primary", "one_per_session", "second_coder", "shared_sessions"]
