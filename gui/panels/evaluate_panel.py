"""Step 5, Evaluate: a description of the evaluation that is still to come (placeholder)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.panels.base import Panel, preview
from gui.state import AppState

PLANNED = """
<h2>Evaluate: coming next</h2>
<p>This step will answer one question: <b>does the synthetic data help your classifier?</b>
Everything runs offline, on models trained here.</p>
<h3>Classification accuracy</h3>
<p>A small classifier is trained three times and each is tested on the <b>held-out real
images</b> set aside in step 1 (never seen by the generator):</p>
<ul>
<li><b>real only</b>: the baseline;</li>
<li><b>real + synthetic</b>: the augmentation gain, if any;</li>
<li><b>synthetic only</b>: the classification accuracy score (CAS), how much of each class the
generator really captured.</li>
</ul>
<h3>Sample quality</h3>
<p>FID, KID and precision / recall, computed on the features of a <b>domain classifier</b> trained
on your own data (no downloaded ImageNet network), comparing generated images with the held-out
real ones.</p>
<h3>Memorisation</h3>
<p>A check for generated images that are near-copies of training images, with each suspect shown
beside its nearest real neighbour.</p>
"""


class EvaluatePanel(Panel):
    """Placeholder: says what the Evaluate step will measure.

    Parameters
    ----------
    state : AppState
        The shared state (unused until evaluation exists).
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        text = QLabel(PLANNED)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setMaximumWidth(760)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


if __name__ == "__main__":
    raise SystemExit(preview(EvaluatePanel, load_sample=False))
