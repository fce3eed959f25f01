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

from PySide6.QtCore import Qt, Slot
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
from gui.state import AppState

DEVICES = [("GPUs when the machines have them (NCCL), else CPUs (Gloo)", "auto"),
           ("CPUs only (Gloo)", "cpu")]


class ClusterDialog(QDialog):
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
        self.setWindowTitle("Run on a cluster")
        self.state = state
        self.written: Path | None = None
        name = time.strftime("%Y%m%d-%H%M%S") + "-cluster"

        self.name_edit = QLineEdit(name)
        self.name_edit.setToolTip(f"A new folder in the workspace {state.runs_root}")
        self.remote_dir_edit = QLineEdit(str(state.runs_root / name))
        self.remote_dir_edit.setToolTip("Where the run folder will be on the machines that train it "
                                        "(copy it there, or use a shared disk)")
        self.data_edit = QLineEdit(state.config.data.path)
        self.data_edit.setToolTip("The dataset folder as the machines that train see it")
        self.nproc_spin = QSpinBox()
        self.nproc_spin.setRange(1, 256)
        self.nproc_spin.setToolTip("One process per GPU; on CPUs, a few per machine")
        self.nnodes_spin = QSpinBox()
        self.nnodes_spin.setRange(1, 4096)
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText("node1:29400")
        self.endpoint_edit.setToolTip("HOST:PORT of one of the machines that all of them can reach")
        self.device_combo = QComboBox()
        for text, value in DEVICES:
            self.device_combo.addItem(text, value)
        self.batch_label = QLabel()

        form = QFormLayout()
        form.addRow("Run name:", self.name_edit)
        form.addRow("Run folder on the cluster:", self.remote_dir_edit)
        form.addRow("Dataset on the cluster:", self.data_edit)
        form.addRow("Processes per machine:", self.nproc_spin)
        form.addRow("Machines:", self.nnodes_spin)
        form.addRow("Rendezvous endpoint:", self.endpoint_edit)
        form.addRow("Train on:", self.device_combo)
        form.addRow("Batch:", self.batch_label)

        self.command_edit = QPlainTextEdit()
        self.command_edit.setReadOnly(True)
        self.command_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.command_edit.setMaximumHeight(90)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.write_button = QPushButton("Write run folder")
        self.write_button.setToolTip("Create the run folder in the workspace with the settings, "
                                     "the dataset description and the held-out split")
        self.copy_button = QPushButton("Copy command")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Start this in GenAug Studio's folder on the cluster (on every "
                                "machine when there are several):"))
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
        self._on_settings_changed()

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
            self._say("Load a dataset first (step 1, Data): the run folder describes it.", error=True)
            return False
        if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
            self._say(f"Not a valid run name: {name!r} (a plain folder name)", error=True)
            return False
        if self.local_run_dir().exists():
            self._say(f"{self.local_run_dir()} exists already: choose another name", error=True)
            return False
        config = copy.deepcopy(state.config)
        config.train.device = self.device_combo.currentData()
        config.train.threads = 0  # each machine sizes its own thread pool
        try:
            write_cluster_run(config, state.dataset, state.train_idx, state.held_idx,
                              self.local_run_dir())
        except UserError as exc:
            self._say(str(exc), error=True)
            return False
        self.written = self.local_run_dir()
        state.runs_changed.emit()
        self._say(f"Written: {self.written}. Copy it to the run folder on the cluster, start the "
                  "command, and copy the folder back into the workspace when it is done: Runs "
                  "opens it, and Continue trains it on here.")
        return True

    @Slot()
    def copy_command(self) -> None:
        """Put the command on the clipboard."""
        text = self.command()
        if text:
            QGuiApplication.clipboard().setText(text)
            self._say("Command copied to the clipboard.")

    # ---------------------------------------------------------------- slots
    @Slot()
    def _on_name_changed(self) -> None:
        remote = Path(self.remote_dir_edit.text().strip())
        if remote.parent == self.state.runs_root:  # still the default: follow the name
            self.remote_dir_edit.setText(str(self.local_run_dir()))

    @Slot()
    def _on_settings_changed(self) -> None:
        plan, batch = self.plan(), self.state.config.train.batch_size
        self.endpoint_edit.setEnabled(plan.nnodes > 1)
        procs = plan.nproc_per_node * plan.nnodes
        self.batch_label.setText(f"{batch} per process × {procs} process(es) = global batch "
                                 f"{batch * procs} per step")
        try:
            self.command_edit.setPlainText(format_command(torchrun_command(plan)))
            self.copy_button.setEnabled(True)
            self._say("")
        except UserError as exc:
            self.command_edit.setPlainText("")
            self.copy_button.setEnabled(False)
            self._say(str(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.note_label.setStyleSheet("color: #b00020;" if error else "")
        self.note_label.setText(text)


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
