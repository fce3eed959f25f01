"""Gallery scrolling: frame time of the thumbnail view holding 10,000 images, one JSON line.

    QT_QPA_PLATFORM=offscreen python benchmarks/gallery.py [--images 10000] [--size 28] [--zoom 64]

The view (gui.widgets.thumbnail_view) is shown at 1000x700, then scrolled from top to bottom in
steps of a third of a page (and a few long jumps); each step is one synchronous repaint of the
viewport (``viewport().repaint()``), timed. Every step paints thumbnails never drawn before, so the
lazy QImage creation is inside the measured frames. Target: every frame under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.widgets.thumbnail_view import ThumbnailView  # noqa: E402

# PySide6 6.12.0 on CPython 3.11 drops one reference to None (and True / False) on every call of a
# method returning void (QPainter.drawImage, QWidget.update...): after some ten thousand calls the
# interpreter aborts with "deallocating None". On 3.12+ these objects are immortal and nothing
# happens. Holding extra references lets this benchmark finish on 3.11; the app itself needs
# Python >= 3.12 or another PySide6 release.
_REFERENCE_PAD = [None, True, False] * 3_000_000 if sys.version_info < (3, 12) else []


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", type=int, default=10_000)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1, choices=[1, 3])
    p.add_argument("--zoom", type=int, default=64, help="thumbnail side in pixels")
    args = p.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (args.images, args.size, args.size, args.channels), dtype=np.uint8)

    view = ThumbnailView()
    view.resize(1000, 700)
    view.set_zoom(args.zoom)
    view.show()
    app.processEvents()
    t0 = time.perf_counter()
    view.thumbs.set_images(images, list(range(args.images)),
                           rejected=rng.random(args.images) < 0.05)  # some drawn rejected
    view.doItemsLayout()
    app.processEvents()
    load_ms = 1000 * (time.perf_counter() - t0)
    t0 = time.perf_counter()
    view.viewport().repaint()
    first_ms = 1000 * (time.perf_counter() - t0)

    bar = view.verticalScrollBar()
    step = max(1, bar.pageStep() // 3)
    positions = list(range(0, bar.maximum() + 1, step))
    positions += [bar.maximum() // 2, 0, bar.maximum(), bar.maximum() // 4]  # long jumps
    frames = []
    for value in positions:
        bar.setValue(value)
        t0 = time.perf_counter()
        view.viewport().repaint()
        frames.append(1000 * (time.perf_counter() - t0))
        app.processEvents()
    frames_arr = np.array(frames)
    print(json.dumps({
        "benchmark": "gallery_scroll", "images": args.images, "image_size": args.size,
        "zoom_px": args.zoom, "viewport": [view.viewport().width(), view.viewport().height()],
        "frames": len(frames), "scroll_range_px": bar.maximum(),
        "frame_ms_mean": round(float(frames_arr.mean()), 2),
        "frame_ms_p95": round(float(np.percentile(frames_arr, 95)), 2),
        "frame_ms_max": round(float(frames_arr.max()), 2),
        "target_ms": 50, "set_images_ms": round(load_ms, 1), "first_paint_ms": round(first_ms, 1),
        "platform": app.platformName(),
        "python": sys.version.split()[0], "none_reference_pad": bool(_REFERENCE_PAD),
    }))


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip finalisation: freeing the pad would hand back the references PySide took
