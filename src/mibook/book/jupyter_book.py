"""Building HTML with Jupyter Book, warnings as errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def jupyter_book_build(source: Path, output: Path | None = None, say=print) -> tuple[bool, str]:
    """``jupyter-book build`` with warnings as errors; returns (ok, captured log)."""
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(source),
        "--warningiserror",
        "--keep-going",
        "--quiet",
    ]
    if output is not None:
        command += ["--path-output", str(output)]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    log = proc.stdout + proc.stderr
    return proc.returncode == 0, log
