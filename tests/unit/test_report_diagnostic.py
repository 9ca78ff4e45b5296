# -*- coding: utf-8 -*-
"""diagnostic_report_iteration_N.md: renders with 0, 1 and hundreds of findings, escapes log text."""
from __future__ import absolute_import, division, print_function

import re

from pleximprovement.report import diagnostic as report
from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.runtime.store import FileStore

from snapshot_builders import agent, empty_snapshot, item, traceback, unclassified

A = 'com.example.agents.films'
UNESCAPED_PIPE = re.compile(r'(?<!\\)\|')


def table_rows(markdown):
    return [line for line in markdown.splitlines() if line.startswith('|')]


def assert_tables_well_formed(markdown):
    """Every row of a table has as many cells as its header (no stray '|' from log text)."""
    widths = None
    for line in markdown.splitlines():
        if not line.startswith('|'):
            widths = None
            continue
        cells = len(UNESCAPED_PIPE.findall(line))
        if widths is None:
            widths = cells
        assert cells == widths, line


def test_zero_findings():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, titles_found=10, success_rate=1.0)
    text = report.render_markdown(diagnose(s), 1)
    assert text.startswith(u'# Diagnostic report, iteration 1')
    assert u'No failures found in this window.' in text
    assert u'## Findings' not in text
    assert u'No catalog fix applies' in text and u'None: every finding has a catalog fix.' in text
    assert_tables_well_formed(text)


def test_one_finding_with_hostile_log_text_is_escaped():
    s = empty_snapshot()
    agent(s, A, total_search_ops=5)
    key = item(s, A, u'Caf\xe9 | <b>Bold</b>', tracebacks=['NameError'])
    traceback(s, A, 'NameError', u"name 'x|y' is not defined <script>", u"if a | b and c < d: `run`",
              function='search', items=[key], count=2)
    d = diagnose(s)
    assert len(d['findings']) == 1
    text = report.render_markdown(d, 3)
    assert u'<script>' not in text and u'&lt;script&gt;' in text
    assert u'<b>' not in text
    assert u'x\\|y' in text
    assert u'Caf\xe9' in text
    assert_tables_well_formed(text)
    assert len(table_rows(text.split(u'## Findings')[1].split(u'###')[0])) == 3  # header, rule, one row


def test_hundreds_of_findings_are_truncated_with_a_count():
    s = empty_snapshot()
    for n in range(300):  # a different leading word each: 300 shapes, so 300 findings
        word = u''.join(chr(ord('a') + int(digit)) for digit in str(n))
        unclassified(s, u'%s thing %d happened | badly' % (word, n), 300 - n, {A: 300 - n})
    agent(s, A, total_search_ops=1000)
    d = diagnose(s)
    assert len(d['findings']) == 300
    text = report.render_markdown(d, 7)
    findings_part = text.split(u'## Findings')[1].split(u'### Evidence')[0]
    assert len(table_rows(findings_part)) == report.MAX_FINDING_ROWS + 2
    assert u'%d more findings not shown' % (300 - report.MAX_FINDING_ROWS) in findings_part
    assert u'%d more recommendations not shown' % (300 - report.MAX_RECOMMENDATIONS) in text
    assert u'Evidence of %d smaller findings' % (300 - report.MAX_DETAILED_FINDINGS) in text
    assert_tables_well_formed(text)


def test_focused_report_has_the_comparison():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, statuses={'403': 4}, url_errors_by_class={'http': 4})
    before = diagnose(s)
    later = empty_snapshot()
    agent(later, A, total_search_ops=10, url_errors_by_class={'timeout': 2})
    text = report.render_markdown(diagnose(later, previous=before), 2)
    comparison = text.split(u'## Compared with the previous diagnosis')[1]
    assert u'| resolved |' in comparison and u'| new |' in comparison
    assert u'1 new, 1 resolved, 0 persisting' in text


def test_long_cells_are_shortened():
    assert report.md(u'x' * 500, 20) == u'x' * 19 + u'\u2026'
    assert report.md(None) == u'-'
    assert report.md(u'a\nb\tc') == u'a b c'
    assert report.md(b'caf\xc3\xa9 *bold* _it_ [link](u) #h') == u'caf\xe9 \\*bold\\* \\_it\\_ \\[link\\](u) \\#h'


def test_write_saves_markdown_and_json_as_data_items(tmpdir):
    store = FileStore(str(tmpdir))
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, statuses={'403': 4}, url_errors_by_class={'http': 4})
    d = diagnose(s)
    names = report.write_diagnostic_report(store, 4, d)
    assert names == ['diagnostic_report_iteration_4.md', 'diagnostic_report_iteration_4.json']
    assert store.load(names[0]).decode('utf-8') == report.render_markdown(d, 4)
    assert store.load_json(names[1]) == d


def test_agents_table_leaves_out_plugins_that_are_not_agents():
    s = empty_snapshot()
    agent(s, A, total_search_ops=4, titles_found=1, success_rate=0.25)
    agent(s, 'com.plexapp.plugins.pleximprovement')
    text = report.render_markdown(diagnose(s), 1)
    agents_table = text.split(u'### Agents')[1].split(u'##')[0]
    assert A in agents_table
    assert u'com.plexapp.plugins.pleximprovement' not in agents_table
    plugins = text.split(u'## Other plug-ins (not agents)')[1].split(u'\n## ')[0]
    assert u'- com.plexapp.plugins.pleximprovement (this plug-in): no failure in this window.' in plugins


def test_lines_no_plugin_owns_get_a_health_line_too():
    s = empty_snapshot()
    unclassified(s, u'Scanner | choked on <file>', 2, {})
    text = report.render_markdown(diagnose(s), 1)
    assert (u'- lines no plug-in owns (unattributed): 2 failure events (unknown\\_error x2); '
            u'e.g. `log` Scanner \\| choked on &lt;file&gt;') in text


def test_both_success_rates_are_labelled_and_an_agent_without_searches_has_none():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, titles_found=3, title_failures=2, outcome_unknown=5)
    agent(s, 'com.example.agents.idle', url_errors_by_class={'timeout': 1})
    text = report.render_markdown(diagnose(s), 1)
    assert (u'- Search operations: 10; titles found / all searches: 30.0 %; titles found / searches with a '
            u'known outcome: 60.0 % (5 with an outcome the log does not show)') in text
    rows = dict((row.split(u' | ')[0][2:], row) for row in table_rows(text.split(u'### Agents')[1].split(u'##')[0]))
    assert u'| Found / all searches | Found / known outcomes |' in rows[u'Agent']
    assert u'| 10 | 30.0 % | 60.0 % |' in rows[A]
    assert u'| 0 | - | - |' in rows[u'com.example.agents.idle']
    assert u'0.0 %' not in rows[u'com.example.agents.idle']


def test_no_search_at_all_gives_no_rate():
    s = empty_snapshot()
    agent(s, A, url_errors_by_class={'timeout': 1})
    text = report.render_markdown(diagnose(s), 1)
    assert u'- Search operations: 0 (no success rate)' in text and u'0.0 %' not in text.split(u'## Findings')[0]
