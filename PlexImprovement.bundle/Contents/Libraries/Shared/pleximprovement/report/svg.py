# -*- coding: utf-8 -*-
"""Inline SVG charts for the dashboard: drawn on the server, no script, no external asset.

In: a chart id, an already plain-text title and description, and the numbers to draw (lists
of floats; None where there is no value). Out: one `<svg>` element as text, with a `<title>`
and `<desc>` a screen reader announces (role="img", aria-labelledby); the dashboard puts a
table with the same numbers beside each chart. Every coordinate is written by `num()`
(round_half_up, one decimal), so a chart is byte for byte the same on Python 2.7 and 3, and
every text goes through menu/html.escape. Long series are thinned (`thin()`) so a chart stays
small however many iterations there were.
"""
from __future__ import absolute_import, division, print_function

from ..diagnose.numbers import round_half_up
from ..menu.html import escape

WIDTH = 640
HEIGHT = 220
LEFT = 44           # room for the y-axis labels
RIGHT = 12
TOP = 14
BOTTOM = 34         # room for the x-axis labels and the legend
MAX_POINTS = 200    # a line chart draws at most this many points
MAX_X_LABELS = 10
AXIS = u'#888888'
GRID = u'#3a3f44'
LABEL = u'#c8c8c8'
LINE = u'#e5a00d'


def num(value):
    """A coordinate as text, the same on Python 2.7 and 3."""
    return u'%.1f' % round_half_up(value, 1)


def thin(count, limit):
    """Indices of at most `limit` evenly spread items of `count`, always the first and last."""
    if count <= limit:
        return list(range(count))
    step = (count - 1) / float(limit - 1)
    picked = sorted(set(int(round_half_up(i * step)) for i in range(limit)))
    return picked


def frame(chart_id, title, desc, body, width=WIDTH, height=HEIGHT):
    """The `<svg>` element around `body`, titled for assistive technology."""
    return (u'<svg xmlns="http://www.w3.org/2000/svg" id="%s" role="img" aria-labelledby="%s-t %s-d" '
            u'viewBox="0 0 %d %d" width="%d" height="%d" style="max-width:100%%;height:auto">'
            u'<title id="%s-t">%s</title><desc id="%s-d">%s</desc>%s</svg>') % (
        chart_id, chart_id, chart_id, width, height, width, height,
        chart_id, escape(title), chart_id, escape(desc), body)


def text_at(x, y, text, anchor=u'middle', size=11, fill=LABEL):
    return u'<text x="%s" y="%s" text-anchor="%s" font-size="%d" fill="%s">%s</text>' % (
        num(x), num(y), anchor, size, fill, escape(text))


def y_axis(plot_h, y_max, unit, ticks=4):
    """Grid lines and labels from 0 to `y_max`."""
    parts = []
    for tick in range(ticks + 1):
        value = y_max * tick / float(ticks)
        y = TOP + plot_h - plot_h * tick / float(ticks)
        parts.append(u'<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s"/>' % (
            LEFT, num(y), WIDTH - RIGHT, num(y), GRID))
        parts.append(text_at(LEFT - 4, y + 4, u'%s%s' % (tick_text(value), unit), anchor=u'end'))
    return u''.join(parts)


def tick_text(value):
    rounded = round_half_up(value, 1)
    return u'%d' % rounded if rounded == int(rounded) else u'%.1f' % rounded


def x_positions(count, plot_w):
    if count == 1:
        return [LEFT + plot_w / 2.0]
    return [LEFT + plot_w * i / float(count - 1) for i in range(count)]


