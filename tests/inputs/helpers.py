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
