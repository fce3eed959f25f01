""""Run on a cluster…": write the run's folder here, show the torchrun command that trains it there.

The dialog only gathers where and on how many processes the run should train; the engine
(:mod:`engine.train.cluster`) writes the folder and builds the command, so what the GUI shows is
what the command line accepts. When the run is done, its folder copied back into the workspace
appears in Runs, where Open and Continue work as for a run trained here.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.errors import UserError
from engine.train.cluster import ClusterPlan, format_command, torchrun_command, write_cluster_run
from gui.engine_text import engine_text
from gui.i18n import RetranslatedOnLanguageChange, translate
from gui.state import AppState

DEVICES = [(QT_TRANSLATE_NOOP("ClusterDialog", "GPUs when the machines have them (NCCL), else CPUs "
                                               "(Gloo)"), "auto"),
           (QT_TRANSLATE_NOOP("ClusterDialog", "CPUs only (Gloo)"), "cpu")]


class ClusterDialog(RetranslatedOnLanguageChange, QDialog):
    """Settings of a run handed over to torchrun, the exact command, and a Copy button.

    Parameters
    ----------
    state : AppState
        The loaded dataset, its split, the model and training settings, the workspace.
    parent : QWidget, optional
        Qt parent.

    Attributes
    ----------
    written : Path or None
        The run folder written by "Write run folder", once it has been.
    """

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.written: Path | None = None
        self._note = lambda: ""  # the note under the command (re-made on a language change)
        name = time.strftime("%Y%m%d-%H%M%S") + "-cluster"

        self.name_edit = QLineEdit(name)
        self.remote_dir_edit = QLineEdit(str(state.runs_root / name))
        self.data_edit = QLineEdit(state.config.data.path)
        self.nproc_spin = QSpinBox()
        self.nproc_spin.setRange(1, 256)
        self.nnodes_spin = QSpinBox()
        self.nnodes_spin.setRange(1, 4096)
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText("node1:29400")
        self.device_combo = QComboBox()
        for text, value in DEVICES:
            self.device_combo.addItem(text, value)
        self.batch_label = QLabel()

        form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(8)]
        for label, field in zip(self.form_labels, (
                self.name_edit, self.remote_dir_edit, self.data_edit, self.nproc_spin,
                self.nnodes_spin, self.endpoint_edit, self.device_combo, self.batch_label), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)

        self.command_edit = QPlainTextEdit()
        self.command_edit.setReadOnly(True)
        self.command_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.command_edit.setMaximumHeight(90)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.write_button = QPushButton()
        self.copy_button = QPushButton()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.command_label = QLabel()
        self.command_label.setWordWrap(True)
        layout.addWidget(self.command_label)
        layout.addWidget(self.command_edit)
        layout.addWidget(self.note_label)
        layout.addWidget(buttons)

        for edit in (self.name_edit, self.remote_dir_edit, self.data_edit, self.endpoint_edit):
            edit.textChanged.connect(self._on_settings_changed)
        self.name_edit.textChanged.connect(self._on_name_changed)
        self.nproc_spin.valueChanged.connect(self._on_settings_changed)
        self.nnodes_spin.valueChanged.connect(self._on_settings_changed)
        self.device_combo.currentIndexChanged.connect(self._on_settings_changed)
        self.write_button.clicked.connect(self.write_run)
        self.copy_button.clicked.connect(self.copy_command)
        self._retranslate()
        self._on_settings_changed()

    def _retranslate(self) -> None:
        """Every text of the dialog in the current language."""
        self.setWindowTitle(self.tr("Run on a cluster"))
        self.name_edit.setToolTip(self.tr("A new folder in the workspace {folder}").format(
            folder=self.state.runs_root))
        self.remote_dir_edit.setToolTip(self.tr("Where the run folder will be on the machines that "
                                                "train it (copy it there, or use a shared disk)"))
        self.data_edit.setToolTip(self.tr("The dataset folder as the machines that train see it"))
        self.nproc_spin.setToolTip(self.tr("One process per GPU; on CPUs, a few per machine"))
        self.nnodes_spin.setToolTip(self.tr("How many machines train together (one torchrun on "
                                            "each)"))
        self.endpoint_edit.setToolTip(self.tr("HOST:PORT of one of the machines that all of them can "
                                              "reach"))
        self.device_combo.setToolTip(self.tr("What the processes train on"))
        for i, (text, _value) in enumerate(DEVICES):
            self.device_combo.setItemText(i, translate("ClusterDialog", text))
        for label, text in zip(self.form_labels, (
                self.tr("Run &name:"), self.tr("Run &folder on the cluster:"),
                self.tr("&Dataset on the cluster:"), self.tr("&Processes per machine:"),
                self.tr("&Machines:"), self.tr("&Rendezvous endpoint:"), self.tr("&Train on:"),
                self.tr("Batch:")), strict=True):
            label.setText(text)
        self.command_label.setText(self.tr("Start this in GenAug Studio's folder on the cluster (on "
                                           "every machine when there are several):"))
        self.write_button.setText(self.tr("Write run folder"))
        self.write_button.setToolTip(self.tr("Create the run folder in the workspace with the "
                                             "settings, the dataset description and the held-out "
                                             "split"))
        self.copy_button.setText(self.tr("Copy command"))
        self.copy_button.setToolTip(self.tr("Put the command on the clipboard"))
        self._show_batch()
        self.note_label.setText(self._note())

    # ---------------------------------------------------------------- reading
    def plan(self) -> ClusterPlan:
        """The settings as the engine takes them."""
        return ClusterPlan(
            run_dir=self.remote_dir_edit.text().strip(), data=self.data_edit.text().strip(),
            nproc_per_node=self.nproc_spin.value(), nnodes=self.nnodes_spin.value(),
            rdzv_endpoint=self.endpoint_edit.text().strip(), device=self.device_combo.currentData(),
        )

    def command(self) -> str:
        """The command line shown (empty when the settings are incomplete)."""
        try:
            return format_command(torchrun_command(self.plan()))
        except UserError:
            return ""

    def local_run_dir(self) -> Path:
        return self.state.runs_root / self.name_edit.text().strip()

    # ---------------------------------------------------------------- actions
    @Slot()
    def write_run(self) -> bool:
        """Write the run folder into the workspace; False (with the reason shown) if it cannot."""
        state, name = self.state, self.name_edit.text().strip()
        if state.dataset is None or state.train_idx is None:
            self._say(lambda: self.tr("Load a dataset first (step 1, Data): the run folder describes "
                                      "it."), error=True)
            return False
        if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
            self._say(lambda: self.tr("Not a valid run name: {name} (a plain folder name)").format(
                name=repr(name)), error=True)
            return False
        if self.local_run_dir().exists():
            folder = self.local_run_dir()
            self._say(lambda: self.tr("{folder} exists already: choose another name").format(
                folder=folder), error=True)
            return False
        config = copy.deepcopy(state.config)
        config.train.device = self.device_combo.currentData()
        config.train.threads = 0  # each machine sizes its own thread pool
        try:
            write_cluster_run(config, state.dataset, state.train_idx, state.held_idx,
                              self.local_run_dir())
        except UserError as exc:
            message = str(exc)  # (exc is unbound after the except block; the lambda outlives it)
            self._say(lambda: engine_text(message), error=True)
            return False
        self.written = written = self.local_run_dir()
        state.runs_changed.emit()
        self._say(lambda: self.tr("Written: {folder}. Copy it to the run folder on the cluster, start "
                                  "the command, and copy the folder back into the workspace when it "
                                  "is done: Runs opens it, and Continue trains it on here.").format(
                                      folder=written))
        return True

    @Slot()
    def copy_command(self) -> None:
        """Put the command on the clipboard."""
        text = self.command()
        if text:
            QGuiApplication.clipboard().setText(text)
            self._say(lambda: self.tr("Command copied to the clipboard."))

    # ---------------------------------------------------------------- slots
    @Slot()
    def _on_name_changed(self) -> None:
        remote = Path(self.remote_dir_edit.text().strip())
        if remote.parent == self.state.runs_root:  # still the default: follow the name
            self.remote_dir_edit.setText(str(self.local_run_dir()))

    @Slot()
    def _on_settings_changed(self) -> None:
        plan = self.plan()
        self.endpoint_edit.setEnabled(plan.nnodes > 1)
        self._show_batch()
        try:
            self.command_edit.setPlainText(format_command(torchrun_command(plan)))
            self.copy_button.setEnabled(True)
            self._say(lambda: "")
        except UserError as exc:
            self.command_edit.setPlainText("")
            self.copy_button.setEnabled(False)
            message = str(exc)
            self._say(lambda: engine_text(message), error=True)

    def _show_batch(self) -> None:
        """The batch each process trains on and the global batch per step."""
        batch, procs = self.state.config.train.batch_size, self.nproc_spin.value() * self.nnodes_spin.value()
        self.batch_label.setText(self.tr("{batch} per process × {procs} process(es) = global batch "
                                         "{total} per step").format(batch=batch, procs=procs,
                                                                    total=batch * procs))

    def _say(self, text, error: bool = False) -> None:
        """Show ``text()`` under the command, now and after a language change (red: an error)."""
        self._note = text
        self.note_label.setStyleSheet("color: #b00020;" if error else "")
        self.note_label.setText(text())


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from engine.data.sample import load_sample

    app = QApplication.instance() or QApplication(sys.argv)
    demo_state = AppState()
    demo_state.set_dataset(load_sample(), "sample")
    dialog = ClusterDialog(demo_state)
    dialog.show()
    raise SystemExit(app.exec())
