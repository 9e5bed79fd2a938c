"""A validated input saved once per run, so that every chapter reads it without validating again.

``mibook run`` reads and validates each file once (a 200,000-row workbook costs seconds to read)
and saves the result in the run's scratch folder as a *typed intermediate*: a CSV of the typed
frame (codes, whole numbers, "don't know" answers marked) and a JSON file of what the chapters
need besides the cells (the file's name, notices, present columns, the codebook's items and
categories, the study title). Chapters are then given the JSON file as their input path.

A text format is used on purpose: the intermediate must never be able to run code when a chapter
opens it (as a pickle could, if a path pointed at a hostile file), and pandas reads a typed CSV
with known column types quickly.

Examples
--------
>>> import tempfile, pathlib
>>> from mibook.inputs.validate import load
>>> with tempfile.TemporaryDirectory() as folder:
...     source = pathlib.Path(folder) / "r.csv"
...     _ = source.write_text("respondent_id,gender,satisfaction\\nA,female,5\\nB,,4\\n")
...     saved = save(load("respondents", source), "respondents", pathlib.Path(folder))
...     again = read(saved)
>>> again.frame["satisfaction"].tolist(), again.path.name
([5, 4], 'r.csv')
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mibook.files import write_text_atomic
from mibook.inputs.codebook import Item
from mibook.inputs.validate import Loaded

#: The suffix of the JSON half of a typed intermediate (the path chapters are given).
SUFFIX = ".typed.json"
#: How a "don't know" answer is written in the CSV half (never a valid cell of any contract).
DONT_KNOW = "\x1fdont_know"
FORMAT = 1


def is_typed(path: str | Path) -> bool:
    """Whether ``path`` names a typed intermediate (by its suffix)."""
    return str(path).endswith(SUFFIX)


def save(loaded: Loaded, kind: str, folder: Path) -> Path:
    """Write ``loaded`` as ``folder/KIND.typed.json`` and ``.typed.csv``; return the JSON path.

    Parameters
    ----------
    loaded
        A validated input.
    kind
        Its input kind (``"respondents"``, ``"miti"`` …), which names the files.
    folder
        The run's scratch folder.
    """
    frame = loaded.frame.astype(object).where(loaded.frame.notna(), "")
    if loaded.dont_know is not None:
        for column in loaded.dont_know.columns:
            if column in frame and loaded.dont_know[column].any():
                frame.loc[loaded.dont_know[column].to_numpy(), column] = DONT_KNOW
    table = folder / f"{kind}.typed.csv"
    write_text_atomic(table, frame.to_csv(lineterminator="\n"))
    meta = {
        "format": FORMAT,
        "kind": kind,
        "table": table.name,
        "name": loaded.path.name,
        "integers": [c for c in loaded.frame.columns if str(loaded.frame[c].dtype) == "Int64"],
        "present": loaded.present,
        "notices": [n.replace(str(loaded.path), loaded.path.name, 1) for n in loaded.notices],
        "items": [item.model_dump() for item in loaded.items],
        "categories": loaded.categories,
        "headings": loaded.headings,
        "title": loaded.title,
    }
    target = folder / f"{kind}{SUFFIX}"
    write_text_atomic(target, json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return target


def read(path: str | Path) -> Loaded:
    """The :class:`~mibook.inputs.validate.Loaded` input that :func:`save` wrote."""
    path = Path(path)
    meta = json.loads(path.read_text(encoding="utf-8"))
    text = pd.read_csv(
        path.parent / meta["table"], dtype=object, keep_default_na=False, index_col="row"
    )
    dont_know = text == DONT_KNOW
    frame = {}
    for column in text.columns:
        cells = text[column].where(~dont_know[column] & (text[column] != ""), np.nan)
        if column in meta["integers"]:
            frame[column] = pd.to_numeric(cells).astype("Float64").astype("Int64")
        else:
            frame[column] = cells.astype(object)
    typed = pd.DataFrame(frame, index=text.index)
    return Loaded(
        frame=typed,
        present=list(meta["present"]),
        notices=list(meta["notices"]),
        path=Path(meta["name"]),
        dont_know=dont_know if dont_know.to_numpy().any() else dont_know & False,
        items=tuple(Item.model_validate(item) for item in meta["items"]),
        categories=dict(meta["categories"]),
        headings=dict(meta["headings"]),
        title=meta["title"],
    )
