"""The interface language: English (the source texts) or Simplified Chinese, through Qt's translators.

Translations live in ``resources/translations/genaug_<code>.qm`` (compiled from the ``.ts`` files
by ``make translations``). :func:`set_language` installs the translator for a language, with Qt's
own ``qtbase`` translations (standard dialog buttons, context menus) when Qt ships them, or removes
them for English. Qt then sends every widget a ``QEvent.LanguageChange``.

The rule every widget follows, so a switch never rebuilds the window (no state is lost):

* texts are set in ``_retranslate()``, never only in ``__init__``;
* ``__init__`` calls ``self._retranslate()`` once the widgets exist;
* ``changeEvent`` calls it again on ``QEvent.LanguageChange`` (:func:`is_language_change`).

Texts that live in module-level tables are marked with ``QT_TRANSLATE_NOOP(context, text)`` so
``lupdate`` finds them, and translated where they are shown with :func:`translate`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from engine.paths import resource_path

SOURCE_LANGUAGE = "en"  # the texts in the code are English: no translator needed
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language
QM_PREFIX = "genaug_"  # resources/translations/genaug_<code>.qm

_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)
_current = SOURCE_LANGUAGE


def translations_dir() -> Path:
    """The folder of the app's ``.ts`` and ``.qm`` files (from source or frozen)."""
    return resource_path("translations")


def qm_path(code: str) -> Path:
    """Where the compiled translation of language ``code`` is."""
    return translations_dir() / f"{QM_PREFIX}{code}.qm"


def available_languages() -> list[tuple[str, str]]:
    """``(code, name)`` of every language the app can show: English and each compiled ``.qm``.

    Returns
    -------
    list of (str, str)
        English first, then the others in :data:`LANGUAGE_NAMES` order; a language whose ``.qm``
        file is missing (a broken install) is not offered.
    """
    return [(code, name) for code, name in LANGUAGE_NAMES.items()
            if code == SOURCE_LANGUAGE or qm_path(code).is_file()]


def system_language() -> str:
    """The available language closest to the system's locale (``zh_*`` -> ``zh_CN``), else English."""
    name = QLocale.system().name()  # e.g. "zh_CN", "en_GB"
    codes = [code for code, _ in available_languages()]
    if name in codes:
        return name
    if name.startswith("zh") and "zh_CN" in codes:
        return "zh_CN"
    return SOURCE_LANGUAGE


def current_language() -> str:
    """The code of the language installed by the last :func:`set_language` (``"en"`` at first)."""
    return _current


def set_language(app: QCoreApplication, code: str) -> None:
    """Show the interface in language ``code`` (``"en"`` or ``"zh_CN"``) from now on.

    Removes the translators installed before, then installs the app's translation and Qt's own
    ``qtbase`` one (when Qt ships it) for ``code``. Every widget receives a ``LanguageChange``
    event and re-sets its texts in ``_retranslate()``; nothing is rebuilt.

    Parameters
    ----------
    app : QCoreApplication
        The running application.
    code : str
        A language code from :func:`available_languages`.

    Raises
    ------
    ValueError
        If ``code`` is not a known language, or its translation file is missing or unreadable
        (the message names the file).
    """
    global _current
    if code not in LANGUAGE_NAMES:
        raise ValueError(f"Unknown language {code!r}: choose one of {', '.join(LANGUAGE_NAMES)}")
    new: list[QTranslator] = []
    if code != SOURCE_LANGUAGE:
        path = qm_path(code)
        ours = QTranslator(app)
        if not path.is_file() or not ours.load(str(path)):
            raise ValueError(f"Cannot load the {LANGUAGE_NAMES[code]} translation {path}: "
                             f"{'missing' if not path.is_file() else 'not a Qt .qm file'} "
                             "(run `make translations`)")
        new.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{code}", qt_dir):  # optional: Qt's own dialogs and menus
            new.append(qt)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    for translator in new:
        app.installTranslator(translator)
        _installed.append(translator)
    _current = code  # installing or removing a translator sends LanguageChange by itself


def translate(context: str, text: str) -> str:
    """``text`` (an English source string marked with ``QT_TRANSLATE_NOOP(context, ...)``) shown now."""
    return QCoreApplication.translate(context, text)


def is_language_change(event: QEvent) -> bool:
    """Whether ``event`` asks a widget to re-set its texts (call ``_retranslate()`` then)."""
    return event.type() == QEvent.Type.LanguageChange


class RetranslatedOnLanguageChange:
    """Mixin for a Qt widget that sets its texts in ``_retranslate()``: that runs again whenever the
    language changes. List it before the Qt class: ``class Box(RetranslatedOnLanguageChange, QGroupBox)``.
    """

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
