"""Renders a tmux capture (`capture-pane -e -p`, ANSI colours) to a PNG.

Usage: render-screen.py WIDTH HEIGHT INPUT.ans OUTPUT.png [--light]

Uses pyte (a terminal emulator) to interpret the escape sequences and Pillow to draw each
cell with DejaVu Sans Mono. A glyph that font lacks comes from the first fallback that has it
(fontTools reads their character maps): DejaVu Sans (arrows such as ⟳, braille), WenQuanYi
Micro Hei (CJK, kana), Symbola (emoji, other symbols); a wide character spans two cells. Box
drawing and block elements are drawn as lines and rectangles so borders join up. --light
draws on a light terminal background (for the light theme); the default is a dark one.
"""
import argparse
import os

import pyte
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image, ImageDraw, ImageFont

DEJAVU = "/usr/share/fonts/truetype/dejavu/"
# Each style: the monospaced primary, then the fallbacks in order. A missing file is skipped.
FALLBACKS = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"]
STYLES = {
    "regular": [DEJAVU + "DejaVuSansMono.ttf", DEJAVU + "DejaVuSans.ttf"] + FALLBACKS,
    "bold": [DEJAVU + "DejaVuSansMono-Bold.ttf", DEJAVU + "DejaVuSans-Bold.ttf"] + FALLBACKS,
    "italic": [DEJAVU + "DejaVuSansMono-Oblique.ttf", DEJAVU + "DejaVuSans-Oblique.ttf"] + FALLBACKS,
}
NAMED = {
    "black": (0, 0, 0), "red": (205, 49, 49), "green": (13, 188, 121), "brown": (229, 229, 16),
    "yellow": (229, 229, 16), "blue": (36, 114, 200), "magenta": (188, 63, 188),
    "cyan": (17, 168, 205), "white": (229, 229, 229),
    "brightblack": (102, 102, 102), "brightred": (241, 76, 76), "brightgreen": (35, 209, 139),
    "brightbrown": (245, 245, 67), "brightyellow": (245, 245, 67), "brightblue": (59, 142, 234),
    "brightmagenta": (214, 112, 214), "brightcyan": (41, 184, 219), "brightwhite": (255, 255, 255),
}
DARK = {"fg": (212, 212, 212), "bg": (24, 24, 27)}
LIGHT = {"fg": (28, 28, 28), "bg": (252, 252, 250)}

# Box drawing: (up, right, down, left), 1 light, 2 heavy, 3 double.
BOX = {
    "─": (0, 1, 0, 1), "━": (0, 2, 0, 2), "│": (1, 0, 1, 0), "┃": (2, 0, 2, 0),
    "┌": (0, 1, 1, 0), "┐": (0, 0, 1, 1), "└": (1, 1, 0, 0), "┘": (1, 0, 0, 1),
    "┏": (0, 2, 2, 0), "┓": (0, 0, 2, 2), "┗": (2, 2, 0, 0), "┛": (2, 0, 0, 2),
    "├": (1, 1, 1, 0), "┤": (1, 0, 1, 1), "┬": (0, 1, 1, 1), "┴": (1, 1, 0, 1), "┼": (1, 1, 1, 1),
    "┣": (2, 2, 2, 0), "┫": (2, 0, 2, 2), "┳": (0, 2, 2, 2), "┻": (2, 2, 0, 2), "╋": (2, 2, 2, 2),
    "╴": (0, 0, 0, 1), "╵": (1, 0, 0, 0), "╶": (0, 1, 0, 0), "╷": (0, 0, 1, 0),
    "═": (0, 3, 0, 3), "║": (3, 0, 3, 0),
    "╔": (0, 3, 3, 0), "╗": (0, 0, 3, 3), "╚": (3, 3, 0, 0), "╝": (3, 0, 0, 3),
}
ROUNDED = {"╭": (0, 1, 1, 0), "╮": (0, 0, 1, 1), "╯": (1, 0, 0, 1), "╰": (1, 1, 0, 0)}
SHADES = {"░": 0.25, "▒": 0.5, "▓": 0.75}


