"""`mibook build --force` must reproduce the committed notebooks byte for byte."""

import hashlib
import shutil
import subprocess

import pytest

from mibook import paths
from mibook.book import build, execute


def _digests():
    files = sorted(
        p for p in paths.BOOK.rglob("*") if p.is_file() and p != build.MANIFEST
    ) + sorted(paths.RECONSTRUCTED.glob("*"))
    return {
        p.relative_to(paths.ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
    }


def _git_status():
    if shutil.which("git") is None or not (paths.ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(
        ["git", "status", "--porcelain", "--", "book", "data"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_force_build_leaves_git_status_and_bytes_unchanged(cli):
    status_before, digests_before = _git_status(), _digests()
    result = cli("build", "--force", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "html written" in result.stdout
    assert _digests() == digests_before
    assert _git_status() == status_before
    assert (paths.HTML / "index.html").exists()
    # A second build has nothing to do.
    again = cli("build")
    assert again.returncode == 0
    assert "executing" not in again.stdout and "html up to date" in again.stdout


def test_clean_notebook_strips_volatile_metadata():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "start_time": "2026",
        "input_path": "/home/x/t.ipynb",
        "parameters": {"a": 1},
    }
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["papermill"] = {"duration": 1.0}
    cell.metadata["execution"] = {"iopub.execute_input": "2026"}
    nb.cells.append(cell)
    cleaned = execute.clean_notebook(nb)
    assert cleaned.metadata["papermill"] == {"parameters": {"a": 1}}
    assert (
        "papermill" not in cleaned.cells[0].metadata
        and "execution" not in cleaned.cells[0].metadata
    )


def test_atomic_write_leaves_identical_files_untouched(tmp_path):
    import os

    from mibook.files import write_text_atomic

    target = tmp_path / "t.csv"
    write_text_atomic(target, "a,b\n1,2\n")
    os.utime(target, (1_000_000, 1_000_000))
    write_text_atomic(target, "a,b\n1,2\n")
    assert target.stat().st_mtime == 1_000_000
    write_text_atomic(target, "a,b\n1,3\n")
    assert target.read_text() == "a,b\n1,3\n" and target.stat().st_mtime != 1_000_000
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_longest_notebooks_start_first(tmp_path, monkeypatch):
    import json

    monkeypatch.setattr(execute, "DURATIONS", tmp_path / "durations.json")
    jobs = [("t", f"/x/{name}.ipynb", {}, "/x") for name in ("a", "b", "c", "new")]
    assert execute.longest_first(jobs) == jobs  # nothing timed yet: order kept
    execute.remember_durations({"a": 1.0, "b": 3.0, "c": 2.0})
    assert [j[1] for j in execute.longest_first(jobs)] == [
        "/x/new.ipynb",
        "/x/b.ipynb",
        "/x/c.ipynb",
        "/x/a.ipynb",
    ]
    assert json.loads((tmp_path / "durations.json").read_text())["b"] == 3.0
