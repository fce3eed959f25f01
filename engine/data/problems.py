"""What the scan reports: a file that was not used as it was, and a finding about a class.

Kept free of torch so the scan's worker processes import it quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """A file that was not used as it was: where, why, and what was done about it."""

    path: str
    reason: str
    action: str  # "skipped" or "converted" (the reason says how)


@dataclass
class DataWarning:
    """A finding about the dataset as a whole or about a class, rather than about one file.

    Attributes
    ----------
    kind : str
        ``"empty_class"``, ``"single_image"``, ``"imbalance"``, ``"duplicates"`` or ``"small_images"``.
    message : str
        One complete sentence for the user.
    classes : list of str
        The classes it concerns.
    files : list of str
        The files it concerns (the copies of a duplicate group, the small images), may be empty.
    """

    kind: str
    message: str
    classes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
