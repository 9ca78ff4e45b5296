# -*- coding: utf-8 -*-
"""The dashboard body: charts and their tables from hand-made state, escaping, the empty case, size."""
from __future__ import absolute_import, division, print_function

import hashlib
import re

from pleximprovement.menu.strings import Text
from pleximprovement.report import dashboard

from dashboard_inputs import aggregate_history, decision_log, diagnosis, loop_state

TEXT = Text('en')


def full_inputs(iterations=2, decisions=2):
    return {'loop': loop_state(iterations), 'decisions': decision_log(decisions), 'diagnosis': diagnosis(),
            'history': aggregate_history(), 'damaged': []}


def svgs(html):
    return re.findall(r'<svg .*?</svg>', html, re.S)


def test_every_chart_has_a_title_and_a_table_beside_it():
    html = dashboard.body(TEXT, full_inputs())
    charts = svgs(html)
    assert [re.search(r'id="([^"]+)"', c).group(1) for c in charts] == [
        'chart-rate', 'chart-failures', 'chart-agents', 'chart-decisions']
    for chart in charts:
        assert re.search(r'<title id="[^"]+-t">[^<]+</title><desc id="[^"]+-d">[^<]+</desc>', chart)
    assert html.count('<table class="dash">') == 6  # rate, failures, agents, plug-ins, decisions, fixes


def test_numbers_come_from_the_state_and_read_the_same_on_both_pythons():
    html = dashboard.body(TEXT, full_inputs())
    # Iteration 1's rate is 47.25: a rounding tie, half up on 2.7 and 3 alike.
    assert '<td class="n">47.3 %</td>' in html
    assert '40.0 % at the start, 54.5 % now' in html
    assert '<td>KEEP</td><td class="n">0.000488</td><td class="n">11</td><td class="n">0</td><td class="n">20</td>' \
        in html
    assert '<td>ROLLBACK</td><td class="n">0.5</td><td class="n">2</td><td class="n">3</td>' in html
    assert '<td class="n">37.5 %</td>' in html            # the agent's known-outcome rate
    assert '2 decision(s): 1 KEEP, 1 ROLLBACK, 0 MONITOR.' in html
    assert '2024-12-04 19:02:03 UTC' in html


def test_the_page_is_the_same_text_on_python_2_and_3():
    """The same digest under both interpreters (make test runs the unit tests on 2.7 too).
    Update the digest only when the page changed on purpose."""
    html = dashboard.body(TEXT, full_inputs(iterations=7, decisions=9))
    assert hashlib.sha256(html.encode('utf-8')).hexdigest()[:16] == 'b04054c515ea9a4e'


def test_text_from_the_state_is_escaped_and_redacted():
    html = dashboard.body(TEXT, full_inputs())
    assert '<script' not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://example.invalid)' in html
    assert 'abcdef123456' not in html
    assert re.search(r'<a[ >]', html) is None


def test_without_a_loop_it_says_so_and_charts_only_the_aggregation_runs():
    html = dashboard.body(TEXT, {'loop': None, 'decisions': None, 'diagnosis': None,
                                 'history': aggregate_history(3), 'damaged': []})
    assert 'No loop has run yet: the charts show the 3 aggregation run(s) so far' in html
    assert [re.search(r'id="([^"]+)"', c).group(1) for c in svgs(html)] == ['chart-rate', 'chart-failures']
    assert '<td>#3</td><td class="n">6.3 %</td>' in html   # success_rate_known 0.0625 -> 6.25 -> half up
    assert 'No diagnosis yet' in html and 'No decision yet' in html and 'No fix tried yet.' in html


def test_nothing_at_all_draws_nothing_and_says_what_to_do():
    html = dashboard.body(TEXT, {'loop': None, 'decisions': None, 'diagnosis': None, 'history': {}, 'damaged': []})
    assert '<svg' not in html and '<table' not in html
    assert 'No loop has run yet, and there is no aggregation or diagnosis either' in html
    assert 'No figures yet' in html


def test_a_loop_without_iterations_falls_back_to_the_aggregation_runs():
    loop = loop_state(1)
    loop['iteration_history'], loop['baseline_metrics'] = [], None
    html = dashboard.body(TEXT, {'loop': loop, 'decisions': None, 'diagnosis': None,
                                 'history': aggregate_history(1), 'damaged': ['loop_state.json.2']})
    assert 'Success rate per aggregation run' in html
    assert 'could not be read and was left alone: loop_state.json.2' in html


def test_a_rate_that_does_not_exist_is_not_drawn():
    loop = loop_state(3)
    loop['iteration_history'][1]['metrics']['success_rate'] = None
    chart = svgs(dashboard.body(TEXT, {'loop': loop}))[0]
    assert chart.count('<polyline') == 1          # 0-1 joined, 2 is missing, 3 stands alone
    assert '<td>2</td><td class="n">-</td>' in dashboard.body(TEXT, {'loop': loop})


def test_a_thousand_iterations_stay_bounded():
    html = dashboard.body(TEXT, full_inputs(iterations=1000, decisions=1000))
    assert len(html) < 150000
    assert html.count('<tr>') <= 3 * dashboard.MAX_ROWS + 2 * dashboard.MAX_DECISIONS + 10
    failures = svgs(html)[1]
    assert failures.count('<rect') <= 3 * dashboard.MAX_BARS + 3
    assert '971 older row(s) not shown in the table.' in html
    assert '941 older iteration(s) not drawn.' in html
    assert '950 older decision(s) not shown.' in html
