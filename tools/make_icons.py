# -*- coding: utf-8 -*-
"""Draws the main-menu icons (Contents/Resources/icon-*.png) with the standard library only.

In: the icon names of pleximprovement/menu/icons.py (which entry shows which file) and one
glyph per name drawn here from lines, rings, discs and triangles. Out: 128x128 RGBA PNG files
(zlib + struct), an orange glyph on the dark rounded tile of icon-default.png. Deterministic:
the same bytes on every run and interpreter, so the committed images can be checked against
this script (tests/unit/test_tools_make_icons.py).

    .venv/bin/python tools/make_icons.py [OUT_DIR]
"""
from __future__ import absolute_import, division, print_function

import math
import os
import struct
import sys
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared'))

from pleximprovement.menu.icons import ICONS  # noqa: E402  (the bundle's package, found through the line above)

RESOURCES = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Resources')
SIZE = 128
SAMPLES = 3                  # 3x3 samples per pixel: cheap anti-aliasing
TOP = (44, 49, 62)
BOTTOM = (17, 19, 26)
ORANGE = (229, 160, 13)
RED = (224, 86, 62)
W = 0.075                    # stroke width, in tile units (the tile is the unit square)


def seg(ax, ay, bx, by, width=W):
    def inside(x, y):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - ax - t * dx, y - ay - t * dy) <= width / 2
    return inside


def ring(cx, cy, r, width=W, gap=None):
    """A circle line; `gap` (from, to) in degrees, clockwise from 3 o'clock, is left open."""
    def inside(x, y):
        if abs(math.hypot(x - cx, y - cy) - r) > width / 2:
            return False
        if gap is None:
            return True
        angle = math.degrees(math.atan2(y - cy, x - cx)) % 360
        return not gap[0] <= angle <= gap[1]
    return inside


def disc(cx, cy, r):
    return lambda x, y: math.hypot(x - cx, y - cy) <= r


def box(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def triangle(a, b, c):
    def side(p, q, x, y):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    def inside(x, y):
        d1, d2, d3 = side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)
        return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))
    return inside


def outline(x0, y0, x1, y1):
    return [seg(x0, y0, x1, y0), seg(x1, y0, x1, y1), seg(x1, y1, x0, y1), seg(x0, y1, x0, y0)]


CHECK = [seg(0.34, 0.52, 0.45, 0.63), seg(0.45, 0.63, 0.67, 0.39)]

GLYPHS = {
    'MENU_STATUS': [ring(0.5, 0.5, 0.27), disc(0.5, 0.37, 0.045), seg(0.5, 0.48, 0.5, 0.65)],
    'MENU_DASHBOARD': [box(0.27, 0.52, 0.36, 0.7), box(0.45, 0.4, 0.54, 0.7), box(0.63, 0.28, 0.72, 0.7),
                       seg(0.24, 0.76, 0.76, 0.76, 0.04)],
    'MENU_SELFCHECK': [ring(0.5, 0.5, 0.27)] + CHECK,
    'MENU_RUN_LOOP': [ring(0.5, 0.5, 0.24, gap=(300, 350)),
                      triangle((0.62, 0.22), (0.78, 0.36), (0.6, 0.41))],
    'MENU_AGGREGATE': [seg(0.25, 0.3, 0.75, 0.3), seg(0.25, 0.3, 0.46, 0.55), seg(0.75, 0.3, 0.54, 0.55),
                       seg(0.46, 0.55, 0.46, 0.72), seg(0.54, 0.55, 0.54, 0.72)],
    'MENU_DIAGNOSE': [ring(0.44, 0.44, 0.17), seg(0.57, 0.57, 0.75, 0.75, 0.1)],
    'MENU_APPLY_FIX': [seg(0.5, 0.27, 0.5, 0.73, 0.1), seg(0.27, 0.5, 0.73, 0.5, 0.1)],
    'MENU_TEST_FIX': [triangle((0.36, 0.26), (0.36, 0.74), (0.74, 0.5))],
    'MENU_POSTMORTEM': outline(0.3, 0.22, 0.7, 0.78) + [
        seg(0.39, 0.38, 0.61, 0.38, 0.05), seg(0.39, 0.5, 0.61, 0.5, 0.05), seg(0.39, 0.62, 0.53, 0.62, 0.05)],
    'MENU_STOP': [box(0.3, 0.3, 0.7, 0.7)],
    'MENU_REPORTS': [disc(0.3, y, 0.045) for y in (0.33, 0.5, 0.67)] +
                    [seg(0.42, y, 0.74, y, 0.06) for y in (0.33, 0.5, 0.67)],
    'MENU_BUNDLE_LOGS': outline(0.26, 0.4, 0.74, 0.74) + [
        box(0.22, 0.26, 0.78, 0.36), seg(0.43, 0.52, 0.57, 0.52, 0.06)],
    'MENU_APPLIED_FIXES': [seg(0.3, y, 0.7, y, 0.1) for y in (0.32, 0.5, 0.68)],
}
COLOURS = {'MENU_STOP': RED}


def in_tile(x, y, radius=0.2, margin=0.035):
    """Inside the rounded tile (the unit square less a margin, corners of `radius`)."""
    lo, hi = margin + radius, 1 - margin - radius
    cx, cy = min(max(x, lo), hi), min(max(y, lo), hi)
    return math.hypot(x - cx, y - cy) <= radius


def pixel(glyph, colour, px, py):
    tile = ink = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x, y = (px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE
            if in_tile(x, y):
                tile += 1
                if any(part(x, y) for part in glyph):
                    ink += 1
    if not tile:
        return (0, 0, 0, 0)
    t = py / (SIZE - 1)
    back = [a + (b - a) * t for a, b in zip(TOP, BOTTOM)]
    share = ink / tile
    rgb = [int(round(b + (c - b) * share)) for b, c in zip(back, colour)]
    return tuple(rgb) + (int(round(255 * tile / SAMPLES ** 2)),)


def draw(key):
    glyph, colour = GLYPHS[key], COLOURS.get(key, ORANGE)
    rows = []
    for py in range(SIZE):
        row = bytearray([0])                       # filter type 0 (none) for this row
        for px in range(SIZE):
            row.extend(pixel(glyph, colour, px, py))
        rows.append(bytes(row))
    return png(SIZE, SIZE, b''.join(rows))


def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def png(width, height, raw):
    header = struct.pack('>IIBBBBB', width, height, 8, 6, 0, 0, 0)   # 8 bits, RGBA
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) +
            chunk(b'IEND', b''))


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    out_dir = args[0] if args else RESOURCES
    missing = sorted(set(ICONS) - set(GLYPHS))
    if missing:
        print('no glyph for %s: add one to GLYPHS in tools/make_icons.py' % ', '.join(missing))
        return 1
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    for key in sorted(ICONS):
        path = os.path.join(out_dir, ICONS[key])
        with open(path, 'wb') as handle:
            handle.write(draw(key))
        print('wrote %s' % path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
