"""User preferences (workspace, device, CPU threads, theme, language) and the Preferences dialog.

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

from gui.i18n import RetranslatedOnLanguageChange, available_languages, system_language
from gui.themes import THEMES

SETTINGS_ORG, SETTINGS_APP = "GenAug", "GenAug Studio"
LANGUAGE_SYSTEM = "system"  # the language preference that follows the system's locale


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
    paints, and with the GUI thread serial (:func:`engine.device.serial_here`; 600 steps, one
    session, see ``benchmarks/README.md``): 1 thread 495 images/s in the GUI against 504
    headless (0.98), p99 1.4 ms; 2 threads 755 against 925 (0.82), p99 8.5 ms. Lowering the
    worker's priority is enough for a smooth window even on every core; Auto still leaves one
    core for the busy-machine case above, and there the GUI trains at headless speed.
    """
    return max(1, (os.cpu_count() or 1) - 1)


def devices() -> list[tuple[str, str]]:
    """``(device, description)`` for every device training can use here: automatic, CPU, each GPU.

    A CUDA GPU is named with its memory (``cuda:0`` -> ``"GPU 0: NVIDIA H200 (139.8 GiB)"``), so
    a machine with several can pick one; Apple's Metal is offered when present.
    """
    import torch

    found = [("auto", "Automatic (the first GPU if there is one, else the CPU)"),
             ("cpu", f"CPU ({os.cpu_count() or 1} cores)")]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            found.append((f"cuda:{i}", f"GPU {i}: {p.name} ({p.total_memory / 2**30:.1f} GiB)"))
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        found.append(("mps", "Apple GPU (Metal)"))
    return found


@dataclass
class Preferences:
    """What the user chose in Preferences.

    Attributes
    ----------
    workspace : Path
        The folder run folders are created in and listed from.
    threads : int
        Torch CPU threads for training; 0 = Auto (:func:`auto_threads`).
    device : str
        ``"auto"``, ``"cpu"``, ``"cuda:N"`` or ``"mps"``: where training and evaluation run.
    theme : str
        ``"system"``, ``"light"`` or ``"dark"`` (:mod:`gui.themes`).
    language : str
        ``"system"`` (the locale's, when translated) or a code of :func:`gui.i18n.available_languages`.
    """

    workspace: Path
    threads: int = 0
    device: str = "auto"
    theme: str = "system"
    language: str = LANGUAGE_SYSTEM

    @classmethod
    def load(cls, settings: QSettings | None = None) -> Preferences:
        """Read from ``settings`` (the application's QSettings by default); defaults if absent."""
        s = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        workspace = s.value("preferences/workspace", "", type=str)
        try:
            threads = max(0, int(s.value("preferences/threads", 0)))
        except (TypeError, ValueError):
            threads = 0
        theme = s.value("preferences/theme", "system", type=str)
        return cls(Path(workspace) if workspace else default_workspace(), threads,
                   device=s.value("preferences/device", "auto", type=str) or "auto",
                   theme=theme if theme in THEMES else "system",
                   language=s.value("preferences/language", LANGUAGE_SYSTEM, type=str) or LANGUAGE_SYSTEM)

    def save(self, settings: QSettings | None = None) -> None:
        """Write to ``settings`` (the application's QSettings by default)."""
        s = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        s.setValue("preferences/workspace", str(self.workspace))
        s.setValue("preferences/threads", int(self.threads))
        s.setValue("preferences/device", self.device)
        s.setValue("preferences/theme", self.theme)
        s.setValue("preferences/language", self.language)
        s.sync()

    def training_threads(self) -> int:
        """The thread count a run started now uses (Auto resolved)."""
        return self.threads if self.threads > 0 else auto_threads()

    def language_code(self) -> str:
        """The language to show: the chosen one, or the system's when "system" (or no longer there)."""
        codes = [code for code, _ in available_languages()]
        return self.language if self.language in codes else system_language()