def line_chart(chart_id, title, desc, labels, values, y_max=100.0, unit=u'%'):
    """One series over `labels`; a None value breaks the line (no rate at that point)."""
    keep = thin(len(values), MAX_POINTS)
    labels = [labels[i] for i in keep]
    values = [values[i] for i in keep]
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    xs = x_positions(len(values), plot_w)
    parts = [y_axis(plot_h, y_max, unit)]
    runs, run = [], []
    for x, value in zip(xs, values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        y = TOP + plot_h - plot_h * min(max(value, 0.0), y_max) / y_max
        run.append((x, y))
    if run:
        runs.append(run)
    for points in runs:
        if len(points) > 1:
            parts.append(u'<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                LINE, u' '.join(u'%s,%s' % (num(x), num(y)) for x, y in points)))
        if len(values) <= 60 or len(points) == 1:
            parts.extend(u'<circle cx="%s" cy="%s" r="3" fill="%s"/>' % (num(x), num(y), LINE) for x, y in points)
    parts.append(x_labels_at(xs, labels, HEIGHT - BOTTOM + 14))
    return frame(chart_id, title, desc, u''.join(parts))


def stacked_bars(chart_id, title, desc, labels, series):
    """Bars over `labels`, each stacked from `series` = [(name, colour, [count per label])]."""
    totals = [sum(s[2][i] or 0 for s in series) for i in range(len(labels))]
    top = max(totals) if totals and max(totals) > 0 else 1
    top = ((int(top) + 3) // 4) * 4     # four grid steps of whole counts
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM - 14
    slot = plot_w / float(max(len(labels), 1))
    bar = max(slot * 0.7, 1.0)
    parts = [y_axis_counts(plot_h, top)]
    centres = []
    for i in range(len(labels)):
        x = LEFT + slot * i + (slot - bar) / 2.0
        centres.append(x + bar / 2.0)
        base = TOP + plot_h
        for name, colour, counts in series:
            height = plot_h * (counts[i] or 0) / float(top)
            if height <= 0:
                continue
            base -= height
            parts.append(u'<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>' % (
                num(x), num(base), num(bar), num(height), colour, escape(u'%s: %s %d' % (labels[i], name, counts[i]))))
    parts.append(x_labels_at(centres, labels, TOP + plot_h + 14))
    parts.append(legend([(name, colour) for name, colour, counts in series], HEIGHT - 6))
    return frame(chart_id, title, desc, u''.join(parts))


def y_axis_counts(plot_h, top, ticks=4):
    """Grid lines for counts: 0 to `top`, labelled in whole numbers."""
    parts = []
    for tick in range(ticks + 1):
        y = TOP + plot_h - plot_h * tick / float(ticks)
        parts.append(u'<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s"/>' % (
            LEFT, num(y), WIDTH - RIGHT, num(y), GRID))
        parts.append(text_at(LEFT - 4, y + 4, tick_text(top * tick / float(ticks)), anchor=u'end'))
    return u''.join(parts)


def x_labels_at(positions, labels, y):
    """At most MAX_X_LABELS of the labels under their positions."""
    return u''.join(text_at(positions[i], y, labels[i]) for i in thin(len(labels), MAX_X_LABELS))


def legend(items, y):
    """Coloured squares with their names, left to right."""
    parts, x = [], LEFT
    for name, colour in items:
        parts.append(u'<rect x="%s" y="%s" width="10" height="10" fill="%s"/>' % (num(x), num(y - 9), colour))
        parts.append(text_at(x + 14, y, name, anchor=u'start'))
        x += 24 + 7 * len(name)
    return u''.join(parts)


def hbars(chart_id, title, desc, rows, y_max=100.0, unit=u'%'):
    """One horizontal bar per row = (label, value or None, colour); None draws no bar but says so."""
    row_h = 22
    label_w = 220
    height = TOP + row_h * max(len(rows), 1) + 10
    plot_w = WIDTH - label_w - RIGHT - 50
    parts = []
    for i, (label, value, colour) in enumerate(rows):
        y = TOP + row_h * i
        parts.append(text_at(label_w - 6, y + 15, shorten(label, 32), anchor=u'end'))
        parts.append(u'<rect x="%d" y="%s" width="%d" height="14" fill="%s"/>' % (label_w, num(y + 4), plot_w, GRID))
        if value is None:
            parts.append(text_at(label_w + 6, y + 15, u'-', anchor=u'start'))
            continue
        width = plot_w * min(max(value, 0.0), y_max) / y_max
        parts.append(u'<rect x="%d" y="%s" width="%s" height="14" fill="%s"/>' % (label_w, num(y + 4), num(width),
                                                                                  colour))
        parts.append(text_at(label_w + plot_w + 6, y + 15, u'%s%s' % (tick_text(value), unit), anchor=u'start'))
    return frame(chart_id, title, desc, u''.join(parts), height=height)


def markers(chart_id, title, desc, points, kinds):
    """A time line: one marker per point = (x label, position 0..1, kind); `kinds` = [(kind, colour)]."""
    colours = dict(kinds)
    height = 90
    plot_w = WIDTH - LEFT - RIGHT
    axis_y = 40
    parts = [u'<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>' % (LEFT, axis_y, WIDTH - RIGHT, axis_y, AXIS)]
    positions = []
    for label, where, kind in points:
        x = LEFT + plot_w * where
        positions.append(x)
        parts.append(u'<circle cx="%s" cy="%d" r="6" fill="%s"><title>%s</title></circle>' % (
            num(x), axis_y, colours.get(kind, AXIS), escape(u'%s: %s' % (label, kind))))
    parts.append(x_labels_at(positions, [p[0] for p in points], axis_y + 22))
    parts.append(legend(kinds, height - 8))
    return frame(chart_id, title, desc, u''.join(parts), height=height)


def shorten(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + u'\u2026'
