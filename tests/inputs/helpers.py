"""Shared by tests/inputs/: writing a small file and collecting the problems ``load`` reports."""

import pytest

from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path, kind="respondents"):
    with pytest.raises(InvalidInput) as err:
        load(kind, path)
    return err.value.problems


def write_sav(path, frame, labels=None, value_labels=None, missing=None):
    """``frame`` as an SPSS file: ``labels`` the variable labels (a dict by column),
    ``value_labels`` per column, ``missing`` the user-missing codes per column."""
    import pyreadstat

    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[(labels or {}).get(c) for c in frame.columns] if labels else None,
        variable_value_labels=value_labels or {},
        missing_ranges=missing or {},
    )
    return path


def problems_with(path, codebook, kind="respondents"):
    """The problems ``load`` reports for ``path`` read with ``codebook``."""
    with pytest.raises(InvalidInput) as err:
        load(kind, path, codebook)
    return err.value.problems
