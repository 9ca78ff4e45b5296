# -*- coding: utf-8 -*-
"""The chart primitives: titled, escaped, thinned, coordinates written alike on 2.7 and 3."""
from __future__ import absolute_import, division, print_function

import re

from pleximprovement.report import svg


def test_thin_keeps_the_ends_and_at_most_the_limit():
    assert svg.thin(5, 10) == [0, 1, 2, 3, 4]
    picked = svg.thin(1000, 200)
    assert picked[0] == 0 and picked[-1] == 999 and len(picked) == 200
    assert picked == sorted(set(picked))


def test_coordinates_round_ties_half_up():
    assert svg.num(0.25) == u'0.3' and svg.num(-0.25) == u'-0.3' and svg.num(7) == u'7.0'
    assert svg.num(12.45) == svg.num(12.450000000000001)


def test_a_chart_is_titled_and_its_text_escaped():
    chart = svg.line_chart(u'c', u'<b>rate</b>', u'a & b', [u'<1>', u'2'], [10.0, 20.0])
    assert chart.startswith(u'<svg xmlns="http://www.w3.org/2000/svg" id="c" role="img" aria-labelledby="c-t c-d"')
    assert u'<title id="c-t">&lt;b&gt;rate&lt;/b&gt;</title><desc id="c-d">a &amp; b</desc>' in chart
    assert u'&lt;1&gt;' in chart and u'<1>' not in chart


def test_a_missing_value_breaks_the_line():
    chart = svg.line_chart(u'c', u't', u'd', [u'1', u'2', u'3', u'4'], [10.0, 20.0, None, 40.0])
    assert chart.count(u'<polyline') == 1 and chart.count(u'<circle') == 3


def test_a_long_line_is_thinned():
    chart = svg.line_chart(u'c', u't', u'd', [u'%d' % i for i in range(1000)], [float(i % 100) for i in range(1000)])
    points = re.search(u'points="([^"]+)"', chart).group(1).split(u' ')
    assert len(points) == svg.MAX_POINTS and u'<circle' not in chart
    assert chart.count(u'<text') <= svg.MAX_X_LABELS + 5


def test_stacked_bars_stack_each_series_with_its_count():
    chart = svg.stacked_bars(u'f', u't', u'd', [u'1', u'2'], [(u'A', u'#f00', [3, 0]), (u'B', u'#00f', [1, 2])])
    titles = re.findall(u'<rect [^>]*><title>([^<]+)</title>', chart)
    assert titles == [u'1: A 3', u'1: B 1', u'2: B 2']


def test_horizontal_bars_say_when_there_is_no_value():
    chart = svg.hbars(u'h', u't', u'd', [(u'agent a', 37.5, u'#f00'), (u'agent b', None, u'#888')])
    assert u'>37.5%</text>' in chart and u'>-</text>' in chart
    assert chart.count(u'fill="#f00"') == 1


def test_markers_colour_each_kind():
    chart = svg.markers(u'm', u't', u'd', [(u'1', 0.0, u'KEEP'), (u'2', 1.0, u'ROLLBACK')],
                        [(u'KEEP', u'#0f0'), (u'ROLLBACK', u'#f00')])
    assert u'<circle cx="44.0" cy="40" r="6" fill="#0f0"><title>1: KEEP</title>' in chart
    assert u'fill="#f00"><title>2: ROLLBACK</title>' in chart
