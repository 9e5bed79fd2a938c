"""`mibook run` end to end with every kind of input, as a researcher would call it."""

import json
import re

import pytest

MITI_FULL = (
    "session_id,caseworker_id,cultivating_change_talk,softening_sustain_talk,partnership,empathy,"
    "giving_information,persuade,persuade_with_permission,question,simple_reflection,complex_reflection,"
    "affirm,seeking_collaboration,emphasizing_autonomy,confront\n"
    + "".join(
        f"s{k},cw{k % 3},{2 + k % 4},{3 + k % 3},{2 + k % 4},{3 + k % 2},{k % 5},{k % 2},{k % 3},{5 + k},{4 + k % 6},{2 + k % 5},{k % 4},{k % 3},{k % 2},{k % 2}\n"
        for k in range(12)
    )
)
COMPARISON = (
    "study,country,re_aim_dimension,theme,kind,finding,source\n"
    "Our pilot 2026,Denmark,adoption,workload,barrier,Caseworkers had no time set aside for the sessions.,Results\n"
    "Our pilot 2026,Denmark,implementation,managerial_support,facilitator,Unit leads joined the supervision meetings.,Results\n"
)


def _text(path):
    html = path.read_text(encoding="utf-8")
    body = html[html.find("<main") : html.find("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from conftest import run_cli

    folder = tmp_path_factory.mktemp("inputs")
    (folder / "miti.csv").write_text(MITI_FULL)
    (folder / "comparison.csv").write_text(COMPARISON)
    out = folder / "report"
    result = run_cli(
        "run",
        "--miti",
        folder / "miti.csv",
        "--comparison",
        folder / "comparison.csv",
        "--out",
        out,
        "--jobs",
        "2",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_user_miti_file_gives_summary_and_proficiency_tables(report):
    summary = (report / "tables" / "miti_summary.csv").read_text().splitlines()
    assert summary[0] == "measure,n,mean,sd,min,max"
    measures = [line.split(",")[0] for line in summary[1:]]
    assert measures == [
        "cultivating_change_talk",
        "softening_sustain_talk",
        "partnership",
        "empathy",
        "technical",
        "relational",
        "percent_complex_reflections",
        "reflection_to_question",
        "total_mi_adherent",
        "total_mi_non_adherent",
    ]
    assert all(line.split(",")[1] == "12" for line in summary[1:])
    proficiency = (report / "tables" / "miti_proficiency.csv").read_text().splitlines()
    assert proficiency[0] == "measure,level,threshold,n,n_at_or_above,percent_at_or_above"
    assert len(proficiency) == 1 + 8


def test_user_comparison_rows_appear_in_the_report(report):
    rows = (report / "tables" / "comparison_rows.csv").read_text()
    assert "Our pilot 2026" in rows
    assert "Our pilot 2026" in _text(report / "html" / "comparison.html")


def test_reports_hide_the_injected_parameters(report):
    nb = json.loads((report / "notebooks" / "miti_fidelity.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and all("remove-cell" in c["metadata"]["tags"] for c in injected)
    assert "miti_csv =" not in _text(report / "html" / "miti_fidelity.html")


def test_counts_only_and_globals_only_files_both_give_a_report(tmp_path, cli):
    header = MITI_FULL.splitlines()[0].split(",")
    rows = [line.split(",") for line in MITI_FULL.splitlines()[1:]]
    for name, keep in (("counts", [0, 1] + list(range(6, 16))), ("globals", [0, 2, 3, 4, 5])):
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(",".join(r[i] for i in keep) for r in [header, *rows]) + "\n")
        out = tmp_path / f"report_{name}"
        result = cli("run", "--miti", path, "--out", out, "--jobs", "2")
        assert result.returncode == 0, result.stdout + result.stderr
        measures = {
            line.split(",")[0]
            for line in (out / "tables" / "miti_summary.csv").read_text().splitlines()[1:]
        }
        if name == "counts":
            assert measures == {
                "percent_complex_reflections",
                "reflection_to_question",
                "total_mi_adherent",
                "total_mi_non_adherent",
            }
            assert "no global ratings" in _text(out / "html" / "miti_fidelity.html")
        else:
            assert measures == {
                "cultivating_change_talk",
                "softening_sustain_talk",
                "partnership",
                "empathy",
                "technical",
                "relational",
            }
