"""The Evaluate step's report in words: the lines and HTML the Evaluate panel shows.

Plain functions of the saved report (``evaluation.json``), so the panel file holds only widgets.
Every sentence is a template translated through Qt (context ``EvaluationText``) with the report's
numbers formatted into it; the engine's own words inside the report (the verdict, the interval's
method, the validation plan, the limits) go through :func:`gui.engine_text.engine_text`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP

from engine.format import format_seconds
from engine.runs import RunFolder, run_model_name
from gui.engine_text import engine_text
from gui.i18n import translate


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
    name, data = html.escape(run.name), html.escape(data_path)
    if model and isinstance(step, int):
        what = translate("EvaluationText", "{model}, step {step}").format(model=model, step=f"{step:,}")
    elif isinstance(step, int):
        what = translate("EvaluationText", "step {step}").format(step=f"{step:,}")
    else:
        what = model or ""
    if what:
        return translate("EvaluationText", "Evaluates the run <b>{run}</b> ({what}) on {data}: does "
                                           "adding its images to the real ones help a classifier?"
                         ).format(run=name, what=what, data=data)
    return translate("EvaluationText", "Evaluates the run <b>{run}</b> on {data}: does adding its "
                                       "images to the real ones help a classifier?").format(
        run=name, data=data)


def sentences(parts: list[str]) -> str:
    """Sentences one after the other, as the language writes them (a space in English, none in
    Chinese, whose full stop carries its own space)."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = translate("EvaluationText", "{first} {second}").format(first=text, second=part)
    return text


def limits_text(take: str) -> str:
    """The report's "What would it take: ..." line, each of the engine's sentences translated.

    The engine joins its limits (:func:`engine.evaluate.verdict.limits`), each one sentence ending
    in a full stop, with spaces after a fixed prefix; a line of another shape is shown as written.
    """
    prefix = "What would it take: "
    if not take.startswith(prefix):
        return engine_text(take)
    parts = re.split(r"(?<=\.) (?=\S)", take[len(prefix):])
    return translate("EvaluationText", "What would it take: {limits}").format(
        limits=sentences([engine_text(s) for s in parts]))


def detail(report: dict) -> str:
    """The lines under the verdict: the choice, how it was made, and what the figures rest on."""
    rec, data, verdict = report.get("recommendation") or {}, report["data"], report["verdict"]
    parts = []
    if rec:
        count = rec.get("synthetic")
        amount = f"{rec['amount']:g}"
        if rec.get("validation_favours") == "none":
            parts.append(translate("EvaluationText", "Chosen on validation data: no synthetic images; "
                                                     "the best amount there ({amount}× the real count) "
                                                     "was tested once, to show what it would do."
                                   ).format(amount=amount))
        elif rec.get("filtered") and isinstance(count, int):
            parts.append(translate("EvaluationText", "Chosen on validation data: add {amount}× the real "
                                                     "count ({count} synthetic images), keeping images "
                                                     "the judge gives their class ≥ {confidence}.").format(
                amount=amount, count=f"{count:,}", confidence=f"{rec['confidence']:g}"))
        elif rec.get("filtered"):
            parts.append(translate("EvaluationText", "Chosen on validation data: add {amount}× the real "
                                                     "count, keeping images the judge gives their class "
                                                     "≥ {confidence}.").format(
                amount=amount, confidence=f"{rec['confidence']:g}"))
        elif isinstance(count, int):
            parts.append(translate("EvaluationText", "Chosen on validation data: add {amount}× the real "
                                                     "count ({count} synthetic images), unfiltered."
                                   ).format(amount=amount, count=f"{count:,}"))
        else:
            parts.append(translate("EvaluationText", "Chosen on validation data: add {amount}× the real "
                                                     "count, unfiltered.").format(amount=amount))
    values = dict(test=f"{data['test_count']:,}", source=engine_text(str(data["test_source"])),
                  train=f"{data['train_count']:,}")
    elapsed = report.get("elapsed_s")
    if elapsed is not None:
        parts.append(translate("EvaluationText", "Tested once on {test} images ({source}), classifiers "
                                                 "trained on {train} real images; evaluated in {time}."
                               ).format(time=format_seconds(float(elapsed)), **values))
    else:
        parts.append(translate("EvaluationText", "Tested once on {test} images ({source}), classifiers "
                                                 "trained on {train} real images.").format(**values))
    parts.append(translate("EvaluationText", "Interval: {method}.").format(
        method=engine_text(str(verdict.get("method", "")))))
    text = sentences([html.escape(p) for p in parts])
    with_classical = report.get("with_classical")
    if with_classical and with_classical.get("text"):
        line = engine_text(str(with_classical["text"]))
        text += "<br>" + html.escape(line[:1].upper() + line[1:])
    if verdict.get("what_would_it_take"):
        text += f"<br><b>{html.escape(limits_text(str(verdict['what_would_it_take'])))}</b>"
    return text


