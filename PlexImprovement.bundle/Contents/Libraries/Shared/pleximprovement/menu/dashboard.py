# -*- coding: utf-8 -*-
"""The Dashboard menu entry: the loop's key numbers for Kitana, the charts for a browser.

In: the store (the plug-in's Data items), the plug-in state (state.py: the history of
aggregation runs) and the strings. Out: `inputs()` gathers what exists (the loop's state and
decision log through loop/files.load_newest, the last diagnosis, the history) as plain dicts;
`view()` is a menu view whose entries are the key numbers and one link to the HTML form;
`html()` is the whole page with report/dashboard.py's charts in menu/html.page's frame.
Kitana cannot draw a chart, a browser can: both read the same inputs.
"""
from __future__ import absolute_import, division, print_function

from . import views
from .html import page
from ..report.diagnostic import latest_diagnosis
from ..loop import files
from ..loop.record import SCHEMA as LOOP_SCHEMA
from ..names import DECISION_LOG, LOOP_STATE
from ..report import dashboard

PATH = '/dashboard'
HTML_PATH = PATH + '?format=html'


class DashboardPages(object):
    def __init__(self, store, state, text):
        self.store = store
        self.state = state
        self.text = text

    def inputs(self):
        loop, damaged_state = files.load_newest(self.store, LOOP_STATE, LOOP_SCHEMA)
        decisions, damaged_log = files.load_newest(self.store, DECISION_LOG, LOOP_SCHEMA)
        return {'loop': loop, 'decisions': decisions, 'diagnosis': latest_diagnosis(self.store),
                'history': self.state.read()['history'], 'damaged': damaged_state + damaged_log}

    def html(self):
        return page(self.text('MENU_DASHBOARD'), dashboard.body(self.text, self.inputs()),
                    [views.back_entry(self.text), views.status_entry(self.text)])

    def view(self):
        """Key numbers as entries (each opens this page again), then the link to the charts."""
        inputs = self.inputs()
        text = self.text
        entries = [views.entry(line, PATH) for line in key_numbers(text, inputs)]
        entries.append(views.entry(text('DASH_OPEN_HTML'), HTML_PATH, text('DASH_OPEN_HTML_SUMMARY')))
        entries.append(views.back_entry(text))
        return views.view(text('MENU_DASHBOARD'), entries)


def key_numbers(text, inputs):
    """The dashboard's headline figures in words, one line each; only figures that exist."""
    loop = inputs.get('loop')
    lines = []
    if loop:
        lines.append(text('DASH_KEY_LOOP', status=loop.get('status') or u'-', iteration=loop.get('iteration') or 0,
                          max=loop.get('max_iterations') or 0))
    else:
        lines.append(text('DASH_KEY_NO_LOOP'))
    points, from_loop = dashboard.series(inputs)
    if points:
        label, last = points[-1]
        label = text('DASH_AT_ITERATION' if from_loop else 'DASH_AT_RUN', label=label)
        lines.append(text('DASH_KEY_RATE', rate=dashboard.percent(last.get('success_rate')), label=label,
                          first=dashboard.percent(points[0][1].get('success_rate'))))
        lines.append(text('DASH_KEY_FAILURES', label=label, titles=last.get('title_failures') or 0,
                          urls=last.get('url_errors') or 0, models=last.get('model_errors') or 0))
    agents = (((inputs.get('diagnosis') or {}).get('summary') or {}).get('agents') or {})
    rated = [(stats.get('success_rate_known'), name) for name, stats in agents.items()
             if stats.get('success_rate_known') is not None]
    if rated:
        rate, name = min(rated)
        lines.append(text('DASH_KEY_AGENTS', count=len(agents), agent=name, rate=dashboard.percent(100.0 * rate)))
    decisions = (inputs.get('decisions') or {}).get('decisions') or []
    if decisions:
        counts = dict((kind, len([d for d in decisions if d.get('decision') == kind]))
                      for kind in (u'KEEP', u'ROLLBACK', u'MONITOR'))
        lines.append(text('DASH_KEY_DECISIONS', count=len(decisions), keep=counts[u'KEEP'],
                          rollback=counts[u'ROLLBACK'], monitor=counts[u'MONITOR']))
    return lines
