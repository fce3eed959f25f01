"""GenAug Studio engine: pure Python + torch, never imports Qt (checked by import-linter)."""

__version__ = "0.1.0"
