"""Every template has a tagged parameters cell of plain scalars and no outputs."""

import json

import papermill
import pytest

from mibook import paths
from mibook.book.registry import CHAPTERS, REPORT_CHAPTERS

TEMPLATES = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_chapter_has_a_template_and_every_template_a_chapter():
    assert {t.stem for t in TEMPLATES} == {c.name for c in (*CHAPTERS, *REPORT_CHAPTERS)}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_parameters_are_plain_scalars(template):
    parameters = papermill.inspect_notebook(str(template))
    assert parameters, "no cell tagged 'parameters'"
    for name, spec in parameters.items():
        assert spec["inferred_type_name"] in {"str", "int", "float", "bool"}, name
    assert "output_dir" in parameters


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_template_is_committed_without_outputs_and_with_python3_kernel(template):
    nb = json.loads(template.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    tags = [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert tags.count("parameters") == 1


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_executed_notebook_is_committed_clean(chapter):
    executed = paths.BOOK / f"{chapter.name}.ipynb"
    text = executed.read_text()
    assert '"start_time"' not in text and '"duration"' not in text
    assert str(paths.ROOT) not in text
    nb = json.loads(text)
    assert nb["metadata"]["papermill"] == {"parameters": {}}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            assert "Traceback" not in json.dumps(output)