class PreferencesDialog(RetranslatedOnLanguageChange, QDialog):
    """Edit a :class:`Preferences`: workspace, device, training threads, theme and language.

    Parameters
    ----------
    prefs : Preferences
        The values shown at first; :meth:`preferences` returns the edited copy.
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self._prefs = prefs
        self.workspace_edit = QLineEdit(str(prefs.workspace))
        self.workspace_edit.setMinimumWidth(420)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._on_browse)
        self.default_button = QPushButton()
        self.default_button.clicked.connect(
            lambda: self.workspace_edit.setText(str(default_workspace())))
        row = QHBoxLayout()
        row.addWidget(self.workspace_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.default_button)

        self.device_combo = QComboBox()
        for device, text in devices():
            self.device_combo.addItem(text, device)
        if self.device_combo.findData(prefs.device) < 0:  # a GPU that is gone: keep the choice visible
            self.device_combo.addItem(prefs.device, prefs.device)
        self.device_combo.setCurrentIndex(self.device_combo.findData(prefs.device))
        self.threads_combo = QComboBox()
        self.threads_combo.addItem("", 0)
        for n in range(1, max(os.cpu_count() or 1, prefs.threads) + 1):
            self.threads_combo.addItem("", n)
        self.threads_combo.setCurrentIndex(max(0, self.threads_combo.findData(prefs.threads)))
        self.theme_combo = QComboBox()
        for theme in THEMES:
            self.theme_combo.addItem("", theme)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(prefs.theme)))
        self.language_combo = QComboBox()
        self.language_combo.addItem("", LANGUAGE_SYSTEM)
        for code, name in available_languages():
            self.language_combo.addItem(name, code)  # each language in its own name
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(prefs.language)))
        self.note_label = QLabel()
        self.note_label.setEnabled(False)
        self.note_label.setWordWrap(True)

        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        for label, field, buddy in zip(self.labels, [row, self.device_combo, self.threads_combo,
                                                    self.theme_combo, self.language_combo],
                                       [self.workspace_edit, self.device_combo, self.threads_combo,
                                        self.theme_combo, self.language_combo], strict=True):
            label.setBuddy(buddy)  # Alt+<letter> moves the focus to the field
            self.form.addRow(label, field)
        self.form.addRow("", self.note_label)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self._retranslate()

    def _retranslate(self) -> None:
        """Every text of the dialog in the current language."""
        self.setWindowTitle(self.tr("Preferences"))
        texts = [self.tr("&Workspace folder"), self.tr("&Device"), self.tr("CPU &threads for training"),
                 self.tr("T&heme"), self.tr("&Language")]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.workspace_edit.setToolTip(self.tr("New runs are saved here, and the Runs list shows the "
                                               "runs found here"))
        self.browse_button.setText(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose the workspace folder"))
        self.default_button.setText(self.tr("Default"))
        self.default_button.setToolTip(self.tr("Use the default folder: {0}").format(default_workspace()))
        self.device_combo.setToolTip(self.tr("Where training and evaluation run. A GPU is much faster; "
                                             "its memory limits the batch size"))
        self.device_combo.setItemText(0, self.tr("Automatic (the first GPU if there is one, else the CPU)"))
        self.device_combo.setItemText(1, self.tr("CPU ({0} cores)").format(os.cpu_count() or 1))
        cores = os.cpu_count() or 1
        self.threads_combo.setItemText(0, self.tr("Auto ({0}: every core but one)").format(auto_threads()))
        for i in range(1, self.threads_combo.count()):
            n = int(self.threads_combo.itemData(i))
            self.threads_combo.setItemText(i, self.tr("{0}  (every core)").format(n) if n == cores
                                           else str(n))
        self.threads_combo.setToolTip(self.tr("More threads train faster on an idle machine, but the "
                                              "window reacts later and training slows sharply when "
                                              "another program needs a core"))
        names = {"system": self.tr("Follow the system"), "light": self.tr("Light"), "dark": self.tr("Dark")}
        for i in range(self.theme_combo.count()):
            self.theme_combo.setItemText(i, names[self.theme_combo.itemData(i)])
        self.theme_combo.setToolTip(self.tr("Colours of the window and the plots"))
        self.language_combo.setItemText(0, self.tr("Follow the system"))
        self.language_combo.setToolTip(self.tr("The language of the interface and the user guide; it "
                                               "changes at once, nothing is lost"))
        self.note_label.setText(self.tr("Device and threads apply to the next training run; theme "
                                        "and language apply at once."))

    def preferences(self) -> Preferences:
        """The values as edited (an empty workspace field means the default folder)."""
        text = self.workspace_edit.text().strip()
        return Preferences(Path(text).expanduser() if text else default_workspace(),
                           int(self.threads_combo.currentData()),
                           device=str(self.device_combo.currentData()),
                           theme=str(self.theme_combo.currentData()),
                           language=str(self.language_combo.currentData()))

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Workspace folder"),
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