VALIDATION_METHODS = {  # the report's discipline/validation/method, in words
    "k-fold": QT_TRANSLATE_NOOP("EvaluationText", "k-fold cross-validation"),
    "holdout": QT_TRANSLATE_NOOP("EvaluationText", "a validation part of the training split"),
}


def discipline_html(report: dict) -> str:
    """How training, validation and test images were kept apart, one paragraph."""
    d = report.get("discipline") or {}
    val = d.get("validation") or {}
    method = translate("EvaluationText", VALIDATION_METHODS.get(val.get("method"),
                                                                VALIDATION_METHODS["holdout"]))
    lines = [translate("EvaluationText", "<b>Choices</b> (amount, filter and threshold, flips) were "
                                         "made on {method}: {reason}.").format(
                 method=method, reason=html.escape(engine_text(str(val.get("reason", ""))))),
             translate("EvaluationText", "<b>Test</b>: {test}.").format(
                 test=html.escape(engine_text(str(d.get("test", "")))))]
    leak = d.get("leak_check") or {}
    if leak:
        lines.append(translate("EvaluationText", "<b>Leak check</b>: {copies} of {checked} synthetic "
                                                 "images are copies of a test image.").format(
            copies=f"{leak.get('copies_of_test', 0):,}", checked=f"{leak.get('checked', 0):,}"))
    lines += [translate("EvaluationText", "<b>Note</b>: {note}.").format(note=html.escape(engine_text(n)))
              for n in report["data"].get("notes") or []]
    return "<br>".join(lines)


def metrics_html(report: dict) -> str:
    """The overall quality metrics, the worst class leakage and the memorisation rate."""
    o, mem = report["metrics"]["overall"], report.get("memorization") or {}
    kid = num(o.get("kid"), "{:.4f}") + (f" ± {o['kid_std']:.4f}" if o.get("kid_std") is not None else "")
    text = translate("EvaluationText", "<b>All classes</b>: Fréchet distance {fd} · KID {kid} · "
                                       "precision {precision}% · recall {recall}% · label agreement "
                                       "{agreement}%").format(
        fd=num(o.get("fd"), "{:.2f}"), kid=kid, precision=pct(o["precision"]), recall=pct(o["recall"]),
        agreement=pct(o["label_agreement"]))
    leaks = report["metrics"].get("class_leakage") or []
    if leaks and leaks[0].get("looks_like") is not None:
        w = leaks[0]
        text += "<br>" + translate("EvaluationText", "<b>Class leakage</b>: {share}% of the synthetic "
                                                     "'{name}' look like '{other}' to the judge (the "
                                                     "worst class)").format(
            share=pct(w["share"]), name=html.escape(str(w["class"])),
            other=html.escape(str(w["looks_like"])))
    if mem:
        text += "<br>" + translate("EvaluationText", "<b>Memorisation</b>: {rate}% of {checked} "
                                                     "generated images ({count}) are near-copies of a "
                                                     "training image: {pixels}% in pixels (RMS &lt; "
                                                     "{threshold}), {features}% in the judge's "
                                                     "features").format(
            rate=pct(mem["rate"]), checked=f"{mem['checked']:,}", count=f"{mem.get('count', 0):,}",
            pixels=pct(mem.get("rate_pixels")), threshold=f"{mem['threshold_rms']:g}",
            features=pct(mem.get("rate_features")))
    return text


def distinct_note(row: dict) -> str:
    """' (60,000 distinct)' when the amount reuses a smaller pool of images (a large dataset)."""
    distinct = row.get("distinct", row.get("synthetic", 0))
    if distinct >= row.get("synthetic", 0):
        return ""
    return " " + translate("EvaluationText", "({count} distinct)").format(count=f"{distinct:,}")
