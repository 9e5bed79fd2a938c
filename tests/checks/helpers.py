"""Shared by the tests of tests/checks/: the oracle file, hypothesis settings, rounding rules."""

import json
from fractions import Fraction

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from mibook.checks import round_exact
from tests.helpers import ORACLES

ORACLE = json.loads(ORACLES.read_text(encoding="utf-8"))
F = Fraction
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES = st.sampled_from(
    ["either", "half_up", "half_down", "half_even", "truncate", "ceiling", "floor"]
)


def _printed(value, places, rule):
    return round_exact(value, places, "half_up" if rule == "either" else rule)
