"""`make verify`: rebuild everything from scratch in a clean clone and compare byte for byte.

1. ``git clone`` the current HEAD into a temporary folder (uncommitted changes are not included:
   this checks what is committed);
2. reuse this checkout's ``.venv`` (symlinked; the clone's ``src/`` comes first on PYTHONPATH, so
   the clone's package is what runs, in the CLI and in the kernels);
3. run ``mibook reconstruct`` and ``mibook build --force`` there;
4. compare every executed notebook in ``book/``, every table in ``book/tables/`` and every file in
   ``data/reconstructed/`` with the committed version, printing the differences or "no
   difference". Exit 1 on any difference (or failed step), 0 otherwise.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("book/*.ipynb", "book/tables/*", "data/reconstructed/*")


def snapshot(root: Path) -> dict[str, bytes]:
    """The bytes of every compared file under ``root`` (hidden files left out), by path."""
    files = {}
    for pattern in COMPARED:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def step(command: list[str], cwd: Path, env: dict) -> None:
    """Run one step of the rebuild; on failure, print its output's end and exit."""
    print("$ " + " ".join(command), flush=True)
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-4000:] + proc.stderr[-4000:])
        sys.exit(f"verify: step failed (exit {proc.returncode}): {' '.join(command)}")


def show_difference(name: str, old: bytes | None, new: bytes | None, limit: int = 40) -> None:
    """Print how a file differs: missing, or its hashes and up to ``limit`` lines of diff."""
    if old is None or new is None:
        print(f"DIFFERENT {name}: {'not committed' if old is None else 'not regenerated'}")
        return
    print(
        f"DIFFERENT {name}: sha256 {hashlib.sha256(old).hexdigest()[:12]} (committed) vs "
        f"{hashlib.sha256(new).hexdigest()[:12]} (rebuilt)"
    )
    try:
        lines = list(
            difflib.unified_diff(
                old.decode().splitlines(),
                new.decode().splitlines(),
                "committed/" + name,
                "rebuilt/" + name,
                lineterm="",
                n=1,
            )
        )
    except UnicodeDecodeError:
        print("  (binary)")
        return
    for line in lines[:limit]:
        print("  " + line[:200])
    if len(lines) > limit:
        print(f"  ... {len(lines) - limit} more diff lines")


def main() -> int:
    """Clone, rebuild and compare; 1 on any difference or failed step, 0 otherwise."""
    venv = Path(os.environ.get("VENV", ROOT / ".venv")).resolve()
    python = venv / "bin" / "python"
    with tempfile.TemporaryDirectory(prefix="mibook-verify-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True
        )
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True
        ).stdout.strip()
        print(f"verify: clean clone of HEAD {head} in {clone}")
        (clone / ".venv").symlink_to(venv)
        committed = snapshot(clone)
        env = dict(os.environ, PYTHONPATH=str(clone / "src"), PYTHONHASHSEED="0")
        env.pop("MPLBACKEND", None)
        check = subprocess.run(
            [str(python), "-c", "import mibook.paths as p; print(p.ROOT)"],
            env=env,
            cwd=clone,
            capture_output=True,
            text=True,
        )
        if Path(check.stdout.strip()).resolve() != clone.resolve():
            sys.exit(
                f"verify: the clone's package is not the one imported ({check.stdout.strip()} "
                f"{check.stderr.strip()})"
            )
        step([str(python), "-m", "mibook", "reconstruct"], clone, env)
        step([str(python), "-m", "mibook", "build", "--force"], clone, env)
        rebuilt = snapshot(clone)
    different = 0
    for name in sorted(set(committed) | set(rebuilt)):
        if committed.get(name) != rebuilt.get(name):
            different += 1
            show_difference(name, committed.get(name), rebuilt.get(name))
    if different:
        print(f"verify: {different} of {len(set(committed) | set(rebuilt))} files differ")
        return 1
    print(
        f"verify: no difference ({len(committed)} files: executed notebooks, tables, reconstructed "
        "data)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
