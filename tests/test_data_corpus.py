"""The messy-folder corpus: every problem case of issue 3, built by the test, scanned without a crash.

Every bad file must be reported with its path and reason, every good file loaded, hidden files
skipped silently, and converted files checked by their pixel values.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import write_png
from PIL import Image

from engine.data import decode, files
from engine.data.scan import scan_folder

SIZE = 16
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int = 20_000, height: int = 10_000) -> bytes:
    """A valid PNG header declaring 200 megapixels, with almost no data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit gray
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _png_chunk(b"IEND", b""))


def _gray(v: int, shape=(20, 20)) -> np.ndarray:
    return np.full(shape, v, dtype=np.uint8)


def build_corpus(root: Path) -> dict:
    """Write the corpus; return the expected good files, bad files (name -> reason word), etc."""
    good, bad = set(), {}

    def ok(path: Path, array, mode=None) -> Path:
        write_png(path, array, mode)
        good.add(path.name)
        return path

    # A plain class, a class with a unicode name and file name, one with a very long path.
    for i in range(3):
        ok(root / "plain" / f"p{i}.png", _gray(40 * (i + 1)))
    ok(root / "ünïcødé 猫" / "画像 🐱.png", _gray(90))
    deep = root / "long" / ("d" * 120) / ("e" * 120) / ("f" * 120)
    ok(deep / (("x" * 200) + ".png"), _gray(70))
    assert len(str(deep)) > 360

    conv = root / "converted"
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 128  # half-transparent red over white
    ok(conv / "rgba.png", rgba, "RGBA")
    la = np.zeros((20, 20, 2), np.uint8)
    la[..., 0], la[..., 1] = 0, 0  # fully transparent black: pure background
    ok(conv / "la.png", la, "LA")
    pal = Image.new("P", (20, 20), 0)
    pal.putpalette([10, 20, 30] + [250, 0, 0] * 255)
    pal.paste(1, (0, 0, 20, 10))  # top half colour 1 (red), bottom half colour 0 (transparent)
    pal.save(conv / "palette.png", transparency=0)
    good.add("palette.png")
    ramp = np.linspace(0, 65535, SIZE * SIZE).round().astype(np.uint16).reshape(SIZE, SIZE)
    ok(conv / "deep16.png", ramp)
    Image.new("CMYK", (20, 20), (0, 255, 255, 0)).save(conv / "cmyk.tif")
    good.add("cmyk.tif")
    Image.fromarray(np.linspace(-1, 3, SIZE * SIZE, dtype=np.float32).reshape(SIZE, SIZE), "F").save(
        conv / "float.tif")
    good.add("float.tif")
    # EXIF orientation 6 ("rotate 90 clockwise to display"): stored 40x20, left half black.
    wide = np.full((20, 40, 3), 255, np.uint8)
    wide[:, :20] = 0
    exif = Image.Exif()
    exif[decode.ORIENTATION_TAG] = 6
    Image.fromarray(wide).save(conv / "rotated.jpg", quality=95, exif=exif)
    good.add("rotated.jpg")
    frames = [Image.new("L", (20, 20), v) for v in (30, 220)]
    frames[0].save(conv / "anim.gif", save_all=True, append_images=frames[1:], duration=50)
    good.add("anim.gif")

    formats = root / "formats"
    Image.fromarray(_gray(123)).save(formats / "is_png.jpg", "PNG") if formats.mkdir() is None \
        else None  # content decides, not the extension
    good.add("is_png.jpg")
    Image.fromarray(_gray(60)).save(formats / "b.bmp")
    Image.fromarray(np.dstack([_gray(10), _gray(20), _gray(30)])).save(formats / "w.webp",
                                                                         lossless=True)
    good.update({"b.bmp", "w.webp"})

    broken = root / "broken"
    ok(broken / "fine.png", _gray(5))
    (broken / "empty.png").write_bytes(b"")
    bad["empty.png"] = "empty"
    jpg = broken / "cut.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), np.uint8)).save(jpg)
    jpg.write_bytes(jpg.read_bytes()[:400])
    bad["cut.jpg"] = "truncated"
    png = broken / "cut.png"
    write_png(png, np.random.default_rng(1).integers(0, 255, (64, 64), np.uint8))
    png.write_bytes(png.read_bytes()[:200])
    bad["cut.png"] = "truncated"
    (broken / "notes.png").write_text("this is a text file with an image extension")
    bad["notes.png"] = "not an image"
    (broken / "bomb.png").write_bytes(bomb_png())
    bad["bomb.png"] = "decompression bomb"
    os.symlink("self.png", broken / "self.png")
    bad["self.png"] = "symlink loop"
    os.symlink("nowhere.png", broken / "dangling.png")
    bad["dangling.png"] = "broken symlink"
    os.symlink("..", broken / "up")  # a folder link back to the dataset root
    bad["up"] = "symlink loop"
    locked = broken / "locked"
    write_png(locked / "inside.png", _gray(1))
    bad["locked"] = "permission denied"
    secret = ok(broken / "secret.png", _gray(2))
    good.discard("secret.png")
    bad["secret.png"] = "permission denied"

    only_broken = root / "only_broken"
    only_broken.mkdir()
    (only_broken / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    (only_broken / "b.jpg").write_bytes(b"")
    bad.update({"a.png": "truncated", "b.jpg": "empty"})

    # Hidden and system files and folders: never loaded, never reported.
    hidden = [broken / ".DS_Store", broken / "Thumbs.db", broken / "._fine.png",
              root / ".hidden" / "h.png", root / "plain" / "__MACOSX" / "m.png"]
    for h in hidden:
        write_png(h, _gray(3)) if h.suffix == ".png" else h.write_bytes(b"\0junk")
    (root / "stray.png").write_bytes(b"")  # a file beside the class folders
    bad["stray.png"] = "not in a class folder"
    return {"good": good, "bad": bad, "locked": locked, "secret": secret, "hidden": hidden}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    info = build_corpus(root)
    info["root"] = root
    locked, secret = info["locked"], info["secret"]
    os.chmod(locked, 0)
    os.chmod(secret, 0)
    if IS_ROOT:  # root reads anything: simulate the denial the OS gives a normal user
        real_scandir, real_open = files._scandir, decode._open_fd

        def scandir(path):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", path)
            return real_scandir(path)

        def open_fd(path):
            if Path(path) == secret:
                raise PermissionError(13, "Permission denied", path)
            return real_open(path)

        monkeypatch.setattr(files, "_scandir", scandir)
        monkeypatch.setattr(decode, "_open_fd", open_fd)
    yield info
    os.chmod(locked, 0o755)
    os.chmod(secret, 0o644)


def test_corpus_every_case(corpus):
    data = scan_folder(corpus["root"], image_size=SIZE, channels=3, use_cache=False)
    loaded = {Path(f).name for f in data.files}
    assert loaded == corpus["good"]  # every good file, nothing else
    by_name = {Path(p.path).name: p for p in data.problems}
    for name, word in corpus["bad"].items():
        assert name in by_name, f"{name} not reported"
        p = by_name[name]
        assert word in p.reason, (name, p.reason)
        assert p.action.startswith("skipped") and Path(p.path).is_absolute()
    for h in corpus["hidden"]:
        assert h.name not in by_name and h.name not in loaded
    assert "only_broken" not in data.class_names
    kinds = {(w.kind, tuple(w.classes)) for w in data.warnings}
    assert ("empty_class", ("only_broken",)) in kinds
    assert data.images.shape[1:] == (3, SIZE, SIZE) and len(data) == len(corpus["good"])


def test_converted_pixels(corpus):
    data = scan_folder(corpus["root"], image_size=SIZE, channels=3, use_cache=False)
    img = {Path(f).name: data.images[i].permute(1, 2, 0).numpy().astype(int)
           for i, f in enumerate(data.files)}  # (S, S, 3)
    notes = {Path(p.path).name: p for p in data.problems if p.action == "converted"}
    # RGBA (200, 0, 0, 128) over white: 255 + (c - 255) * 128 / 255.
    expect = [round(255 + (c - 255) * 128 / 255) for c in (200, 0, 0)]
    assert np.abs(img["rgba.png"] - expect).max() <= 1 and "composited" in notes["rgba.png"].reason
    assert (img["la.png"] == 255).all() and "LA" in notes["la.png"].reason
    pal = img["palette.png"]
    assert (pal[:SIZE // 2 - 1] == [250, 0, 0]).all() and (pal[SIZE // 2 + 1:] == 255).all()
    assert "transparent" in notes["palette.png"].reason
    assert (img["cmyk.tif"] == [255, 0, 0]).all() and "CMYK" in notes["cmyk.tif"].reason
    deep = img["deep16.png"][..., 0]
    assert len(np.unique(deep)) == 256 and deep.min() == 0 and deep.max() == 255
    assert (np.diff(deep.flatten()) >= 0).all() and "16-bit" in notes["deep16.png"].reason
    fl = img["float.tif"][..., 0]
    assert fl.min() == 0 and fl.max() == 255 and "float" in notes["float.tif"].reason
    # Orientation 6 turns the stored left (black) half into the top half.
    rot = img["rotated.jpg"].mean(axis=2)
    assert rot[:SIZE // 2 - 2].mean() < 40 and rot[SIZE // 2 + 2:].mean() > 215
    assert "EXIF orientation 6" in notes["rotated.jpg"].reason
    assert (img["anim.gif"] == 30).all() and "first frame" in notes["anim.gif"].reason
    assert (img["is_png.jpg"] == 123).all() and "is_png.jpg" not in notes


def test_class_warnings(tmp_path):
    root = tmp_path / "w"
    for i in range(30):
        write_png(root / "many" / f"{i}.png", _gray(i, (40, 40)))
    write_png(root / "one" / "solo.png", _gray(200, (40, 40)))
    write_png(root / "two" / "tiny.png", _gray(7, (4, 4)))
    (root / "two" / "copy.png").write_bytes((root / "many" / "3.png").read_bytes())
    data = scan_folder(root, image_size=32, use_cache=False)
    w = {x.kind: x for x in data.warnings}
    assert w["single_image"].classes == ["one"]
    assert "ratio 30.0:1" in w["imbalance"].message and set(w["imbalance"].classes) == {"many", "one"}
    dup = w["duplicates"]
    assert set(dup.classes) == {"many", "two"} and "different classes" in dup.message
    assert {Path(f).name for f in dup.files} == {"3.png", "copy.png"}
    assert [Path(f).name for f in w["small_images"].files] == ["tiny.png"]
    assert data.stats["modes"] == {"L": 33} and data.stats["min_size"] == [4, 4]
