"""GenAug Studio's desktop interface: PySide6 + pyqtgraph views over the engine."""
