"""Atomic writes (``mibook.files``)."""


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
