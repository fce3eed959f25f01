"""The Model step's words for the engine's names: model families, devices and presets.

Marked for translation under the ``ModelPanel`` context, where the panel looks them up; a test
(tests/test_i18n.py) keeps them equal to the engine's texts.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

# The registry's titles and descriptions of the model families (engine.models.registry), marked
# for translation; a test keeps this list equal to the registry's texts.
FAMILY_TEXTS = (
    QT_TRANSLATE_NOOP("ModelPanel", "Conditional GAN"),
    QT_TRANSLATE_NOOP("ModelPanel", "A generator and a critic trained against each other: sharp "
                      "samples; needs more steps and can be unstable on very small data."),
    QT_TRANSLATE_NOOP("ModelPanel", "Conditional VAE"),
    QT_TRANSLATE_NOOP("ModelPanel", "An encoder-decoder that learns to rebuild images: stable and "
                      "fast to train; samples are smoother (blurrier)."),
)
DEVICES = {"auto": QT_TRANSLATE_NOOP("ModelPanel", "Automatic (GPU if there is one)"),
           "cpu": QT_TRANSLATE_NOOP("ModelPanel", "CPU"),
           "cuda": QT_TRANSLATE_NOOP("ModelPanel", "CUDA GPU")}
PRESET_TITLES = {"fast": QT_TRANSLATE_NOOP("ModelPanel", "Fast"),
                 "balanced": QT_TRANSLATE_NOOP("ModelPanel", "Balanced"),
                 "quality": QT_TRANSLATE_NOOP("ModelPanel", "Quality")}
GUI_PRESET_HELP = {  # engine.presets.PRESET_HELP, marked for translation (a test keeps them equal)
    "fast": QT_TRANSLATE_NOOP("ModelPanel", "A quick look: small networks, few steps."),
    "balanced": QT_TRANSLATE_NOOP("ModelPanel", "The default on a CPU: useful synthetic data in "
                                  "minutes."),
    "quality": QT_TRANSLATE_NOOP("ModelPanel", "Wider networks and more steps: for a GPU or a "
                                 "long run."),
}
