# -*- coding: utf-8 -*-
"""Draws the bundle's icon-default.png (512x512) and art-default.jpg (1920x1080).

Plex shows these for the plug-in in menus (plex-runtime.md 1). They are drawn from code, not
downloaded, so they carry no licence question and can be redrawn after a design change:

    .venv/bin/pip install Pillow && .venv/bin/python tools/make_images.py [OUT_DIR]

Pillow is a dev-only dependency of this tool (not in requirements-dev.txt: no test needs it);
the generated images are committed. No fonts are used, so the output is the same everywhere.
"""
from __future__ import absolute_import, division, print_function

import math
import os
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Resources')
RESAMPLE = getattr(Image, 'LANCZOS', None) or getattr(Image, 'ANTIALIAS')

PLEX_ORANGE = (229, 160, 13)
ORANGE_LIGHT = (255, 196, 64)
TOP = (44, 49, 62)
BOTTOM = (17, 19, 26)
GRID = (255, 255, 255)
SCALE = 4  # draw at 4x and shrink: cheap anti-aliasing


def gradient(size, top, bottom):
    """Vertical gradient from top to bottom colour."""
    width, height = size
    column = Image.new('RGB', (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel((0, y), tuple(int(round(a + (b - a) * t)) for a, b in zip(top, bottom)))
    return column.resize((width, height))


def rounded_mask(size, radius):
    """An L mask of a rounded rectangle filling size."""
    width, height = size
    mask = Image.new('L', size, 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((radius, 0, width - radius - 1, height - 1), fill=255)
    draw.rectangle((0, radius, width - 1, height - radius - 1), fill=255)
    for x, y in ((0, 0), (width - 2 * radius - 1, 0), (0, height - 2 * radius - 1),
                 (width - 2 * radius - 1, height - 2 * radius - 1)):
        draw.ellipse((x, y, x + 2 * radius, y + 2 * radius), fill=255)
    return mask


def thick_line(draw, points, width, fill):
    """A polyline with round joints and caps (ImageDraw's own joints leave notches)."""
    draw.line(points, fill=fill, width=width)
    r = width / 2.0
    for x, y in points:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def arrow_head(draw, tip, angle, length, fill):
    """A filled triangle pointing along angle (radians) with its tip at tip."""
    spread = math.radians(28)
    back = [(tip[0] - length * math.cos(angle + s), tip[1] - length * math.sin(angle + s)) for s in (spread, -spread)]
    draw.polygon([tip, back[0], back[1]], fill=fill)


def chart_points(box, values):
    left, top, right, bottom = box
    step = (right - left) / (len(values) - 1)
    return [(left + i * step, bottom - v * (bottom - top)) for i, v in enumerate(values)]


def draw_icon(size=512):
    big = size * SCALE
    margin = int(big * 0.035)
    inner = big - 2 * margin
    base = Image.new('RGBA', (big, big), (0, 0, 0, 0))
    tile = gradient((inner, inner), TOP, BOTTOM).convert('RGBA')
    base.paste(tile, (margin, margin), rounded_mask((inner, inner), int(inner * 0.2)))

    overlay = Image.new('RGBA', (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    left, right = margin + inner * 0.17, margin + inner * 0.83
    top, bottom = margin + inner * 0.2, margin + inner * 0.8
    # faint bars behind the line: "metrics"
    bars = (0.22, 0.36, 0.3, 0.55, 0.78)
    slot = (right - left) / len(bars)
    for i, v in enumerate(bars):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        draw.rectangle((x0, bottom - v * (bottom - top), x1, bottom), fill=(255, 255, 255, 34))
    # baseline
    draw.line((left - inner * 0.02, bottom + inner * 0.03, right + inner * 0.02, bottom + inner * 0.03),
              fill=(255, 255, 255, 110), width=int(inner * 0.018))
    base = Image.alpha_composite(base, overlay)

    # the rising line, glowing
    values = (0.12, 0.34, 0.26, 0.56, 0.5, 0.86)
    points = chart_points((left, top, right - inner * 0.06, bottom - inner * 0.04), values)
    line_layer = Image.new('RGBA', (big, big), (0, 0, 0, 0))
    ldraw = ImageDraw.Draw(line_layer)
    width = int(inner * 0.055)
    thick_line(ldraw, points, width, PLEX_ORANGE + (255,))
    (x0, y0), (x1, y1) = points[-2], points[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    tip = (x1 + math.cos(angle) * inner * 0.09, y1 + math.sin(angle) * inner * 0.09)
    ldraw.line((points[-1], tip), fill=PLEX_ORANGE + (255,), width=width)
    arrow_head(ldraw, (tip[0] + math.cos(angle) * inner * 0.05, tip[1] + math.sin(angle) * inner * 0.05),
               angle, inner * 0.16, PLEX_ORANGE + (255,))
    for x, y in points[:-1]:
        r = width * 0.95
        ldraw.ellipse((x - r, y - r, x + r, y + r), fill=ORANGE_LIGHT + (255,))
        r = width * 0.45
        ldraw.ellipse((x - r, y - r, x + r, y + r), fill=BOTTOM + (255,))
    halo = line_layer.filter(ImageFilter.GaussianBlur(inner * 0.03))
    halo.putalpha(halo.split()[3].point(lambda a: int(a * 0.55)))
    base = Image.alpha_composite(base, halo)
    base = Image.alpha_composite(base, line_layer)
    # keep everything inside the rounded tile
    clip = Image.new('L', (big, big), 0)
    clip.paste(rounded_mask((inner, inner), int(inner * 0.2)), (margin, margin))
    base.putalpha(ImageChops.multiply(base.split()[3], clip))
    return base.resize((size, size), RESAMPLE)


def draw_art(size=(1920, 1080)):
    width, height = size
    big = (width * 2, height * 2)  # 2x is enough for a background
    art = gradient(big, (30, 34, 45), (10, 11, 16))
    draw = ImageDraw.Draw(art, 'RGBA')
    # grid
    step = big[1] // 12
    for x in range(0, big[0] + step, step):
        draw.line((x, 0, x, big[1]), fill=GRID + (10,), width=2)
    for y in range(0, big[1] + step, step):
        draw.line((0, y, big[0], y), fill=GRID + (10,), width=2)
    # soft bars along the bottom
    bars = (0.18, 0.26, 0.22, 0.34, 0.3, 0.42, 0.38, 0.5, 0.47, 0.6, 0.56, 0.7, 0.66, 0.8)
    slot = big[0] / len(bars)
    for i, v in enumerate(bars):
        x0, x1 = i * slot + slot * 0.22, (i + 1) * slot - slot * 0.22
        draw.rectangle((x0, big[1] * (1 - 0.55 * v), x1, big[1]), fill=GRID + (12,))
    # two rising lines: a dim "before" and a bright "after"
    before = chart_points((-40, big[1] * 0.35, big[0] + 40, big[1] * 0.92),
                          (0.1, 0.16, 0.12, 0.22, 0.18, 0.26, 0.22, 0.3, 0.27, 0.33))
    after = chart_points((-40, big[1] * 0.18, big[0] + 40, big[1] * 0.9),
                         (0.05, 0.2, 0.14, 0.38, 0.33, 0.55, 0.5, 0.72, 0.68, 0.95))
    layer = Image.new('RGB', big, (0, 0, 0))
    ldraw = ImageDraw.Draw(layer)
    thick_line(ldraw, before, 10, (90, 100, 120))
    thick_line(ldraw, after, 16, PLEX_ORANGE)
    for x, y in after[1:-1]:
        ldraw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=ORANGE_LIGHT)
        ldraw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=(20, 22, 30))
    halo = layer.filter(ImageFilter.GaussianBlur(28)).point(lambda v: int(v * 0.7))
    art = ImageChops.add(art, halo)
    art.paste(layer, (0, 0), layer.convert('L').point(lambda v: 255 if v else 0))
    # vignette keeps menu text readable on top
    vignette = Image.new('L', big, 0)
    vdraw = ImageDraw.Draw(vignette)
    vdraw.ellipse((-big[0] * 0.25, -big[1] * 0.35, big[0] * 1.25, big[1] * 1.35), fill=255)
    vignette = vignette.filter(ImageFilter.GaussianBlur(big[1] * 0.12))
    art = Image.composite(art, Image.new('RGB', big, (6, 7, 10)), vignette)
    return art.resize(size, RESAMPLE)


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    out_dir = args[0] if args else RESOURCES
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    icon = os.path.join(out_dir, 'icon-default.png')
    art = os.path.join(out_dir, 'art-default.jpg')
    draw_icon().save(icon, optimize=True)
    draw_art().save(art, quality=88, optimize=True, progressive=True)
    print('wrote %s and %s' % (icon, art))
    return 0


if __name__ == '__main__':
    sys.exit(main())
