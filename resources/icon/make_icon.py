"""Draw the app icon (resources/icon/genaug.png and .ico) with Pillow; run once, output committed.

A rounded tile with a 3 x 3 grid of cells: six "real" cells in one colour and three "synthetic"
cells in an accent colour, for a dataset being augmented. ``python resources/icon/make_icon.py``.
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
BACKGROUND = (32, 48, 74)  # dark slate blue
REAL = (196, 214, 235)  # pale blue cells
SYNTHETIC = (255, 170, 60)  # orange cells
SYNTHETIC_CELLS = {2, 4, 6}  # the diagonal, read row by row


def draw(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` x ``size`` pixels, RGBA."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 6, fill=BACKGROUND)
    margin, gap = size * 0.16, size * 0.06
    cell = (size - 2 * margin - 2 * gap) / 3
    for i in range(9):
        row, col = divmod(i, 3)
        x0, y0 = margin + col * (cell + gap), margin + row * (cell + gap)
        d.rounded_rectangle([x0, y0, x0 + cell, y0 + cell], radius=size // 32,
                            fill=SYNTHETIC if i in SYNTHETIC_CELLS else REAL)
    return img


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    icon = draw()
    icon.save(here / "genaug.png")
    icon.save(here / "genaug.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
