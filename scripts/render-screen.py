"""Renders a tmux capture (`capture-pane -e -p`, ANSI colours) to a PNG.

Usage: render-screen.py WIDTH HEIGHT INPUT.ans OUTPUT.png [--title TEXT]
Uses pyte (a terminal emulator) to interpret the escape sequences and Pillow to draw each
cell with DejaVu Sans Mono; wide characters take two cells.
"""
import sys

import pyte
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
NAMED = {
    "black": (0, 0, 0), "red": (205, 49, 49), "green": (13, 188, 121), "brown": (229, 229, 16),
    "yellow": (229, 229, 16), "blue": (36, 114, 200), "magenta": (188, 63, 188),
    "cyan": (17, 168, 205), "white": (229, 229, 229),
    "brightblack": (102, 102, 102), "brightred": (241, 76, 76), "brightgreen": (35, 209, 139),
    "brightbrown": (245, 245, 67), "brightyellow": (245, 245, 67), "brightblue": (59, 142, 234),
    "brightmagenta": (214, 112, 214), "brightcyan": (41, 184, 219), "brightwhite": (255, 255, 255),
}
DEFAULT_FG = (212, 212, 212)
DEFAULT_BG = (24, 24, 27)


def color(value, default):
    if value == "default":
        return default
    if value in NAMED:
        return NAMED[value]
    if len(value) == 6:
        try:
            return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
        except ValueError:
            pass
    return default


def main():
    width, height, source, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    screen = pyte.Screen(width, height)
    stream = pyte.Stream(screen)
    text = open(source, encoding="utf-8", errors="replace").read()
    # capture-pane ends lines with \n only; a terminal needs \r\n.
    stream.feed(text.rstrip("\n").replace("\n", "\r\n"))
    size = 16
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", size)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", size)
    italic = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Oblique.ttf", size)
    cell_w = int(regular.getlength("M"))
    cell_h = int(size * 1.3)
    pad = 12
    image = Image.new("RGB", (width * cell_w + 2 * pad, height * cell_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        line = screen.buffer[y]
        for x in range(width):
            char = line[x]
            fg = color(char.fg, DEFAULT_FG)
            bg = color(char.bg, DEFAULT_BG)
            if char.bold and char.fg in NAMED and not char.fg.startswith("bright"):
                fg = NAMED.get("bright" + char.fg, fg)
            if char.reverse:
                fg, bg = bg, fg
            left, top = pad + x * cell_w, pad + y * cell_h
            if bg != DEFAULT_BG:
                draw.rectangle([left, top, left + cell_w, top + cell_h], fill=bg)
            if char.data and char.data != " ":
                font = bold if char.bold else italic if char.italics else regular
                draw.text((left, top + 2), char.data, font=font, fill=fg)
            if char.underscore:
                draw.line([left, top + cell_h - 2, left + cell_w, top + cell_h - 2], fill=fg)
    image.save(target)


if __name__ == "__main__":
    main()
