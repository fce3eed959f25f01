"""User preferences (workspace folder, CPU threads for training) and the Preferences dialog.

They live in :class:`QSettings` under ``preferences/``; the window geometry stays under ``window/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SETTINGS_ORG, SETTINGS_APP = "GenAug", "GenAug Studio"


def default_workspace() -> Path:
    """``<AppDataLocation>/runs``: the platform's per-user data folder."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".genaug-studio") / "runs"


def auto_threads() -> int:
    """Torch CPU threads for training when the preference is "Auto": every core but one.

    Measured with ``benchmarks/ui_latency.py`` on a 2-core machine (sample, cgan, batch 64, the
    trainer on a QThread, a 10 ms timer on the GUI thread; two sessions, numbers vary ~25 %):

    - progress not drawn (``--no-draw``): 1 thread 744-917 images/s, timer p99 lateness
      0.9-1.2 ms; 2 threads 844-1086 images/s, p99 3.0-4.5 ms.
    - progress drawn as the Train panel does (default): 1 thread 725-921 images/s, p99 11-12 ms;
      2 threads 952-1242 images/s, p99 22-24 ms (the rest of the lateness is the drawing).
    - one other process busy on a core (``--busy 1``): 1 thread 762-764 images/s, p99 14-17 ms;
      2 threads collapse to 296-314 images/s (the pool's threads wait on each other whenever one
      is descheduled).

    Every core buys 12-35 % on an idle machine, loses ~60 % as soon as anything else wants a
    core, and doubles the UI's worst delays; so Auto leaves one core to the UI and the rest of
    the system. The user can choose every core in Preferences.

    Since the worker thread runs niced (``gui.workers.WORKER_NICE``) and the GUI thread only
    paints (issue 17; the real Train panel, default preset at 28 px, one session): 1 thread
    509 images/s in the GUI against 530 headless, p99 1.2 ms; 2 threads 700 against 891, p99
    8.4 ms. Lowering the worker's priority is enough for a smooth window even on every core;
    Auto still leaves one core for the busy-machine case above.
    """
    return max(1, (os.cpu_count() or 1) - 1)


@dataclass
class Preferences:
    """What the user chose in Preferences.

    Attributes
    ----------
    workspace : Path
        The folder run folders are created in and listed from.
    threads : int
        Torch CPU threads for training; 0 = Auto (:func:`auto_threads`).
    """

    workspace: Path
    threads: int = 0

    @classmethod
    def load(cls, settings: QSettings | None = None) -> Preferences:
        """Read from ``settings`` (the application's QSettings by default); defaults if absent."""
        s = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        workspace = s.value("preferences/workspace", "", type=str)
        try:
            threads = max(0, int(s.value("preferences/threads", 0)))
        except (TypeError, ValueError):
            threads = 0
        return cls(Path(workspace) if workspace else default_workspace(), threads)

    def save(self, settings: QSettings | None = None) -> None:
        """Write to ``settings`` (the application's QSettings by default)."""
        s = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        s.setValue("preferences/workspace", str(self.workspace))
        s.setValue("preferences/threads", int(self.threads))
        s.sync()

    def training_threads(self) -> int:
        """The thread count a run started now uses (Auto resolved)."""
        return self.threads if self.threads > 0 else auto_threads()


class PreferencesDialog(QDialog):
    """Edit a :class:`Preferences`: the workspace folder and the training threads.

    Parameters
    ----------
    prefs : Preferences
        The values shown at first; :meth:`preferences` returns the edited copy.
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.workspace_edit = QLineEdit(str(prefs.workspace))
        self.workspace_edit.setMinimumWidth(420)
        self.workspace_edit.setToolTip("New runs are saved here, and the Runs list shows the runs "
                                       "found here")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse)
        default = QPushButton("Default")
        default.setToolTip(str(default_workspace()))
        default.clicked.connect(lambda: self.workspace_edit.setText(str(default_workspace())))
        row = QHBoxLayout()
        row.addWidget(self.workspace_edit, 1)
        row.addWidget(browse)
        row.addWidget(default)

        cores = os.cpu_count() or 1
        self.threads_combo = QComboBox()
        self.threads_combo.addItem(f"Auto ({auto_threads()}: every core but one)", 0)
        for n in range(1, max(cores, prefs.threads) + 1):
            self.threads_combo.addItem(f"{n}" + ("  (every core)" if n == cores else ""), n)
        self.threads_combo.setCurrentIndex(max(0, self.threads_combo.findData(prefs.threads)))
        self.threads_combo.setToolTip("More threads train faster on an idle machine, but the "
                                      "window reacts later and training slows sharply when "
                                      "another program needs a core")
        note = QLabel("Applies to the next training run.")
        note.setEnabled(False)

        form = QFormLayout()
        form.addRow("Workspace folder", row)
        form.addRow("CPU threads for training", self.threads_combo)
        form.addRow("", note)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        """The values as edited (an empty workspace field means the default folder)."""
        text = self.workspace_edit.text().strip()
        return Preferences(Path(text).expanduser() if text else default_workspace(),
                           int(self.threads_combo.currentData()))

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Workspace folder",
                                                  self.workspace_edit.text())
        if folder:
            self.workspace_edit.setText(folder)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    dialog = PreferencesDialog(Preferences.load())
    if dialog.exec():
        print(dialog.preferences())
