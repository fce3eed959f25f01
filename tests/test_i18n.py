"""Two languages: switching to 简体中文 changes every visible text, live, without losing state.

The main test walks the widget tree of the whole window after the switch (labels, buttons, group
boxes, tabs, actions and menus, table headers, combo items, placeholders, tooltips, plot axes) and
fails on any text that still holds an English word. The window shows a real evaluation report (a
tiny 16-pixel run, evaluated in seconds), the "Run on a cluster" dialog is open, and the start
window, shown before torch loads, is checked on its own. A small allow-list keeps what is not English
prose: acronyms (GAN, VAE, CPU, KID...), proper names (Fréchet, Adam), key names (Ctrl, Delete),
citations ("Miyato et al. 2018"), file names and paths, and the data's own names (classes, runs).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from engine.paths import resource_path
from gui import i18n
from gui.engine_text import TEMPLATES, engine_text, is_known

ALLOWED_WORDS = {
    "GenAug", "Studio",  # the app's name
    "Fréchet", "Adam", "DiffAugment", "MSGAN", "Cutout",  # names of methods
    "Ctrl", "Delete", "Backspace", "Insert", "Space", "Shift", "Tab", "Esc", "Enter", "Return",
    "Alt", "Meta", "Home", "End", "Page", "PgUp", "PgDown", "Left", "Right", "Up", "Down",  # keys
    "px", "cgan", "cvae", "sample", "torchrun",  # a unit, model names, the sample's name, a command
    "PyTorch", "Gloo", "node",  # a library, a backend, the example host name node1:29400
}
OPTION_VALUES = {"auto", "cuda", "cpu", "tpu"}  # values typed on a command line, named in errors
CITATION = re.compile(r"[A-Z][a-zé]+(?: et al\.| & [A-Z][a-z]+)? \d{4}")  # "Lim & Ye 2017"
PATH_LIKE = re.compile(r"\S*[/\\]\S*|\S*\.(?:json|csv|toml|log|png|zip|genaug|pt|md|qm)\b|\*\.\w+")
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def english_words(text: str, extra: set[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that the allow-list does not excuse."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # rich-text tags and entities (&lt;)
    text = PATH_LIKE.sub(" ", CITATION.sub(" ", text))
    return [w for w in WORD.findall(text)
            if not (w.isupper() or w in ALLOWED_WORDS or w in extra)]  # acronyms: GAN, KID, RGB


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """``(where, text)`` for every user-visible text under ``root``, hidden pages included."""
    out: list[tuple[str, str]] = []

    def add(obj, what: str, text: str) -> None:
        if text and text.strip():
            out.append((f"{type(obj).__name__}:{obj.objectName() or ''}.{what}", text))

    for w in [root, *root.findChildren(QWidget)]:
        add(w, "toolTip", w.toolTip())
        add(w, "whatsThis", w.whatsThis())
        if w.isWindow():
            add(w, "windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(w, "title", w.title())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab{i}", w.tabText(i))
                add(w, f"tabToolTip{i}", w.tabToolTip(i))
        if isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                add(w, f"item{i}", w.itemText(i))
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                if item is not None:
                    add(w, f"header{c}", item.text())
        if hasattr(w, "specialValueText"):
            add(w, "specialValue", w.specialValueText())
        if hasattr(w, "placeholderText") and not isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        if hasattr(w, "getPlotItem"):  # pyqtgraph: axis titles
            for side in ("left", "bottom", "right"):
                axis = w.getPlotItem().getAxis(side)
                if axis is not None and axis.labelText:
                    add(w, f"axis-{side}", axis.labelText)
        for action in QWidget.actions(w):  # (the window has an attribute of that name)
            add(action, "text", action.text().replace("&", ""))
            add(action, "toolTip", action.toolTip() if action.toolTip() != action.text().replace(
                "&", "").replace("…", "") else "")
            add(action, "statusTip", action.statusTip())
    return out


@pytest.fixture(scope="module")
def evaluated_run(tmp_path_factory) -> Path:
    """A tiny cGAN trained on the sample's training split at 16 px, evaluated with small settings:
    its ``evaluation.json`` is the engine's own, so the report's every line is a real one."""
    from conftest import tiny_config

    from engine.data.sample import load_sample
    from engine.evaluate.report import EvalConfig, evaluate_run
    from engine.runs import split_for_run
    from engine.train.trainer import train

    run = tmp_path_factory.mktemp("i18n") / "tiny-run"
    cfg = tiny_config("cgan", steps=20)
    cfg.data.image_size = 16
    data = load_sample(16)
    train_idx, _ = split_for_run(run, data, cfg.data)
    train(cfg, data.subset(train_idx), run)
    evaluate_run(run, "sample", EvalConfig(seeds=1, classifier_steps=20, amounts=(0.5,),
                                           metric_samples=100, memorization_samples=100,
                                           bootstrap=200, device="cpu"))
    return run


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The main window on the sample, in English; English again afterwards whatever happens."""
    from gui.main_window import MainWindow
    from gui.state import AppState

    monkeypatch.setenv("HOME", str(tmp_path))  # QSettings and the workspace under tmp_path
    w = MainWindow(AppState(runs_root=tmp_path / "runs"))
    qtbot.addWidget(w)
    yield w
    i18n.set_language(QApplication.instance(), "en")
    QApplication.processEvents()


