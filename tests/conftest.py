import os

import pytest
from hypothesis import settings

from tests.helpers import run_cli

# Property tests draw the same examples on every run, so a CI result can be reproduced; set
# HYPOTHESIS_PROFILE=explore to search new random examples while developing.
settings.register_profile("reproducible", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))


@pytest.fixture
def cli():
    return run_cli
