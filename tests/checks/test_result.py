"""The result type every check returns (``mibook.checks.result``)."""

from __future__ import annotations

import dataclasses

import pytest

from mibook.checks import ROUNDING_RULES, CheckResult, grim


def test_check_result_type():
    r = grim("5.19", 28)
    assert isinstance(r, CheckResult) and r.consistent is False and r.check == "grim"
    assert r.n_items == 28 and r.extras["n_items"] == 28
    with pytest.raises(AttributeError):
        _ = r.no_such_extra
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.consistent = True  # frozen
    with pytest.raises(TypeError):
        r.extras["x"] = 1  # read-only
    assert hash(r) == hash(grim("5.19", 28))
    assert "INCONSISTENT" in str(r)
    assert set(ROUNDING_RULES) >= {"either", "up_or_down", "half_up", "half_even", "half_down"}
    with pytest.raises(ValueError):
        grim("5.19", 28, rounding="banker")
