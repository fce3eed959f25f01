"""The engine's user-facing messages in the interface language, translated at the GUI boundary.

The engine is Qt-free and writes English (its messages also go to logs, the CLI and JSON files).
The GUI shows them through :func:`engine_text`: each message template the engine writes is listed
here once, in the engine's own words with ``{name}`` where the engine puts a value, and marked for
``lupdate``. A message is matched against the templates, and the translated template is filled
with the values found (which are translated again when they are themselves engine words, such as a
recipe name). A message no template matches is shown as the engine wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.i18n import translate

CONTEXT = "EngineText"
NUMERIC = {"amount", "confidence", "gain", "low", "high", "level", "step", "bad", "batch", "seed",
           "seeds", "fold", "folds", "ratio", "n_big", "n_small", "size", "size2", "short", "images",
           "resamples", "smallest", "half", "more", "rate", "share", "synth", "real", "val"}
NUMBER = r"[-+]?\d[\d,.]*%?"  # what those values look like: 1,200  0.5  +2.1  95%
NESTED = {"recipe", "how", "source"}  # values that are engine phrases themselves (a recipe, an amount)

# The engine's templates, grouped by where they come from. Keep the English exactly as the engine
# writes it: tests/test_i18n.py checks that real engine messages are matched.
TEMPLATES = (
    # engine/data/decode.py, engine/data/files.py: problem files (reason, action)
    QT_TRANSLATE_NOOP("EngineText", "skipped"),
    QT_TRANSLATE_NOOP("EngineText", "converted"),
    QT_TRANSLATE_NOOP("EngineText", "empty file (0 bytes)"),
    QT_TRANSLATE_NOOP("EngineText", "not an image (content not recognised as {formats}; "
                                    "extension {ext})"),
    QT_TRANSLATE_NOOP("EngineText", "decompression bomb: {detail}"),
    QT_TRANSLATE_NOOP("EngineText", "unreadable (permission denied)"),
    QT_TRANSLATE_NOOP("EngineText", "too large to decode in memory"),
    QT_TRANSLATE_NOOP("EngineText", "cannot be read ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "truncated or corrupt image data ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "corrupt image ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "animated {format}: first frame used"),
    QT_TRANSLATE_NOOP("EngineText", "EXIF orientation {orientation} applied"),
    QT_TRANSLATE_NOOP("EngineText", "{mode} with transparency composited on white"),
    QT_TRANSLATE_NOOP("EngineText", "P with a transparent colour composited on white"),
    QT_TRANSLATE_NOOP("EngineText", "CMYK converted to RGB"),
    QT_TRANSLATE_NOOP("EngineText", "{mode} converted to RGB"),
    QT_TRANSLATE_NOOP("EngineText", "not in a class folder (a file beside the class folders)"),
    QT_TRANSLATE_NOOP("EngineText", "folder cannot be opened"),
    QT_TRANSLATE_NOOP("EngineText", "folder unreadable (permission denied)"),
    QT_TRANSLATE_NOOP("EngineText", "folder unreadable ({detail})"),
    QT_TRANSLATE_NOOP("EngineText", "not a regular file (device, pipe or socket)"),
    QT_TRANSLATE_NOOP("EngineText", "symlink loop (the link points back to itself)"),
    QT_TRANSLATE_NOOP("EngineText", "broken symlink (its target does not exist)"),
    # engine/data/report.py: warnings about the dataset
    QT_TRANSLATE_NOOP("EngineText", "Class '{name}' has no usable image: it is left out of the "
                                    "dataset."),
    QT_TRANSLATE_NOOP("EngineText", "Class '{name}' has only 1 usable image: too few to learn "
                                    "from, and none can be held out for evaluation."),
    QT_TRANSLATE_NOOP("EngineText", "Heavy class imbalance: '{big}' has {n_big} images, '{small}' "
                                    "{n_small} (ratio {ratio}:1)."),
    QT_TRANSLATE_NOOP("EngineText", "{count} images are much smaller than the training size "
                                    "{size}x{size2} (short side under {short} px) and were "
                                    "upscaled: {where}."),
    QT_TRANSLATE_NOOP("EngineText", "{count} identical files in different classes ({classes}): "
                                    "a label conflict: {paths}"),
    QT_TRANSLATE_NOOP("EngineText", "{count} identical files in class '{name}': {paths}"),
    # engine/train/trainer.py: events during training
    QT_TRANSLATE_NOOP("EngineText", "resumed from step {step} ({file})"),
    QT_TRANSLATE_NOOP("EngineText", "no checkpoint in the run folder yet: starting from the "
                                    "beginning"),
    QT_TRANSLATE_NOOP("EngineText", "paused"),
    QT_TRANSLATE_NOOP("EngineText", "continued"),
    QT_TRANSLATE_NOOP("EngineText", "out of memory at step {step}: batch size halved to {batch}"),
    QT_TRANSLATE_NOOP("EngineText", "NaN in {what} at step {bad}: rolled back to step {step} "
                                    "with learning rate {lr}"),
    QT_TRANSLATE_NOOP("EngineText", "{detail} (training goes on; the previous checkpoint is "
                                    "intact)"),
    # engine errors (UserError) a panel shows: loading data, runs, exports
    QT_TRANSLATE_NOOP("EngineText", "Dataset folder not found: {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Dataset path is not a folder: {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot read dataset folder {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineText", "No files found in dataset folder: {path}"),
    QT_TRANSLATE_NOOP("EngineText", "No usable images in {path} ({count} files: {detail})"),
    QT_TRANSLATE_NOOP("EngineText", "Run folder not found: {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Run folder has no loadable checkpoint (was it trained?): {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot read the run's settings {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineText", "The classes of {path} ({classes}) differ from the run's "
                                    "({run_classes})"),
    QT_TRANSLATE_NOOP("EngineText", "The run folder {path} is in use: another process {owner}is "
                                    "training in it. Wait for it to finish or stop it, or choose "
                                    "another folder"),
    QT_TRANSLATE_NOOP("EngineText", "Not a valid run name: {name} (use a plain folder name, no "
                                    "slashes)"),
    QT_TRANSLATE_NOOP("EngineText", "A file or folder named {name} already exists in {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot rename {path} to {name}: {detail}"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot delete {path}: {detail}"),
    QT_TRANSLATE_NOOP("EngineText", "Output folder is not empty: {path} (choose a new or empty "
                                    "folder, or choose to add to it)"),
    QT_TRANSLATE_NOOP("EngineText", "Output path is a file, not a folder: {path}"),
    QT_TRANSLATE_NOOP("EngineText", "Refusing to write inside the source dataset: {path} is in "
                                    "{source}"),
    QT_TRANSLATE_NOOP("EngineText", "Not enough free space in {path}: the export needs about "
                                    "{needed}, {free} are free"),
    QT_TRANSLATE_NOOP("EngineText", "Disk full while exporting to {path} (writing {file}); nothing "
                                    "was kept"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot write {file}: {detail}; nothing was kept"),
    QT_TRANSLATE_NOOP("EngineText", "Filtering by confidence needs the judge classifier of an "
                                    "evaluation, and {path} does not exist: evaluate the run first"),
    # engine/evaluate/report.py: stages, recipes and the verdict
    QT_TRANSLATE_NOOP("EngineText", "generating synthetic images"),
    QT_TRANSLATE_NOOP("EngineText", "quality metrics and memorisation"),
    QT_TRANSLATE_NOOP("EngineText", "{recipe}, seed {seed}/{seeds}"),
    QT_TRANSLATE_NOOP("EngineText", "sweep {amount}x filtered"),
    QT_TRANSLATE_NOOP("EngineText", "sweep {amount}x"),
    QT_TRANSLATE_NOOP("EngineText", "Real only"),
    QT_TRANSLATE_NOOP("EngineText", "Real + classical"),
    QT_TRANSLATE_NOOP("EngineText", "Real + synthetic"),
    QT_TRANSLATE_NOOP("EngineText", "Real + synthetic + classical"),
    QT_TRANSLATE_NOOP("EngineText", "Synthetic only (CAS)"),
    QT_TRANSLATE_NOOP("EngineText", "real only"),
    QT_TRANSLATE_NOOP("EngineText", "real + classical"),
    QT_TRANSLATE_NOOP("EngineText", "real + synthetic"),
    QT_TRANSLATE_NOOP("EngineText", "real + synthetic + classical"),
    QT_TRANSLATE_NOOP("EngineText", "synthetic only (cas)"),
    QT_TRANSLATE_NOOP("EngineText", "held-out split"),
    QT_TRANSLATE_NOOP("EngineText", "test: {recipe}, seed {seed}/{seeds}"),
    QT_TRANSLATE_NOOP("EngineText", "validation {fold}/{folds}: {recipe}"),
    QT_TRANSLATE_NOOP("EngineText", "helps: synthetic data adds {gain} points, {level} interval "
                                    "[{low}, {high}] on the test images ({how})"),
    QT_TRANSLATE_NOOP("EngineText", "hurts: {gain} points, {level} interval [{low}, {high}] on the "
                                    "test images ({how})"),
    QT_TRANSLATE_NOOP("EngineText", "no clear effect: {gain} points, {level} interval [{low}, "
                                    "{high}] on the test images ({how})"),
    QT_TRANSLATE_NOOP("EngineText", "no clear effect: validation favours real images alone (the best "
                                    "amount, {how}, changed validation accuracy by {val} points)"),
    QT_TRANSLATE_NOOP("EngineText", "hurts: validation favours real images alone (the best amount, "
                                    "{how}, changed validation accuracy by {val} points)"),
    QT_TRANSLATE_NOOP("EngineText", "on the test images it gives {gain} points, {level} interval "
                                    "[{low}, {high}]"),
    QT_TRANSLATE_NOOP("EngineText", "with classical augmentation, validation favours no synthetic "
                                    "images (the best amount, {how}, changed validation accuracy by "
                                    "{val} points)"),
    QT_TRANSLATE_NOOP("EngineText", "on the test images it gives {gain} points over real + classical, "
                                    "{level} interval [{low}, {high}]"),
    QT_TRANSLATE_NOOP("EngineText", "with classical augmentation, adding {how} (chosen on validation "
                                    "data): helps, {gain} points over real + classical, {level} "
                                    "interval [{low}, {high}]"),
    QT_TRANSLATE_NOOP("EngineText", "with classical augmentation, adding {how} (chosen on validation "
                                    "data): hurts, {gain} points over real + classical, {level} "
                                    "interval [{low}, {high}]"),
    QT_TRANSLATE_NOOP("EngineText", "with classical augmentation, adding {how} (chosen on validation "
                                    "data): no clear effect, {gain} points over real + classical, "
                                    "{level} interval [{low}, {high}]"),
    QT_TRANSLATE_NOOP("EngineText", "{recipe} + classical"),
    QT_TRANSLATE_NOOP("EngineText", "do not export"),
    QT_TRANSLATE_NOOP("EngineText", "real + {amount}x synthetic, judge ≥ {confidence}"),
    QT_TRANSLATE_NOOP("EngineText", "real + {amount}x synthetic"),
    QT_TRANSLATE_NOOP("EngineText", "exporting it is not recommended"),
    QT_TRANSLATE_NOOP("EngineText", "validation favours exporting it, but the test images can neither "
                                    "confirm nor refute a gain"),
    QT_TRANSLATE_NOOP("EngineText", "one classifier seed: the interval covers test images only, "
                                    "the true one is wider"),
    QT_TRANSLATE_NOOP("EngineText", "{how}, chosen on validation data"),
    QT_TRANSLATE_NOOP("EngineText", "{amount}x the real count, filtered at judge confidence "
                                    "{confidence}"),
    QT_TRANSLATE_NOOP("EngineText", "{amount}x the real count, filtered by the judge"),
    QT_TRANSLATE_NOOP("EngineText", "{amount}x the real count"),
    # engine/evaluate/interval.py: how the intervals were made (the report's verdict/method)
    QT_TRANSLATE_NOOP("EngineText", "{level} paired bootstrap over the {images} test images only "
                                    "({resamples} resamples): with one classifier seed the noise "
                                    "between seeds is not in the interval, so the true uncertainty is "
                                    "wider than shown; use 3 seeds or more"),
    QT_TRANSLATE_NOOP("EngineText", "{level} paired bootstrap over {seeds} classifier seeds and "
                                    "{images} test images, both resampled ({resamples} resamples, "
                                    "percentile interval)"),
    # engine/evaluate/selection.py, report.py, holdout.py: how the images were kept apart
    QT_TRANSLATE_NOOP("EngineText", "the smallest class has {smallest} training images, so a fifth "
                                    "of each class ({images} images) validates every choice, {seeds} "
                                    "seed(s) each"),
    QT_TRANSLATE_NOOP("EngineText", "the smallest class has only {smallest} training images: a fifth "
                                    "of it ({count}) is too few to choose on, so {folds}-fold "
                                    "cross-validation lets every training image validate once (one "
                                    "seed per fold)"),
    QT_TRANSLATE_NOOP("EngineText", "{count} images ({source}): the test images were used once, for "
                                    "the chosen configuration and the baselines; nothing was chosen "
                                    "on them"),
    QT_TRANSLATE_NOOP("EngineText", "{count} held-out image(s) with the same pixels as a training "
                                    "image were left out of the test set ({pairs})"),
    # engine/evaluate/verdict.py: what stands in the way of a clear gain (one sentence each)
    QT_TRANSLATE_NOOP("EngineText", "the chosen filter kept no synthetic image (the judge is sure of "
                                    "none): the arm is real only; train the generator longer."),
    QT_TRANSLATE_NOOP("EngineText", "the synthetic images alone teach a classifier {synth}% against "
                                    "{real}% for the real ones: the generator has not captured the "
                                    "classes yet (train longer, or a larger preset)."),
    QT_TRANSLATE_NOOP("EngineText", "{rate}% of the samples are near-copies of training images, so "
                                    "they add little the real images do not already show (stop "
                                    "earlier, or more data augmentation in training)."),
    QT_TRANSLATE_NOOP("EngineText", "{share}% of the synthetic '{name}' look like '{other}' to the "
                                    "judge: the classes leak into each other (train longer, or filter "
                                    "by the judge's confidence)."),
    QT_TRANSLATE_NOOP("EngineText", "the interval is ±{half} points wide on {images} test images: "
                                    "about {more} test images and more seeds would narrow it to ±1 "
                                    "point."),
    QT_TRANSLATE_NOOP("EngineText", "the interval is ±{half} points wide on {images} test images: "
                                    "about {more} test images would narrow it to ±1 point."),
    QT_TRANSLATE_NOOP("EngineText", "none of the measured limits stands out: real images alone reach "
                                    "{real}%, so the classifier may already learn from them what the "
                                    "synthetic images show."),
    # engine/train/cluster.py: the cluster dialog's settings and the run folder it writes
    QT_TRANSLATE_NOOP("EngineText", "Processes per machine and machines must be at least 1"),
    QT_TRANSLATE_NOOP("EngineText", "The run folder and the dataset folder on the cluster are needed"),
    QT_TRANSLATE_NOOP("EngineText", "Several machines need a rendezvous endpoint HOST:PORT that every "
                                    "machine can reach (e.g. node1:29400), not {endpoint}"),
    QT_TRANSLATE_NOOP("EngineText", "Device {device} cannot train under torchrun: use auto, cuda or "
                                    "cpu"),
    QT_TRANSLATE_NOOP("EngineText", "Run folder already holds a trained run: {path} (choose a new "
                                    "name)"),
    QT_TRANSLATE_NOOP("EngineText", "Cannot write the settings into {path}: {detail}"),
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """Each template as a regular expression with one named group per ``{name}``."""
    out = []
    for template in TEMPLATES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(p) if i % 2 == 0 else
                        f"(?P<{p}>{NUMBER if p in NUMERIC else '.+?'})" for i, p in enumerate(parts))
        out.append((re.compile(regex + r"\Z", re.DOTALL), template))
    # The more literal text a template has, the more specific it is: try those first.
    out.sort(key=lambda pair: -len(re.sub(r"\{\w+\}", "", pair[1])))
    return tuple(out)


def engine_text(message: str) -> str:
    """``message`` (written by the engine, in English) in the interface language.

    Parameters
    ----------
    message : str
        An engine message: a problem reason, a warning, a training event, an evaluation stage.
        Several joined with ``"; "`` are translated one by one.

    Returns
    -------
    str
        The translation with the engine's values filled in, or ``message`` unchanged when no
        template matches (a message the engine gained after this table).
    """
    if not message:
        return message
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match:
            values = {k: engine_text(v) if k in NESTED else v
                      for k, v in match.groupdict().items()}
            return translate(CONTEXT, template).format(**values)
    if "; " in message:  # several events or notes in one line
        parts = message.split("; ")
        translated = [engine_text(p) for p in parts]
        if translated != parts:
            return "; ".join(translated)
    return message


def is_known(message: str) -> bool:
    """Whether some template matches ``message`` whole (for tests)."""
    return any(pattern.match(message) for pattern, _ in _patterns())