def switch(code: str) -> None:
    i18n.set_language(QApplication.instance(), code)
    QApplication.processEvents()  # LanguageChange is posted to every widget


def test_both_languages_are_offered_and_a_missing_file_is_named(tmp_path, monkeypatch):
    assert [c for c, _ in i18n.available_languages()] == ["en", "zh_CN"]
    assert i18n.qm_path("zh_CN").is_file()
    with pytest.raises(ValueError, match="klingon"):
        i18n.set_language(QApplication.instance() or QApplication([]), "klingon")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert [c for c, _ in i18n.available_languages()] == ["en"]
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / "genaug_zh_CN.qm"))):
        i18n.set_language(QApplication.instance(), "zh_CN")


def test_chinese_leaves_no_english_in_any_panel(window, evaluated_run):
    window.state.set_trained_run(evaluated_run)  # Evaluate shows the run's saved report
    evaluate = window.evaluate_panel
    assert evaluate.report is not None and evaluate.results.isVisibleTo(evaluate)
    report_labels = (evaluate.run_label, evaluate.verdict_label, evaluate.detail_label,
                     evaluate.results.discipline_label, evaluate.results.metrics_label)
    assert all(english_words(label.text()) for label in report_labels)  # English first
    dialog = window.train_panel.open_cluster_dialog()  # a child of the window: the walk sees it
    english_before = [(where, text) for where, text in visible_texts(window)
                      if english_words(text)]
    assert len(english_before) > 200  # the walk does see the texts (in English first)
    assert any(where.startswith("ClusterDialog") for where, _ in english_before)
    names = set(window.state.dataset.class_names) | {window.state.run_dir.name}
    names |= set(WORD.findall(evaluated_run.name))  # a run's name is the user's (tiny-run)
    switch("zh_CN")
    for label in report_labels:  # the report itself, not only the panel around it
        assert re.search(r"[\u4e00-\u9fff]", label.text()) and not english_words(label.text(), names), (
            label.text())
    assert re.search(r"[\u4e00-\u9fff]", dialog.windowTitle())
    left = [(where, text, english_words(text, names)) for where, text in visible_texts(window)]
    left = [x for x in left if x[2]]
    assert not left, "English left in the Chinese UI:\n" + "\n".join(
        f"  {where}: {text!r} -> {words}" for where, text, words in left[:40])
    for panel in window.panels:  # every page was translated, not only the one shown
        texts = [t for _, t in visible_texts(panel)]
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), type(panel).__name__


def test_switching_keeps_state_and_switches_back(window):
    window.show_step("Model")
    window.model_panel.batch_spin.setValue(48)
    window.data_panel.holdout_spin.setValue(0.25)
    panel_ids = [id(p) for p in window.panels]
    train = window.train_panel
    train.add_event(lambda: train.tr("Cancelled"))  # the event log is written again, too
    switch("zh_CN")
    assert train.event_log.events_list.item(train.event_log.events_list.count() - 1).text().endswith("已取消")
    assert window.model_panel.apply_button.text() == "应用预设"
    assert window.data_panel.tabs.tabText(2) == "缩略图"
    assert window.state.config.train.batch_size == 48 and window.model_panel.batch_spin.value() == 48
    assert window.data_panel.holdout_spin.value() == pytest.approx(0.25)
    assert window.stack.currentWidget() is window.model_panel  # nothing rebuilt, same page
    assert [id(p) for p in window.panels] == panel_ids
    assert window.state.dataset is not None
    switch("en")
    assert window.model_panel.apply_button.text() == "Apply preset"
    assert window.data_panel.tabs.tabText(2) == "Thumbnails"


