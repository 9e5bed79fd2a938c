"""Executing the chapter notebooks (``mibook.book.execute``): what is stripped from an executed
notebook, and which notebooks start first."""

from mibook.book import execute


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
