"""`mibook build --force` must reproduce the committed notebooks byte for byte
(``mibook.book.build``)."""

import hashlib
import shutil
import subprocess

import pytest

from mibook import paths
from mibook.book import build


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