def test_the_start_window_speaks_the_saved_language(qtbot, isolated_qsettings):
    """The start window (shown before torch loads) installs the language saved in Preferences."""
    from gui.preferences import Preferences
    from gui.splash import start_with_splash

    prefs = Preferences.load()
    prefs.language = "zh_CN"
    prefs.save()
    ready = []
    try:
        start = start_with_splash(ready.append)
        qtbot.addWidget(start)
        assert i18n.current_language() == "zh_CN"
        texts = visible_texts(start) + [(f"step{i}", start.sidebar.item(i).text())
                                        for i in range(start.sidebar.count())]
        assert len(texts) >= 7
        left = [(where, text) for where, text in texts if english_words(text)]
        assert not left, left
        assert "加载" in start.label.text() and "数据" in start.sidebar.item(0).text()
        qtbot.waitUntil(lambda: ready == [start], timeout=10_000)  # (the modules are in already)
        switch("en")  # a switch while it is shown re-sets its texts
        assert start.label.text() == "Loading the engine (PyTorch)…"
        assert start.sidebar.item(0).text() == "1   Data"
    finally:
        switch("en")


def test_every_text_of_the_code_is_translated():
    """The .ts holds no unfinished entry and every placeholder survives in its translation."""
    ts = ET.parse(resource_path("translations", "genaug_zh_CN.ts")).getroot()
    unfinished, broken = [], []
    for message in ts.iter("message"):
        source, translation = message.findtext("source"), message.find("translation")
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not translation.text:
            unfinished.append(source)
        elif sorted(re.findall(r"\{\w*\}", source)) != sorted(re.findall(r"\{\w*\}",
                                                                         translation.text)):
            broken.append(source)
    assert not unfinished, f"{len(unfinished)} untranslated: {unfinished[:10]}"
    assert not broken, f"placeholders lost in: {broken[:10]}"
    qm, ts_file = i18n.qm_path("zh_CN"), resource_path("translations", "genaug_zh_CN.ts")
    assert qm.stat().st_size > 10_000 and ts_file.is_file()


def test_engine_messages_are_translated_at_the_gui_boundary(qapp, tmp_path):
    """Real engine messages match a template; in Chinese they keep their values."""
    import numpy as np

    from engine.data.report import class_warnings
    from engine.evaluate.report import ARM_LABELS
    from engine.evaluate.verdict import make_verdict, with_classical_verdict

    labels = np.array([0] * 40 + [1] * 2 + [3] * 1)
    files = [f"/d/{i}.png" for i in range(len(labels))]
    digests = [f"{i}" for i in range(len(labels))]
    digests[1] = digests[0]  # one duplicate pair in class a
    warnings = class_warnings(["a", "b", "c", "d"], labels, files, digests,
                                np.full(len(labels), 4), 32)
    messages = [w.message for w in warnings]
    messages += list(ARM_LABELS.values())
    from engine.config import DataConfig
    from engine.data import load_dataset
    from engine.errors import UserError

    (tmp_path / "empty").mkdir()
    for folder in ("missing", "empty"):  # errors a panel shows in a dialog
        with pytest.raises(UserError) as error:
            load_dataset(DataConfig(path=str(tmp_path / folder)))
        messages.append(str(error.value))
    how = ("2x the real count, filtered at judge confidence 0.9", "1x the real count")
    gains = ((0.05, (0.02, 0.08), 3), (-0.2, (-0.3, -0.1), 3), (0.001, (-0.01, 0.01), 1))
    for validation_gain in (None, -0.004):  # validation favoured an amount, then none
        messages += [make_verdict({"gain_mean": g, "gain_ci": ci}, how[i % 2], seeds, 359, 1000, [],
                                  validation_gain=validation_gain)["text"]
                     for i, (g, ci, seeds) in enumerate(gains)]
        messages += [with_classical_verdict((g, *ci), how[i % 2], validation_gain is None, -0.01)["text"]
                     for i, (g, ci, _) in enumerate(gains)]
    messages += ["validation 2/4: real + 1x synthetic, judge ≥ 0.9 + classical",
                 "validation 1/3: real + 0.5x synthetic + classical"]  # stages of the classical arm
    messages += report_messages()
    unknown = [m for m in messages  # whole, or as the "; "-joined parts engine_text splits
               if not (is_known(m) or all(is_known(part) for part in m.split("; ")))]
    assert not unknown, unknown
    assert len(messages) >= 11
    try:
        switch("zh_CN")
        for m in messages:
            zh = engine_text(m)
            assert zh != m and not english_words(zh, {"a", "b", "c", "d"} | OPTION_VALUES), (m, zh)
            for number in re.findall(r"\d+(?:\.\d+)?", m):
                assert number in zh, (m, zh)  # the engine's values are kept
        assert engine_text("resumed from step 1,200 (step-1200.pt)") == "已从第 1,200 步恢复（step-1200.pt）"
        assert engine_text("paused; resumed from step 5 (x.pt)") == "已暂停; 已从第 5 步恢复（x.pt）"
        assert engine_text("a message added later") == "a message added later"  # shown as written
    finally:
        switch("en")
    assert engine_text("paused") == "paused"
    assert len(TEMPLATES) == len(set(TEMPLATES))


