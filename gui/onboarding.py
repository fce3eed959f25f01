"""The guided path of the first start: a bar above the panels that walks through the six steps.

It opens once (on the sample, which the window loads at the first start), can be closed at any
time, and comes back from Help → Getting started. Whether it was seen is kept in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.i18n import RetranslatedOnLanguageChange
from gui.preferences import SETTINGS_APP, SETTINGS_ORG

SEEN_KEY = "onboarding/seen"  # QSettings: the tour was shown once (it does not open by itself again)

# (page, what to do there): one line per step, in the sidebar's order.
TOUR = (
    ("Data", QT_TRANSLATE_NOOP("GuideBar", "Step 1 of 6, Data: the built-in sample (handwritten digits) "
                               "is loaded. Look at the class counts; open your own folder with "
                               "File → Open dataset folder, or drop it on the window.")),
    ("Model", QT_TRANSLATE_NOOP("GuideBar", "Step 2 of 6, Model: keep GAN and the preset chosen for "
                                "this dataset and computer; every setting stays editable.")),
    ("Train", QT_TRANSLATE_NOOP("GuideBar", "Step 3 of 6, Train: press Start (F5). Curves and samples "
                                "update live; Pause (F6) and Stop (Shift+F5) keep what was learned.")),
    ("Gallery", QT_TRANSLATE_NOOP("GuideBar", "Step 4 of 6, Gallery: generate images per class and "
                                  "reject the bad ones; Export leaves them out.")),
    ("Evaluate", QT_TRANSLATE_NOOP("GuideBar", "Step 5 of 6, Evaluate: find out whether the synthetic "
                                   "images help a classifier on held-out real images.")),
    ("Export", QT_TRANSLATE_NOOP("GuideBar", "Step 6 of 6, Export: write real + synthetic images to a "
                                 "new folder, in the same class layout. Save your project with Ctrl+S; "
                                 "the guide is under Help (F1).")),
)


def tour_seen() -> bool:
    """Whether the guided path was already shown on this computer."""
    return QSettings(SETTINGS_ORG, SETTINGS_APP).value(SEEN_KEY, False, type=bool)


def mark_tour_seen() -> None:
    """Remember that the guided path was shown."""
    settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
    settings.setValue(SEEN_KEY, True)
    settings.sync()


class GuideBar(RetranslatedOnLanguageChange, QFrame):
    """One step of the tour at a time, with Back, Next and Close.

    Signals
    -------
    step_requested(str)
        Show this page (the window selects it in the sidebar).
    """

    step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("GuideBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.index = 0
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.close_button = QPushButton()
        row = QHBoxLayout(self)
        row.addWidget(self.text_label, 1)
        for button in (self.back_button, self.next_button, self.close_button):
            row.addWidget(button)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.finish)
        self._retranslate()

    def start(self) -> None:
        """Show the bar on the first step."""
        mark_tour_seen()
        self.show()
        self.go(0)

    def go(self, index: int) -> None:
        """Show step ``index`` of :data:`TOUR` and ask the window for its page."""
        self.index = max(0, min(index, len(TOUR) - 1))
        self._retranslate()
        self.step_requested.emit(TOUR[self.index][0])

    @Slot()
    def next(self) -> None:
        """The next step; after the last one the tour ends."""
        if self.index == len(TOUR) - 1:
            self.finish()
        else:
            self.go(self.index + 1)

    @Slot()
    def back(self) -> None:
        """The step before."""
        self.go(self.index - 1)

    @Slot()
    def finish(self) -> None:
        """Close the bar (Help → Getting started opens it again)."""
        self.hide()

    def _retranslate(self) -> None:
        """The texts in the current language."""
        self.text_label.setText(QCoreApplication.translate("GuideBar", TOUR[self.index][1]))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setToolTip(self.tr("The step before"))
        self.back_button.setEnabled(self.index > 0)
        last = self.index == len(TOUR) - 1
        self.next_button.setText(self.tr("Done") if last else self.tr("Next"))
        self.next_button.setToolTip(self.tr("End the tour") if last else self.tr("Go to the next step"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the tour; Help → Getting started opens it again"))

