"""environment.yml, pyproject.toml and requirements.lock must name the same pins."""

import re
import tomllib

from mibook import paths


def _pins(lines):
    out = {}
    for line in lines:
        m = re.fullmatch(r"\s*-?\s*([A-Za-z0-9_.\-]+)==([^\s#]+)\s*", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def test_pyproject_pins_are_exact_and_match_environment_yml():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + sum(project["optional-dependencies"].values(), [])
    assert all("==" in d for d in direct), "every direct dependency is pinned with =="
    pyproject = _pins(direct)
    env_lines = (paths.ROOT / "environment.yml").read_text().splitlines()
    environment = _pins(
        line for line in env_lines if line.strip().startswith("- ") and "==" in line
    )
    assert environment == pyproject


def test_lock_contains_every_direct_pin_at_the_same_version():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    direct = _pins(project["dependencies"] + sum(project["optional-dependencies"].values(), []))
    lock = _pins((paths.ROOT / "requirements.lock").read_text().splitlines())
    assert all(
        "==" in line
        for line in (paths.ROOT / "requirements.lock").read_text().splitlines()
        if line.strip()
    )
    for name, version in direct.items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"