def report_messages() -> list[str]:
    """The engine's words an evaluation report holds (besides the verdict), made by the engine's
    own functions on every branch, and the cluster settings' errors."""
    import torch

    from engine.errors import UserError
    from engine.evaluate.interval import method_text
    from engine.evaluate.report import TEST_RULE
    from engine.evaluate.selection import validation_plan
    from engine.evaluate.verdict import limits
    from engine.train.cluster import ClusterPlan

    out = [method_text(1, 359, 2000), method_text(3, 1_330, 2000)]
    for per_class in (100, 10):  # a validation part, then k-fold on small classes
        out.append(validation_plan(torch.arange(3).repeat(per_class), 3, 2, 0)[1]["reason"])
    out.append(f"1,330 images (held-out split): {TEST_RULE}")  # report.py's discipline/test
    out.append("2 held-out image(s) with the same pixels as a training image were left out of the "
               "test set (3/a.png = 3/b.png)")  # holdout.py's note (its f-string, filled)
    arms = {"real": {"accuracy_mean": 0.9}, "synth": {"accuracy_mean": 0.5}}
    leaks = [{"class": "a", "looks_like": "b", "share": 0.3}]
    out += limits(arms, 0.2, leaks, [-0.05, 0.05], 359, 1, synthetic_used=0)  # every limit
    out += limits(arms, 0.0, [], [-0.05, 0.05], 359, 3)  # the interval, enough seeds
    out += limits({"real": {"accuracy_mean": 0.9}, "synth": {"accuracy_mean": 0.88}}, 0.0, [],
                  [-0.004, 0.004], 359, 3)  # none stands out
    assert len(out) == 14, out
    for plan in (ClusterPlan("/r", "sample", nproc_per_node=0), ClusterPlan("", "sample"),
                 ClusterPlan("/r", "sample", nnodes=2, rdzv_endpoint="node1"),
                 ClusterPlan("/r", "sample", device="tpu")):
        with pytest.raises(UserError) as error:
            plan.validate()
        out.append(str(error.value))
    return out


def test_the_report_lines_keep_their_numbers_in_chinese(qapp):
    """The limits line (the engine's sentences joined after a prefix) and the numbers of the
    report's templates survive the translation."""
    from engine.evaluate.verdict import limits
    from gui.evaluation_text import distinct_note, limits_text

    arms = {"real": {"accuracy_mean": 0.9}, "synth": {"accuracy_mean": 0.5}}
    take = "What would it take: " + " ".join(limits(arms, 0.2, [], [-0.05, 0.05], 1_359, 1))
    assert limits_text(take) == take  # English: as the engine wrote it
    try:
        switch("zh_CN")
        zh = limits_text(take)
        assert not english_words(zh), zh
        numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", take)
        assert {"50.0", "90.0", "20", "5.0", "1,359"} <= set(numbers)
        for number in numbers:
            assert number in zh, (number, zh)
        note = distinct_note({"synthetic": 120_000, "distinct": 60_000})
        assert "60,000" in note and not english_words(note)
    finally:
        switch("en")
    assert distinct_note({"synthetic": 120_000, "distinct": 60_000}) == " (60,000 distinct)"
    assert distinct_note({"synthetic": 200, "distinct": 200}) == ""