class Fonts:
    """The fonts of one size, with a lookup of which font draws a character."""

    def __init__(self, size):
        self.size = size
        self.chains = {}
        self.cmaps = {}
        self.scaled = {}
        for style, paths in STYLES.items():
            chain = []
            for path in paths:
                if not os.path.exists(path):
                    continue
                if path not in self.cmaps:
                    font = TTCollection(path).fonts[0] if path.endswith(".ttc") else TTFont(path, lazy=True)
                    self.cmaps[path] = set(font.getBestCmap())
                chain.append((path, ImageFont.truetype(path, size)))
            self.chains[style] = chain
        self.regular = self.chains["regular"][0][1]

    def pick(self, style, char):
        """(path, font) of the first font in the style's chain that has the character."""
        code = ord(char[0])
        for path, font in self.chains[style]:
            if code in self.cmaps[path]:
                return path, font
        return self.chains[style][0]

    def fitted(self, path, font, text, width):
        """The font, smaller if the text is much wider than `width` pixels."""
        length = font.getlength(text)
        if length <= width * 1.3:  # a little overhang reads better than a tiny glyph
            return font
        size = max(6, int(self.size * width * 1.3 / length))
        key = (path, size)
        if key not in self.scaled:
            self.scaled[key] = ImageFont.truetype(path, size)
        return self.scaled[key]


class DimScreen(pyte.Screen):
    """pyte drops SGR 2 (dim); record it in the otherwise unused blink attribute."""

    def select_graphic_rendition(self, *attrs, private=False):
        mapped, i = [], 0
        while i < len(attrs):
            a = attrs[i]
            if a in (38, 48) and i + 1 < len(attrs):
                n = 3 if attrs[i + 1] == 5 else 5 if attrs[i + 1] == 2 else 1
                mapped.extend(attrs[i:i + n])
                i += n
                continue
            mapped.extend([5] if a == 2 else [22, 25] if a == 22 else [a])
            i += 1
        super().select_graphic_rendition(*mapped)


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


