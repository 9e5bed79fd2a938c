"""Every exercise's commands run as written (issue 16: "a test that runs every exercise's command").

The exercises at the end of each template (``{exercise}`` directives in its markdown cells) tell
the reader to run shell commands: indented lines starting with ``.venv/bin/`` (a line ending in
``\\`` continues on the next), run in the order written. An exercise that gives only the
parameters to change, as an inline ``-p name value``, means the chapter's papermill command with
those parameters; it is run as ``.venv/bin/papermill notebooks/<template>.ipynb out.ipynb -p
name value -p output_dir my_tables``.

Each exercise runs in a fresh temporary folder laid out like the project root: ``.venv`` links to
the project's environment, and ``notebooks/``, ``data/`` and ``book/tables`` and
``book/templates`` are copies, so a command that wrote beside its inputs would write into the
copy, never into the repository. What the reader must make by hand (a file of their own site or
sessions, the numbers M, S and N of a Table 3 row) is prepared the way the exercise says, in
:data:`PREPARE` and :data:`FILL`. A command must exit 0; every file the exercise tells the reader
to open (a name in backticks under a folder the commands create) must then exist; a command that
prints must print something; and nothing the commands name may appear in the repository.

These tests carry no marker, so ``make test`` runs them (one to two minutes; the exercises that
build a report with ``mibook run`` take longest).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mibook import paths, published
from mibook.inputs.contracts import MITI_COUNTS, MITI_GLOBALS
from mibook.published.reading import N_SESSIONS

ROOT = paths.ROOT
TEMPLATES = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
EXERCISE = re.compile(r"```\{exercise\}\n:label: ([\w-]+)\n(.*?)```", re.S)
TIMEOUT = 600


def _commands(body: str) -> list[str]:
    """The shell commands of an exercise: indented ``.venv/bin/`` lines, continuations joined."""
    commands, current = [], None
    for line in body.splitlines():
        text = line[4:] if line.startswith("    ") else None
        if current is not None:
            if text is None:
                raise AssertionError(f"a command ends in a continuation: {current}")
            current += " " + text.strip()
        elif text is not None and text.lstrip().startswith(".venv/bin/"):
            current = text.strip()
        if current is not None and not current.endswith("\\"):
            commands.append(current)
            current = None
        elif current is not None:
            current = current[:-1].rstrip()
    return commands


def exercises() -> list[tuple[str, str, str]]:
    """(template stem, exercise label, body) of every exercise of every template."""
    found = []
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for label, body in EXERCISE.findall("".join(cell["source"])):
                found.append((template.stem, label, body))
    return found


def commands_of(template: str, body: str) -> list[str]:
    """The commands an exercise asks for, as written (or built from its inline parameters)."""
    written = _commands(body)
    if written:
        return written
    inline = re.findall(r"`(-p \w+ [^`\s]+)`", body)
    if inline:
        return [
            f".venv/bin/papermill notebooks/{template}.ipynb out.ipynb {' '.join(inline)} "
            "-p output_dir my_tables"
        ]
    return []


def _write_site(folder: Path) -> None:
    """my_site.csv: three findings of an invented site, in the comparison template's columns."""
    template = paths.BOOK / "templates" / "comparison_template.csv"
    with template.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    rows = [
        ("implementation", "workload", "barrier", "Staff had no time set aside for the talks."),
        ("maintenance", "peer_support", "barrier", "Practice groups stopped after the course."),
        ("adoption", "motivation", "facilitator", "Most staff wanted to learn the method."),
    ]
    with (folder / "my_site.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for dimension, theme, kind, finding in rows:
            row = dict.fromkeys(header, "")
            row.update(
                study="Test site 2026",
                country="Testland",
                re_aim_dimension=dimension,
                theme=theme,
                kind=kind,
                finding=finding,
                source="Interview notes",
            )
            writer.writerow(row)


def _write_sessions(folder: Path) -> None:
    """my_sessions.csv: three role-played sessions, four global ratings and ten counts each."""
    header = ["session_id", "caseworker_id", *MITI_GLOBALS, *MITI_COUNTS]
    sessions = [
        ["R1", "me", 3, 2, 4, 3, 5, 2, 1, 9, 4, 2, 1, 1, 1, 0],
        ["R2", "me", 4, 4, 4, 4, 2, 0, 1, 6, 5, 5, 2, 2, 2, 0],
        ["R3", "me", 2, 3, 3, 2, 8, 4, 0, 12, 3, 0, 0, 0, 1, 1],
    ]
    with (folder / "my_sessions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(sessions)


#: What the reader makes by hand before an exercise's commands, keyed by the exercise.
PREPARE = {
    "ex-comparison-own-site": _write_site,
    "ex-miti-own-sessions": _write_sessions,
}

#: Placeholders the reader fills in, keyed by the exercise: a Table 3 mean and SD as printed
#: and the number of coded sessions.
FILL = {
    "ex-audit-rounding": {
        "--mean M": f"--mean {published.value('no_t3_partnership_mean')}",
        "--sd S": f"--sd {published.value('no_t3_partnership_sd')}",
        "--n N": f"--n {N_SESSIONS}",
    },
}

#: Folders and files the commands create, as named in the exercises.
CREATED = re.compile(r"^(?:out\.ipynb|my_[\w.-]+)")


def _workspace(folder: Path) -> None:
    """A folder laid out like the project root, with copies of what the commands read."""
    (folder / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    shutil.copytree(paths.NOTEBOOKS, folder / "notebooks")
    shutil.copytree(paths.DATA, folder / "data")
    for part in ("tables", "templates"):
        shutil.copytree(paths.BOOK / part, folder / "book" / part)


def _named_outputs(body: str, commands: list[str]) -> set[str]:
    """The paths, relative to the root, that the exercise tells the reader to open or write."""
    named = set(re.findall(r"`([^`\s]+)`", body))
    for command in commands:
        named |= set(re.findall(r"(?:output_dir|--out)\s+(\S+)", command))
        named |= set(re.findall(r"to_csv\('([^']+)'", command))
        named |= set(re.findall(r"\s(out\.ipynb)\s", command))
    return {n for n in named if CREATED.match(n)}


EXERCISES = exercises()


def test_the_exercises_are_found():
    labels = [label for _, label, _ in EXERCISES]
    assert len(labels) >= 10 and len(labels) == len(set(labels))
    assert {t for t, _, _ in EXERCISES} >= {"sample_characteristics", "audit", "comparison"}


def test_commands_are_read_as_written():
    body = (
        "Run\n\n    .venv/bin/papermill a.ipynb out.ipynb \\\n        -p x 1\n"
        "    .venv/bin/mibook feasible --mean M\n\nthen `-p y 2`.\n"
    )
    assert _commands(body) == [
        ".venv/bin/papermill a.ipynb out.ipynb -p x 1",
        ".venv/bin/mibook feasible --mean M",
    ]
    assert commands_of("t", "Check with `-p sd_divisor n`.") == [
        ".venv/bin/papermill notebooks/t.ipynb out.ipynb -p sd_divisor n -p output_dir my_tables"
    ]
    assert commands_of("t", "Think about it.") == []


@pytest.mark.parametrize(
    ("template", "label", "body"), EXERCISES, ids=[label for _, label, _ in EXERCISES]
)
def test_exercise_commands_run_as_written(template, label, body, tmp_path):
    commands = commands_of(template, body)
    assert commands, f"{label} ({template}): no command to run"
    for command in commands:
        assert command.startswith(".venv/bin/"), command
    in_root_before = {n for n in _named_outputs(body, commands) if (ROOT / n).exists()}
    _workspace(tmp_path)
    if label in PREPARE:
        PREPARE[label](tmp_path)
    for command in commands:
        for placeholder, value in FILL.get(label, {}).items():
            command = command.replace(placeholder, value)
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert done.returncode == 0, (
            f"{label}: `{command}` exited {done.returncode}\n"
            f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
        )
        if "print(" in command or "mibook feasible" in command:
            assert done.stdout.strip(), f"{label}: `{command}` printed nothing"
    outputs = _named_outputs(body, commands)
    for name in sorted(outputs):
        assert (tmp_path / name).exists(), f"{label}: the exercise names {name}; it was not made"
        assert name in in_root_before or not (ROOT / name).exists(), (
            f"{label}: {name} was written into the repository"
        )