def test_engine_texts_marked_for_translation_match_the_engine():
    """Presets and the model registry's titles and descriptions are marked in the GUI (lupdate
    needs literals): the marked copies must stay equal to the engine's words."""
    from engine.models.registry import MODELS
    from engine.train.presets import PRESET_HELP, PRESETS
    from gui.panels.model_texts import FAMILY_TEXTS, GUI_PRESET_HELP, PRESET_TITLES

    assert GUI_PRESET_HELP == PRESET_HELP
    assert set(PRESET_TITLES) == set(PRESETS)
    assert {t for spec in MODELS.values() for t in (spec.title, spec.description)} <= set(FAMILY_TEXTS)


def test_the_user_guide_exists_in_both_languages():
    """Every English guide page has a Chinese one of the same name, with the same sections,
    links and table rows (a page added in English only fails here)."""
    en_dir, zh_dir = resource_path("guide", "en"), resource_path("guide", "zh_CN")
    en_pages = sorted(p.name for p in en_dir.glob("*.md"))
    assert en_pages and sorted(p.name for p in zh_dir.glob("*.md")) == en_pages
    for name in en_pages:
        en, zh = (d.joinpath(name).read_text(encoding="utf-8") for d in (en_dir, zh_dir))
        for pattern in (r"^#+ ", r"^\|", r"\]\(([^)]+)\)", r"`[^`]+`"):
            found_en = re.findall(pattern, en, flags=re.M)
            found_zh = re.findall(pattern, zh, flags=re.M)
            if pattern.startswith(r"\]"):  # the same pages linked, in order
                assert found_zh == found_en, (name, found_en, found_zh)
            elif pattern.startswith("`"):  # file names and keys stay as they are
                assert set(found_en) <= set(found_zh) | {"`+2.1 ± 0.8 points`"}, name
            else:
                assert len(found_zh) == len(found_en), (name, pattern)
        assert len(re.findall(r"[\u4e00-\u9fff]", zh)) > 100, name


def test_the_frozen_package_carries_the_translations_and_both_guides():
    """build.spec's data list (its resource_datas function, run alone) holds the .qm and the
    guide pages in both languages, and not the .ts sources or the screenshots."""
    import ast

    spec = Path(__file__).resolve().parent.parent / "build.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "resource_datas")
    namespace = {"ROOT": spec.parent, "Path": Path}
    exec(compile(ast.Module([func], []), str(spec), "exec"), namespace)
    datas = [Path(src).relative_to(spec.parent).as_posix() for src, _dest in namespace["resource_datas"]()]
    assert "resources/translations/genaug_zh_CN.qm" in datas
    assert not any(d.endswith(".ts") or "/screenshots/" in d for d in datas)
    for lang in ("en", "zh_CN"):
        assert f"resources/guide/{lang}/index.md" in datas


def test_a_report_favouring_no_synthetic_images_says_so_in_both_languages(qapp):
    """When validation favours real images alone, the detail lines say none was chosen (not "add
    1x"), and the sentence on top of classical augmentation is shown, in English and Chinese."""
    from engine.evaluate.verdict import limits, make_verdict, with_classical_verdict
    from gui.evaluation_text import detail

    arms = {"real": {"accuracy_mean": 0.97}, "synth": {"accuracy_mean": 0.95}}
    verdict = make_verdict({"gain_mean": 0.004, "gain_ci": (-0.01, 0.018)}, "1x the real count", 3, 1_330,
                           2000, limits(arms, 0.0, [], [-0.01, 0.018], 1_330, 3), validation_gain=-0.004)
    aug = with_classical_verdict((-0.006, -0.012, 0.0), "0.5x the real count", False, -0.002)
    report = {"recommendation": {"amount": 1.0, "filtered": False, "synthetic": 200,
                                 "validation_favours": "none", "helps": verdict["helps"]},
              "data": {"test_count": 1_330, "test_source": "held-out split", "train_count": 200},
              "verdict": {**verdict, "method": "x"}, "elapsed_s": 61.0, "with_classical": aug}
    assert not verdict["helps"] and verdict["verdict"] == "no clear effect"
    text = detail(report)
    assert "no synthetic images" in text and "add 1× the real count" not in text
    assert "With classical augmentation, validation favours no synthetic images" in text
    try:
        switch("zh_CN")
        zh = detail(report)
        assert "不加合成图像" in zh and "配合传统增强时" in zh
        assert not english_words(re.sub(r"<[^>]+>", " ", zh), {"x"}), zh
    finally:
        switch("en")