def blend(a, b, t):
    """a moved toward b by t (0…1)."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def draw_box(draw, char, left, top, w, h, fg):
    """Draws a box-drawing or block character; False if it is not one of those."""
    right, bottom = left + w - 1, top + h - 1
    cx, cy = left + w // 2, top + h // 2
    if char in BOX:
        up, rt, dn, lf = BOX[char]
        widths = {1: 1, 2: 3}
        if 3 in (up, rt, dn, lf):
            g = 2
            # Double lines: the outer and inner strokes of each arm, meeting at corners.
            if char == "═":
                draw.line([left, cy - g, right, cy - g], fill=fg)
                draw.line([left, cy + g, right, cy + g], fill=fg)
            elif char == "║":
                draw.line([cx - g, top, cx - g, bottom], fill=fg)
                draw.line([cx + g, top, cx + g, bottom], fill=fg)
            else:
                sx = 1 if rt else -1  # which way the horizontal arm goes
                sy = 1 if dn else -1
                edge_x = right if rt else left
                edge_y = bottom if dn else top
                for o in (-g, g):  # the outer stroke, then the inner one
                    x, y = cx + sx * o, cy + sy * o
                    draw.line([x, y, edge_x, y], fill=fg)
                    draw.line([x, y, x, edge_y], fill=fg)
            return True
        for arm, (x0, y0, x1, y1) in zip((up, rt, dn, lf), (
                (cx, top, cx, cy), (cx, cy, right, cy), (cx, cy, cx, bottom), (left, cy, cx, cy))):
            if arm:
                t = widths[arm]
                if x0 == x1:
                    draw.rectangle([x0 - t // 2, y0 - (t // 2 if y0 == cy else 0),
                                    x0 + t // 2, y1 + (t // 2 if y1 == cy else 0)], fill=fg)
                else:
                    draw.rectangle([x0 - (t // 2 if x0 == cx else 0), y0 - t // 2,
                                    x1 + (t // 2 if x1 == cx else 0), y0 + t // 2], fill=fg)
        return True
    if char in ROUNDED:
        up, rt, dn, lf = ROUNDED[char]
        r = min(w, h) // 2
        # The straight parts from the cell's edges, then a quarter circle between them.
        if rt:
            draw.line([cx + r, cy, right, cy], fill=fg)
        if lf:
            draw.line([left, cy, cx - r, cy], fill=fg)
        if dn:
            draw.line([cx, cy + r, cx, bottom], fill=fg)
        if up:
            draw.line([cx, top, cx, cy - r], fill=fg)
        ox = cx + r if rt else cx - r
        oy = cy + r if dn else cy - r
        start = {(1, 1): 180, (0, 1): 270, (0, 0): 0, (1, 0): 90}[(rt, dn)]
        draw.arc([ox - r, oy - r, ox + r, oy + r], start, start + 90, fill=fg)
        return True
    code = ord(char)
    if code == 0x2588:
        draw.rectangle([left, top, right, bottom], fill=fg)
    elif 0x2589 <= code <= 0x258F:  # ▉ … ▏: the left 7/8 … 1/8
        eighths = 0x2590 - code
        draw.rectangle([left, top, left + max(1, round(w * eighths / 8)) - 1, bottom], fill=fg)
    elif 0x2581 <= code <= 0x2587:  # ▁ … ▇: the lower 1/8 … 7/8
        eighths = code - 0x2580
        draw.rectangle([left, bottom - max(1, round(h * eighths / 8)) + 1, right, bottom], fill=fg)
    elif code == 0x2580:
        draw.rectangle([left, top, right, top + h // 2 - 1], fill=fg)
    elif code == 0x2590:
        draw.rectangle([left + w // 2, top, right, bottom], fill=fg)
    else:
        return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--light", action="store_true", help="a light terminal background")
    args = parser.parse_args()
    width, height = args.width, args.height
    defaults = LIGHT if args.light else DARK
    default_fg, default_bg = defaults["fg"], defaults["bg"]

    screen = DimScreen(width, height)
    stream = pyte.Stream(screen)
    text = open(args.source, encoding="utf-8", errors="replace").read()
    # capture-pane ends lines with \n only; a terminal needs \r\n.
    stream.feed(text.rstrip("\n").replace("\n", "\r\n"))

    size = 16
    fonts = Fonts(size)
    cell_w = int(fonts.regular.getlength("M"))
    cell_h = int(size * 1.3)
    ascent, descent = fonts.regular.getmetrics()
    baseline = (cell_h - (ascent + descent)) // 2 + ascent
    pad = 12
    image = Image.new("RGB", (width * cell_w + 2 * pad, height * cell_h + 2 * pad), default_bg)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        line = screen.buffer[y]
        for x in range(width):
            char = line[x]
            if char.data == "" and x > 0:
                continue  # the second cell of a wide character, drawn with the first
            wide = x + 1 < width and line[x + 1].data == "" and char.data not in ("", " ")
            cells = 2 if wide else 1
            fg = color(char.fg, default_fg)
            bg = color(char.bg, default_bg)
            if char.bold and char.fg in NAMED and not char.fg.startswith("bright"):
                fg = NAMED.get("bright" + char.fg, fg)
            if char.reverse:
                fg, bg = bg, fg
            if char.blink:  # dim (see DimScreen)
                fg = blend(fg, bg, 0.45)
            left, top = pad + x * cell_w, pad + y * cell_h
            span = cells * cell_w
            if bg != default_bg:
                draw.rectangle([left, top, left + span - 1, top + cell_h - 1], fill=bg)
            data = char.data
            if data and data != " ":
                if data in SHADES:
                    draw.rectangle([left, top, left + span - 1, top + cell_h - 1],
                                   fill=blend(bg, fg, SHADES[data]))
                elif not (len(data) == 1 and draw_box(draw, data, left, top, cell_w, cell_h, fg)):
                    style = "bold" if char.bold else "italic" if char.italics else "regular"
                    path, font = fonts.pick(style, data)
                    if font is not fonts.chains[style][0][1]:
                        font = fonts.fitted(path, font, data, span)
                    offset = max(0, (span - font.getlength(data)) / 2) if font is not fonts.chains[style][0][1] else 0
                    draw.text((left + offset, top + baseline), data, font=font, fill=fg, anchor="ls")
            if char.underscore:
                draw.line([left, top + cell_h - 2, left + span - 1, top + cell_h - 2], fill=fg)
            if char.strikethrough:
                draw.line([left, top + cell_h // 2, left + span - 1, top + cell_h // 2], fill=fg)
    image.save(args.target)


if __name__ == "__main__":
    main()
