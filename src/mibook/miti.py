"""MITI 4.2.1 scores per coded session, their summaries and the share of sessions over thresholds.

Formulas (per session, MITI 4.2.1; see ``/work/shared/CONTRACT.md``):

* technical = (cultivating_change_talk + softening_sustain_talk) / 2
* relational = (partnership + empathy) / 2
* percent_complex_reflections = 100 * CR / (SR + CR)
* reflection_to_question = (SR + CR) / question
* total_mi_adherent = seeking_collaboration + affirm + emphasizing_autonomy
* total_mi_non_adherent = confront + persuade

A score is computed only when every column it needs is present in the file; a session with a
missing component or a zero denominator has no value for that score (excluded from its n).
What could not be computed is returned as plain sentences (:func:`not_computable`), never raised,
except that a file from which *no* score at all can be computed is invalid input
(:func:`check_computable`).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from mibook.io import InvalidInput, Problem
from mibook.schemas import MITI_GLOBALS

#: score -> (columns it needs, kind); kind: "mean2" average of two, "pcr", "rq", "sum"
SCORES: dict[str, tuple[tuple[str, ...], str]] = {
    "technical": (("cultivating_change_talk", "softening_sustain_talk"), "mean2"),
    "relational": (("partnership", "empathy"), "mean2"),
    "percent_complex_reflections": (("simple_reflection", "complex_reflection"), "pcr"),
    "reflection_to_question": (("simple_reflection", "complex_reflection", "question"), "rq"),
    "total_mi_adherent": (("seeking_collaboration", "affirm", "emphasizing_autonomy"), "sum"),
    "total_mi_non_adherent": (("confront", "persuade"), "sum"),
}
#: rows of miti_summary.csv, in the contract's order
SUMMARY_MEASURES = (*MITI_GLOBALS, *SCORES)
SUMMARY_COLUMNS = ["measure", "n", "mean", "sd", "min", "max"]
PROFICIENCY_MEASURES = ("technical", "relational", "percent_complex_reflections", "reflection_to_question")
PROFICIENCY_COLUMNS = ["measure", "level", "threshold", "n", "n_at_or_above", "percent_at_or_above"]
#: MITI 4.2.1 default thresholds (fair, good)
DEFAULT_THRESHOLDS = {
    "technical": {"fair": 3.0, "good": 4.0},
    "relational": {"fair": 3.5, "good": 4.0},
    "percent_complex_reflections": {"fair": 40.0, "good": 50.0},
    "reflection_to_question": {"fair": 1.0, "good": 2.0},
}
LABELS = {
    "cultivating_change_talk": "Cultivating change talk",
    "softening_sustain_talk": "Softening sustain talk",
    "partnership": "Partnership",
    "empathy": "Empathy",
    "technical": "Technical global",
    "relational": "Relational global",
    "percent_complex_reflections": "Percent complex reflections",
    "reflection_to_question": "Reflection-to-question ratio",
    "total_mi_adherent": "MI-adherent behaviours",
    "total_mi_non_adherent": "MI-non-adherent behaviours",
}


def _present(frame: pd.DataFrame, present: list[str] | None) -> set[str]:
    """Columns present in the file: ``present`` from the loader, else non-all-missing columns."""
    if present is not None:
        return set(present)
    return {c for c in frame.columns if frame[c].notna().any()}


def session_scores(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame:
    """One row per session with every score whose columns are present (missing = no value)."""
    have = _present(frame, present)
    out = pd.DataFrame(index=frame.index)
    out["session_id"] = frame["session_id"] if "session_id" in frame else frame.index.astype(str)
    if "caseworker_id" in have and "caseworker_id" in frame:
        out["caseworker_id"] = frame["caseworker_id"]
    for g in MITI_GLOBALS:
        if g in have and g in frame:
            out[g] = pd.to_numeric(frame[g], errors="coerce").astype(float)
    for name, (cols, kind) in SCORES.items():
        if not all(c in have and c in frame for c in cols):
            continue
        v = {c: pd.to_numeric(frame[c], errors="coerce").astype(float) for c in cols}
        if kind == "mean2":
            value = (v[cols[0]] + v[cols[1]]) / 2
        elif kind == "pcr":
            total = v["simple_reflection"] + v["complex_reflection"]
            value = (100 * v["complex_reflection"] / total).where(total > 0)
        elif kind == "rq":
            total = v["simple_reflection"] + v["complex_reflection"]
            value = (total / v["question"]).where(v["question"] > 0)
        else:
            value = sum(v[c] for c in cols)
        out[name] = value
    return out


def not_computable(frame: pd.DataFrame, present: list[str] | None = None) -> list[str]:
    """Plain sentences naming each contract measure that could not be computed, and why."""
    have = _present(frame, present)
    scores = session_scores(frame, present)
    reasons = []
    for g in MITI_GLOBALS:
        if g not in have:
            reasons.append(f"{LABELS[g]}: the file has no column `{g}`.")
        elif scores[g].notna().sum() == 0:
            reasons.append(f"{LABELS[g]}: every session leaves `{g}` empty.")
    for name, (cols, kind) in SCORES.items():
        missing = [c for c in cols if c not in have]
        if missing:
            reasons.append(f"{LABELS[name]}: the file lacks {', '.join(f'`{c}`' for c in missing)}.")
        elif scores[name].notna().sum() == 0:
            why = "every session has a zero denominator or a missing count" if kind in ("pcr", "rq") else "every session misses a component"
            reasons.append(f"{LABELS[name]}: {why}.")
    return reasons


def check_computable(frame: pd.DataFrame, present: list[str], path: str | Path) -> None:
    """Raise :class:`InvalidInput` when no MITI score at all can be computed from the file."""
    scores = session_scores(frame, present)
    measures = [m for m in SUMMARY_MEASURES if m in scores and scores[m].notna().any()]
    if not measures:
        raise InvalidInput(
            [
                Problem(
                    file=str(path),
                    expected=(
                        "at least one computable MITI score: a global rating column with a value, or the behaviour "
                        "counts of one summary score (e.g. simple_reflection and complex_reflection) with a non-zero "
                        "denominator"
                    ),
                )
            ]
        )


def _describe(values: pd.Series) -> dict:
    v = values.dropna().astype(float)
    n = int(len(v))
    return {
        "n": n,
        "mean": float(v.mean()) if n else math.nan,
        "sd": float(v.std(ddof=1)) if n > 1 else math.nan,
        "min": float(v.min()) if n else math.nan,
        "max": float(v.max()) if n else math.nan,
    }


def summary(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame:
    """``miti_summary.csv``: n, mean, sample SD (n−1), min, max of each computable measure."""
    scores = session_scores(frame, present)
    rows = []
    for m in SUMMARY_MEASURES:
        if m in scores and scores[m].notna().any():
            rows.append({"measure": m, **_describe(scores[m])})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def check_thresholds(thresholds: dict) -> dict:
    """Validate ``{measure: {"fair": x, "good": y}}``; missing measures take the MITI defaults."""
    result = {m: dict(levels) for m, levels in DEFAULT_THRESHOLDS.items()}
    for measure, levels in (thresholds or {}).items():
        if measure not in DEFAULT_THRESHOLDS:
            raise ValueError(f"no proficiency threshold is defined for {measure!r}")
        for level, value in levels.items():
            if level not in ("fair", "good"):
                raise ValueError(f"threshold level must be 'fair' or 'good', not {level!r}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"threshold {measure}/{level} must be a finite number, got {value!r}")
            result[measure][level] = float(value)
        if result[measure]["fair"] > result[measure]["good"]:
            raise ValueError(f"the fair threshold of {measure} ({result[measure]['fair']}) exceeds the good one ({result[measure]['good']})")
    return result


def proficiency(frame: pd.DataFrame, thresholds: dict | None = None, present: list[str] | None = None) -> pd.DataFrame:
    """``miti_proficiency.csv``: sessions at or above the fair and good thresholds of each score."""
    limits = check_thresholds(thresholds or {})
    scores = session_scores(frame, present)
    rows = []
    for m in PROFICIENCY_MEASURES:
        if m not in scores or not scores[m].notna().any():
            continue
        v = scores[m].dropna()
        for level in ("fair", "good"):
            t = limits[m][level]
            k = int((v >= t - 1e-12).sum())
            rows.append({"measure": m, "level": level, "threshold": t, "n": int(len(v)), "n_at_or_above": k,
                         "percent_at_or_above": 100.0 * k / len(v)})
    return pd.DataFrame(rows, columns=PROFICIENCY_COLUMNS)


def by_caseworker(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame | None:
    """Mean of each computable measure per caseworker (with the session count); None without ids."""
    scores = session_scores(frame, present)
    if "caseworker_id" not in scores or not scores["caseworker_id"].notna().any():
        return None
    measures = [m for m in SUMMARY_MEASURES if m in scores and scores[m].notna().any()]
    grouped = scores.dropna(subset=["caseworker_id"]).groupby("caseworker_id", sort=True)
    table = grouped[measures].mean()
    table.insert(0, "sessions", grouped.size())
    table.index.name = "caseworker_id"
    return table


def at_or_above(values: np.ndarray, threshold: float) -> int:
    """Number of values at or above a threshold (float-safe for averages of integers)."""
    return int((np.asarray(values, dtype=float) >= threshold - 1e-12).sum())


# --------------------------------------------------------------------------------------
# What Table 3's summaries allow: feasible sets, share bounds, one-sample t-tests
# --------------------------------------------------------------------------------------
def feasible_distribution() -> pd.DataFrame:
    """For each rating and SD divisor: per rating value 1–5 the min, median and max count over
    the feasible set (or, when it is empty, over the nearest possible samples)."""
    from mibook import miti_reconstruct as mr

    rows = []
    for r in mr.RATINGS:
        sets = mr.rating_sets(r)
        for divisor in ("n-1", "n"):
            freqs, kind = sets.working(divisor)
            for k, value in enumerate(range(mr.SCALE[0], mr.SCALE[1] + 1)):
                col = freqs[:, k]
                rows.append({"measure": r, "divisor": divisor, "set": kind, "size": int(len(freqs)),
                             "feasible_size": int(len(sets.feasible[divisor])), "value": value,
                             "min": int(col.min()), "median": float(np.median(col)), "max": int(col.max())})
    return pd.DataFrame(rows)


def _max_pairs_at_least(a: np.ndarray, b: np.ndarray, total: float) -> int:
    """Most pairs (one value of ``a`` with one of ``b``) whose sum is >= total, over all pairings."""
    a, b = np.sort(a), np.sort(b)
    n = len(a)
    for k in range(n, 0, -1):  # k largest of a against the k largest of b, in reverse order
        if np.all(a[n - k:] + b[n - k:][::-1] >= total - 1e-9):
            return k
    return 0


def _max_pairs_below(a: np.ndarray, b: np.ndarray, total: float) -> int:
    a, b = np.sort(a), np.sort(b)
    for k in range(len(a), 0, -1):  # k smallest of a against the k smallest of b, reversed
        if np.all(a[:k] + b[:k][::-1] < total - 1e-9):
            return k
    return 0


def share_bounds(thresholds: dict) -> pd.DataFrame:
    """Fewest and most sessions at or above each threshold that Table 3's ratings allow.

    ``thresholds``: ``{measure: [(label, value), ...]}`` for ratings and composites. Ratings use
    their own feasible set; composites every pairing of every pair of component samples (the
    composite's own printed SD is not imposed, so the bounds are wide rather than tight).
    """
    from mibook import miti_reconstruct as mr

    sets = {r: mr.rating_sets(r) for r in mr.RATINGS}
    rows = []
    for measure, levels in thresholds.items():
        for divisor in ("n-1", "n"):
            if measure in sets:
                freqs, kind = sets[measure].working(divisor)
                per_level = {label: [at_or_above(mr._values(f), t) for f in freqs] for label, t in levels}
            else:
                r1, r2 = mr.COMPOSITES[measure]
                f1, k1 = sets[r1].working(divisor)
                f2, k2 = sets[r2].working(divisor)
                kind = "feasible" if k1 == k2 == "feasible" else "nearest"
                per_level = {}
                for label, t in levels:
                    lo, hi = [], []
                    for a in f1:
                        for b in f2:
                            va, vb = mr._values(a), mr._values(b)
                            hi.append(_max_pairs_at_least(va, vb, 2 * t))
                            lo.append(len(va) - _max_pairs_below(va, vb, 2 * t))
                    per_level[label] = lo + hi
            for label, t in levels:
                c = per_level[label]
                rows.append({"measure": measure, "level": label, "threshold": float(t), "divisor": divisor, "set": kind,
                             "n": mr.N_SESSIONS, "min_at_or_above": int(min(c)), "max_at_or_above": int(max(c)),
                             "min_percent": 100.0 * min(c) / mr.N_SESSIONS, "max_percent": 100.0 * max(c) / mr.N_SESSIONS})
    return pd.DataFrame(rows)


def one_sample_t(mean: float, sd: float, n: int, mu0: float, confidence: float = 0.95) -> dict:
    """One-sample t-test of a mean against ``mu0`` from the summaries alone (sample SD, n−1).

    Returns t, df, two-sided p, the CI of the mean, Cohen's d = (mean − mu0) / sd and its CI
    from the noncentral t distribution.
    """
    from scipy import optimize, stats

    df = n - 1
    se = sd / math.sqrt(n)
    t = (mean - mu0) / se
    p = 2 * stats.t.sf(abs(t), df)
    q = stats.t.ppf(0.5 + confidence / 2, df)
    d = (mean - mu0) / sd
    alpha = 1 - confidence

    def _nc(target):
        return optimize.brentq(lambda nc: stats.nct.cdf(t, df, nc) - target, t - 10, t + 10)

    nc_lo, nc_hi = _nc(1 - alpha / 2), _nc(alpha / 2)
    return {"mean": mean, "sd": sd, "n": n, "mu0": mu0, "t": t, "df": df, "p_two_sided": p,
            "p_greater": stats.t.sf(t, df), "p_less": stats.t.cdf(t, df),
            "ci_low": mean - q * se, "ci_high": mean + q * se,
            "d": d, "d_ci_low": nc_lo / math.sqrt(n), "d_ci_high": nc_hi / math.sqrt(n)}


# --------------------------------------------------------------------------------------
# The chapter (notebooks/miti_fidelity.ipynb calls run and displays what it returns)
# --------------------------------------------------------------------------------------
from dataclasses import dataclass, field  # noqa: E402


@dataclass
class MitiChapter:
    data: object
    scores: pd.DataFrame
    summary: pd.DataFrame
    proficiency: pd.DataFrame
    caseworkers: pd.DataFrame | None
    not_computable: list
    table3: pd.DataFrame | None
    distribution: pd.DataFrame
    bounds: pd.DataFrame
    ttests: pd.DataFrame
    figure: object
    written: list
    numbers: dict = field(default_factory=dict)


def _fmt_table(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    out = table.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].map(lambda v: "–" if pd.isna(v) else f"{v:.{digits}f}")
    return out


def run(miti_csv: str = "", output_dir: str = "tables", data_kind: str = "auto", thresholds: dict | None = None,
        article_thresholds: dict | None = None, sd_divisor: str = "n-1") -> MitiChapter:
    """Load the MITI file, write ``miti_summary.csv`` and ``miti_proficiency.csv``, and compute
    what the chapter shows (Table 3 reproduction, feasible sets, bounds, t-tests)."""
    from mibook import figures, miti_reconstruct as mr, tables
    from mibook.data import chapter_data

    if sd_divisor not in ("n-1", "n"):
        raise ValueError(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    limits = check_thresholds(thresholds or {})
    article = {"technical": 3.0, "relational": 4.0, **(article_thresholds or {})}
    for k, v in article.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"article threshold of {k} must be a finite number, got {v!r}")
    data = chapter_data("miti", miti_csv, data_kind)
    frame, present = data.frame, data.loaded.present
    scores = session_scores(frame, present)
    summ = summary(frame, present)
    prof = proficiency(frame, limits, present)
    written = [tables.write_table(summ, output_dir, "miti_summary.csv"), tables.write_table(prof, output_dir, "miti_proficiency.csv")]

    table3 = mr.deviations(frame) if data.reconstructed and all(r in present for r in mr.RATINGS) else None
    distribution = feasible_distribution()
    levels = {
        "technical": [("article", article["technical"]), ("fair", limits["technical"]["fair"]), ("good", limits["technical"]["good"])],
        "relational": [("article", article["relational"]), ("fair", limits["relational"]["fair"]), ("good", limits["relational"]["good"])],
        "cultivating_change_talk": [("article", article["technical"])],
        "softening_sustain_talk": [("article", article["technical"])],
        "partnership": [("article", article["relational"])],
        "empathy": [("article", article["relational"])],
    }
    bounds = share_bounds(levels)

    n = mr.N_SESSIONS
    rows = []
    for c in ("technical", "relational"):
        m, s = mr.printed(c)
        sd = float(s) * (math.sqrt(n / (n - 1)) if sd_divisor == "n" else 1.0)
        rows.append({"source": "Table 3", "measure": c, **one_sample_t(float(m), sd, n, article[c])})
        if c in scores and scores[c].notna().sum() > 1:
            v = scores[c].dropna()
            rows.append({"source": "this data", "measure": c, **one_sample_t(float(v.mean()), float(v.std(ddof=1)), int(len(v)), article[c])})
    ttests = pd.DataFrame(rows)

    figures.use_book_style()
    figure = figures.miti_feasible_ranges(distribution, LABELS)
    sizes = {(r, d): int(len(mr.rating_sets(r).feasible[d])) for r in mr.RATINGS for d in ("n-1", "n")}
    numbers = {"n_sessions": int(len(frame)), "article_technical_threshold": article["technical"],
               "article_relational_threshold": article["relational"], "sd_divisor": sd_divisor}
    for (r, d), k in sizes.items():
        numbers[f"k_{r}_{'n1' if d == 'n-1' else 'n'}"] = k
    for row in ttests.itertuples():
        key = f"{row.measure}_{'pub' if row.source == 'Table 3' else 'data'}"
        for stat in ("mean", "sd", "t", "df", "p_two_sided", "p_greater", "p_less", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high", "mu0"):
            numbers[f"t_{key}_{stat}"] = float(getattr(row, stat))
    for row in bounds[(bounds["level"] == "article") & (bounds["divisor"] == sd_divisor)].itertuples():
        numbers[f"b_{row.measure}_min"] = int(row.min_at_or_above)
        numbers[f"b_{row.measure}_max"] = int(row.max_at_or_above)
    for row in summ.itertuples():
        numbers[f"s_{row.measure}_mean"] = float(row.mean)
        numbers[f"s_{row.measure}_sd"] = float(row.sd)
    for row in prof.itertuples():
        numbers[f"p_{row.measure}_{row.level}_n"] = int(row.n_at_or_above)
        numbers[f"p_{row.measure}_{row.level}_pct"] = float(row.percent_at_or_above)
    return MitiChapter(data, scores, summ, prof, by_caseworker(frame, present), not_computable(frame, present), table3,
                       distribution, bounds, ttests, figure, written, numbers)


def summary_display(ch: MitiChapter) -> pd.DataFrame:
    t = ch.summary.copy()
    t["measure"] = t["measure"].map(LABELS)
    return _fmt_table(t.set_index("measure"))


def proficiency_display(ch: MitiChapter) -> pd.DataFrame:
    t = ch.proficiency.copy()
    t["measure"] = t["measure"].map(LABELS)
    return _fmt_table(t.set_index(["measure", "level"]), 1)


def bounds_display(ch: MitiChapter) -> pd.DataFrame:
    t = ch.bounds.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["sessions at or above"] = t["min_at_or_above"].astype(str) + "–" + t["max_at_or_above"].astype(str) + " of " + t["n"].astype(str)
    t = t[["measure", "level", "threshold", "divisor", "set", "sessions at or above"]]
    return _fmt_table(t.set_index(["measure", "level", "threshold", "divisor"]), 1)


def ttest_display(ch: MitiChapter) -> pd.DataFrame:
    t = ch.ttests.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["95% CI of mean"] = t.apply(lambda r: f"{r.ci_low:.2f} to {r.ci_high:.2f}", axis=1)
    t["Cohen's d (95% CI)"] = t.apply(lambda r: f"{r.d:.2f} ({r.d_ci_low:.2f} to {r.d_ci_high:.2f})", axis=1)
    t["p (two-sided)"] = t["p_two_sided"].map(lambda p: f"{p:.4f}")
    t = t[["source", "measure", "mean", "sd", "n", "mu0", "t", "df", "p (two-sided)", "95% CI of mean", "Cohen's d (95% CI)"]]
    t = t.rename(columns={"mu0": "threshold"})
    return _fmt_table(t.set_index(["measure", "source"]), 3)


def table3_display(ch: MitiChapter):
    """Table 3, printed beside recomputed, as HTML: the notes are sentences and must not be cut
    short the way a DataFrame's repr truncates long cells."""
    from IPython.display import HTML

    if ch.table3 is None:
        return None
    t = ch.table3.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["recomputed"] = t["recomputed"].map(lambda v: f"{float(v):.3f}")
    t["rounds_to_printed"] = t["rounds_to_printed"].map(lambda v: v if isinstance(v, str) else ("yes" if v else "no"))
    t = t.rename(columns={"rounds_to_printed": "matches print", "source": "sample used"})
    return HTML(t.set_index(["measure", "statistic"]).to_html(classes="dataframe", border=0, escape=True))


def feasible_sizes_display() -> pd.DataFrame:
    from mibook import miti_reconstruct as mr

    rows = []
    for r in mr.RATINGS:
        s = mr.rating_sets(r)
        rows.append({"rating": LABELS[r], "printed mean (SD)": f"{s.mean} ({s.sd})",
                     "samples, SD divisor n−1": len(s.feasible["n-1"]), "samples, SD divisor n": len(s.feasible["n"]),
                     "nearest possible mean, SD (n−1)": f"{s.nearest['n-1'][1]:.3f}, {s.nearest['n-1'][2]:.3f}"})
    return pd.DataFrame(rows).set_index("rating")


def provenance_note(ch: MitiChapter) -> str:
    data = ch.data
    lines = []
    if data.reconstructed:
        from mibook import miti_reconstruct as mr

        lines.append(
            f"```{{important}}\nThe {len(data.frame)} sessions behind this chapter (`{data.label}`) are **reconstructed**, "
            "not observed. The article prints only a mean and SD per rating. The book lists every set of "
            f"{mr.N_SESSIONS} ratings agreeing with them (or, when none exists, the nearest possible ones) and pairs the "
            "ratings into sessions so that the two composites come as close as possible to their printed values. Which "
            f"ratings share a session, and the caseworker ids CW1–CW{mr.N_CASEWORKERS} (assigned in turn), are invented.\n```"
        )
    else:
        lines.append(f"This chapter runs on `{data.label}` ({len(data.frame)} sessions), treated as observed data.")
    if ch.not_computable:
        lines.append("Not computed from this file:\n" + "".join(f"\n* {r}" for r in ch.not_computable))
    return "\n\n".join(lines)


def summary_note(ch: MitiChapter) -> str:
    """The paragraph above the summary table, for whatever scores this file allows."""
    parts = ["Every score is computed per session and then summarised."]
    composites = [c for c in ("technical", "relational") if f"s_{c}_mean" in ch.numbers]
    for c in composites:
        mean, sd = ch.numbers[f"s_{c}_mean"], ch.numbers[f"s_{c}_sd"]
        sd_text = "SD not defined for one session" if math.isnan(sd) else f"SD {sd:.3f}"
        parts.append(f"The {LABELS[c].lower()} score has mean {mean:.3f} ({sd_text}).")
    if not composites:
        parts.append("This file has no global ratings, so the technical and relational scores are not computed.")
    return " ".join(parts)


def proficiency_note(ch: MitiChapter) -> str:
    """Reads the proficiency table in one or two sentences (empty when nothing is computable)."""
    if ch.proficiency.empty:
        return "No score with a MITI threshold can be computed from this file, so there is no proficiency table."
    first = ch.proficiency.iloc[0]
    return (
        "The proficiency table counts sessions at or above the MITI 4.2.1 fair and good thresholds "
        f"(parameters of this chapter). For example, {int(first.n_at_or_above)} of {int(first.n)} sessions reach "
        f"the {first.level} threshold of {first.threshold:g} for the {LABELS[first.measure].lower()} score."
    )


def ttest_note(ch: MitiChapter) -> str:
    """What each one-sample t-test of the published composites says about 'over the threshold'."""
    from mibook import miti_reconstruct as mr

    n = mr.N_SESSIONS
    lines = [
        "A one-sample t-test needs only a mean, an SD and n, so it is computed exactly from Table 3 "
        f"(n = {n} sessions, the printed SD read with divisor {ch.numbers['sd_divisor']})."
    ]
    for c in ("technical", "relational"):
        key = f"t_{c}_pub"
        mean, mu0 = ch.numbers[f"{key}_mean"], ch.numbers[f"{key}_mu0"]
        low, high = ch.numbers[f"{key}_ci_low"], ch.numbers[f"{key}_ci_high"]
        t, df, p = ch.numbers[f"{key}_t"], ch.numbers[f"{key}_df"], ch.numbers[f"{key}_p_two_sided"]
        d, dlo, dhi = ch.numbers[f"{key}_d"], ch.numbers[f"{key}_d_ci_low"], ch.numbers[f"{key}_d_ci_high"]
        side = "above" if mean >= mu0 else "below"
        if low > mu0:
            reading = f"the whole interval lies above {mu0:g}, so the sessions' mean is above the threshold beyond chance variation"
        elif high < mu0:
            reading = f"the whole interval lies below {mu0:g}, so the shortfall is not a chance result of having only {n} sessions"
        else:
            reading = (
                f"the interval includes {mu0:g}, so a printed mean {side} the threshold describes these {n} sessions "
                "but does not show where the caseworkers' typical level lies"
            )
        lines.append(
            f"**{LABELS[c]}.** Printed mean {mean:.2f} against the threshold {mu0:g}: t = {t:.2f} with {df:.0f} "
            f"degrees of freedom, two-sided p = {p:.4f}; the 95 % interval for the mean runs from {low:.2f} to "
            f"{high:.2f} and Cohen's d is {d:.2f} ({dlo:.2f} to {dhi:.2f}). In words: {reading}."
        )
    lines.append(
        "Both tests treat the sessions as independent although a few caseworkers delivered them, so the "
        "intervals are if anything too narrow. The intervals for d come from the noncentral t distribution. "
        "The table adds the same tests on this chapter's data where its composites can be computed."
    )
    return "\n\n".join(lines)


def published_n() -> int:
    """Sessions behind Table 3 (Methods: MI Fidelity), as the reconstruction assumes."""
    from mibook import miti_reconstruct as mr

    return int(mr.N_SESSIONS)
