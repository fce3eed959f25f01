"""The Evaluate step's report in words: the lines and HTML the Evaluate panel shows.

Plain functions of the saved report (``evaluation.json``), so the panel file holds only widgets.
"""

from __future__ import annotations

import html
from pathlib import Path

from engine.format import format_seconds
from engine.runs import RunFolder, run_model_name


def pct(x: float | None) -> str:
    """A fraction as a percentage with one decimal, or a dash."""
    return "–" if x is None else f"{100.0 * float(x):.1f}"


def num(x: float | None, fmt: str) -> str:
    """A number in ``fmt``, or a dash."""
    return "–" if x is None else fmt.format(float(x))


def signed_points(x: float | None) -> str:
    """A fraction as signed points (``+1.2``), or a dash."""
    return "–" if x is None else f"{100.0 * float(x):+.1f}"


def interval(ci, signed: bool = False) -> str:
    """``[94.0, 96.1]`` (percent) or ``[-0.4, +1.2]`` (points) from a pair of fractions."""
    if not ci or any(v is None for v in ci):
        return "–"
    fmt = "{:+.1f}" if signed else "{:.1f}"
    return "[" + ", ".join(fmt.format(100.0 * float(v)) for v in ci) + "]"


def run_text(run: Path, data_path: str) -> str:
    """``Evaluates the run NAME (cvae, step 1,000) on DATA``, as far as the run folder tells."""
    model, step = run_model_name(run), RunFolder(run).read_status().get("step")
    what = ", ".join(x for x in (model, f"step {step:,}" if isinstance(step, int) else "") if x)
    return (f"Evaluates the run <b>{html.escape(run.name)}</b>{f' ({what})' if what else ''} on "
            f"{html.escape(data_path)}: does adding its images to the real ones help a classifier?")


def detail(report: dict) -> str:
    """The lines under the verdict: the choice, how it was made, and what the figures rest on."""
    rec, data, verdict = report.get("recommendation") or {}, report["data"], report["verdict"]
    parts = []
    if rec:
        how = (f"keeping images the judge gives their class ≥ {rec['confidence']:g}" if rec.get("filtered")
               else "unfiltered")
        count = rec.get("synthetic")
        per = f" ({count:,} synthetic images)" if isinstance(count, int) else ""
        parts.append(f"Chosen on validation data: add {rec['amount']:g}× the real count{per}, {how}.")
    elapsed = report.get("elapsed_s")
    took = f" in {format_seconds(float(elapsed))}" if elapsed is not None else ""
    parts.append(f"Tested once on {data['test_count']:,} images ({data['test_source']}), classifiers "
                 f"trained on {data['train_count']:,} real images; evaluated{took}.")
    parts.append(f"Interval: {verdict.get('method', '')}.")
    text = " ".join(html.escape(p) for p in parts)
    if verdict.get("what_would_it_take"):
        text += f"<br><b>{html.escape(verdict['what_would_it_take'])}</b>"
    return text


def discipline_html(report: dict) -> str:
    """How training, validation and test images were kept apart, one paragraph."""
    d = report.get("discipline") or {}
    val = d.get("validation") or {}
    method = ("k-fold cross-validation" if val.get("method") == "k-fold"
              else "a validation part of the training split")
    lines = [f"<b>Choices</b> (amount, filter and threshold, flips) were made on {method}: "
             f"{html.escape(str(val.get('reason', '')))}.",
             f"<b>Test</b>: {html.escape(str(d.get('test', '')))}."]
    leak = d.get("leak_check") or {}
    if leak:
        lines.append(f"<b>Leak check</b>: {leak.get('copies_of_test', 0)} of {leak.get('checked', 0)} "
                     "synthetic images are copies of a test image.")
    lines += [f"<b>Note</b>: {html.escape(n)}." for n in report["data"].get("notes") or []]
    return "<br>".join(lines)


def metrics_html(report: dict) -> str:
    """The overall quality metrics, the worst class leakage and the memorisation rate."""
    o, mem = report["metrics"]["overall"], report.get("memorization") or {}
    kid = num(o.get("kid"), "{:.4f}") + (f" ± {o['kid_std']:.4f}" if o.get("kid_std") is not None else "")
    text = (f"<b>All classes</b>: Fréchet distance {num(o.get('fd'), '{:.2f}')} · KID {kid} · precision "
            f"{pct(o['precision'])}% · recall {pct(o['recall'])}% · label agreement "
            f"{pct(o['label_agreement'])}%")
    leaks = report["metrics"].get("class_leakage") or []
    if leaks and leaks[0].get("looks_like") is not None:
        w = leaks[0]
        text += (f"<br><b>Class leakage</b>: {pct(w['share'])}% of the synthetic "
                 f"'{html.escape(str(w['class']))}' look like '{html.escape(str(w['looks_like']))}' "
                 "to the judge (the worst class)")
    if mem:
        text += (f"<br><b>Memorisation</b>: {pct(mem['rate'])}% of {mem['checked']:,} generated "
                 f"images ({mem.get('count', 0):,}) are near-copies of a training image: "
                 f"{pct(mem.get('rate_pixels'))}% in pixels (RMS &lt; {mem['threshold_rms']:g}), "
                 f"{pct(mem.get('rate_features'))}% in the judge's features")
    return text


def distinct_note(row: dict) -> str:
    """', 60,000 distinct' when the amount reuses a smaller pool of images (a large dataset)."""
    distinct = row.get("distinct", row.get("synthetic", 0))
    return f" ({distinct:,} distinct)" if distinct < row.get("synthetic", 0) else ""
