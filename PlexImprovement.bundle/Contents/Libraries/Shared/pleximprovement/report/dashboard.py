# -*- coding: utf-8 -*-
"""The dashboard's body: what the loop did, as charts with a table beside each one.

In: the strings table (menu/strings.Text) and plain dicts, any of them None when it does not
exist yet: the loop's state and decision log (docs: loop_schema.md, loop/record.py), the last
diagnosis (diagnose/diagnosis.py: its summary's per-agent counts and the plug-ins' health) and
the plug-in state's history of aggregation runs (state.py). Out: HTML for menu/html.page():
the loop's status in words, the success rate and the failures by class per iteration, each
agent's health, and the decision timeline with each fix's evidence (decision, p-value,
improved/worsened/pairs). Without a loop it charts the aggregation runs that exist and says
in words what is missing; it never draws a number that is not in its input. Every text is
redacted and escaped (agent names and reasons come from logs); numbers are written by
diagnose/numbers.py, so the page is the same on Python 2.7 and 3. Long histories are cut to
the newest rows (tables) and thinned (charts), so the page stays small.
"""
from __future__ import absolute_import, division, print_function

import time

from . import svg
from ..diagnose.numbers import round_half_up
from ..menu.html import escape, text_of
from ..redact import redact

MAX_ROWS = 30         # table rows shown: the newest
MAX_BARS = 60         # bars in the failures chart: the newest iterations
MAX_AGENTS = 30       # agents in the health chart: those with the most failures
MAX_DECISIONS = 50    # decisions and fixes shown: the newest
MAX_TEXT = 300        # characters of one reason or name

FAILURE_CLASSES = (('title_failures', 'DASH_CLASS_TITLE', u'#c0504d'),
                   ('url_errors', 'DASH_CLASS_URL', u'#4f81bd'),
                   ('model_errors', 'DASH_CLASS_MODEL', u'#9b6fc4'))
DECISION_COLOURS = ((u'KEEP', u'#5cb85c'), (u'ROLLBACK', u'#d9534f'), (u'MONITOR', u'#e5a00d'))
OTHER_COLOUR = u'#888888'

STYLE = (u'<style>table.dash{border-collapse:collapse;margin:.4em 0 1em;font-size:.9em}'
         u'table.dash th,table.dash td{border:1px solid #3a3f44;padding:.2em .5em;text-align:left;'
         u'vertical-align:top}table.dash td.n{text-align:right}'
         u'figure{margin:.5em 0}figcaption{color:#b8b8b8;font-size:.9em}.note{color:#b8b8b8}</style>')


def show(value, limit=MAX_TEXT):
    """Text from the loop's files or a log, as it may appear on the page: redacted, escaped, short."""
    if value is None:
        return u'-'
    text = u' '.join(redact(text_of(value)).split())
    if len(text) > limit:
        text = text[:limit - 1] + u'\u2026'
    return escape(text)


def percent(value):
    """A percentage (0-100) as text, or '-' when there is none."""
    return u'-' if value is None else u'%.1f %%' % round_half_up(value, 1)


def count(value):
    return u'-' if value is None else u'%d' % value


def p_text(value):
    return u'-' if value is None else u'%.3g' % value


def when(seconds):
    """Epoch seconds as a UTC date and time, '-' when unknown."""
    if seconds is None:
        return u'-'
    return text_of(time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(seconds)))


def para(text, css=u'note'):
    """A paragraph of plain text (escaped here)."""
    return u'<p class="%s">%s</p>' % (css, escape(text))


def table(caption, headers, rows, numeric=()):
    """A table of already escaped cells; `numeric` are the column indices aligned right."""
    head = u''.join(u'<th scope="col">%s</th>' % escape(h) for h in headers)
    body = []
    for row in rows:
        cells = [u'<td class="n">%s</td>' % cell if i in numeric else u'<td>%s</td>' % cell
                 for i, cell in enumerate(row)]
        body.append(u'<tr>%s</tr>' % u''.join(cells))
    return u'<table class="dash"><caption>%s</caption><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (
        escape(caption), head, u''.join(body))


def newest(text, items, limit, note_key):
    """The newest `limit` items, and the note `note_key` on how many older ones are left out (or '')."""
    if len(items) <= limit:
        return items, u''
    return items[-limit:], para(text(note_key, count=len(items) - limit))


def figure(chart, caption):
    return u'<figure>%s<figcaption>%s</figcaption></figure>' % (chart, escape(caption))


# ---------------------------------------------------------------- the series charted

def loop_series(loop):
    """[(label, METRICS)] of the loop: its baseline, then each iteration; [] without a loop."""
    if not loop:
        return []
    points = []
    if loop.get('baseline_metrics'):
        points.append((u'0', loop['baseline_metrics']))
    for entry in loop.get('iteration_history') or ():
        if entry.get('metrics'):
            points.append((u'%d' % entry.get('iteration', 0), entry['metrics']))
    return points


def aggregate_series(history):
    """[(label, METRICS-like)] of the aggregation runs in the plug-in state's history."""
    points = []
    for entry in (history or {}).get('aggregate') or ():
        totals = entry.get('totals') or {}
        known = totals.get('success_rate_known')
        points.append((u'#%d' % entry.get('iteration', 0), {
            'success_rate': None if known is None else 100.0 * known,
            'title_failures': totals.get('title_failures') or 0, 'url_errors': totals.get('url_errors') or 0,
            'model_errors': totals.get('model_errors') or 0, 'total_search_ops': totals.get('total_search_ops'),
            'titles_found': totals.get('titles_found'), 'time': entry.get('time')}))
    return points


# ---------------------------------------------------------------- sections

def status_section(text, inputs):
    loop, history, diagnosis = inputs.get('loop'), inputs.get('history') or {}, inputs.get('diagnosis')
    parts = [u'<section id="status"><h2>%s</h2>' % escape(text('DASH_STATUS'))]
    if loop:
        parts.append(para(text('DASH_LOOP_LINE', status=loop.get('status') or u'-',
                               trigger=loop.get('trigger') or u'-', started=when(loop.get('started')),
                               iteration=loop.get('iteration') or 0, max=loop.get('max_iterations') or 0,
                               step=loop.get('step') or u'-'), u'msg'))
        parts.append(para(text('DASH_FIXES_ON' if loop.get('apply_fixes') else 'DASH_FIXES_OFF')))
        parts.append(para(text('DASH_RATES', baseline=percent((loop.get('baseline_metrics') or {}).get('success_rate')),
                               current=percent((loop.get('current_metrics') or {}).get('success_rate')))))
        if loop.get('exit_condition'):
            parts.append(para(text('DASH_EXIT', condition=loop['exit_condition'], text=loop.get('exit_text') or u'')))
    else:
        runs = len(history.get('aggregate') or ())
        if runs or diagnosis:
            parts.append(para(text('DASH_NO_LOOP_BUT', runs=runs,
                                   diagnosis=text('DASH_HAS_DIAGNOSIS' if diagnosis else 'DASH_NO_DIAGNOSIS')),
                              u'msg'))
        else:
            parts.append(para(text('DASH_NOTHING_YET'), u'msg'))
    for name in inputs.get('damaged') or ():
        parts.append(para(text('DASH_DAMAGED', name=name)))
    parts.append(u'</section>')
    return u''.join(parts)


def rate_section(text, points, from_loop):
    parts = [u'<section id="rate"><h2>%s</h2>' % escape(text('DASH_RATE'))]
    if not points:
        parts.append(para(text('DASH_NO_SERIES')))
        return u''.join(parts) + u'</section>'
    per = text('DASH_PER_ITERATION' if from_loop else 'DASH_PER_RUN')
    labels = [label for label, metrics in points]
    values = [metrics.get('success_rate') for label, metrics in points]
    title = text('DASH_RATE_TITLE', per=per)
    desc = text('DASH_RATE_DESC', count=len(points), first=percent(values[0]), last=percent(values[-1]))
    parts.append(figure(svg.line_chart(u'chart-rate', title, desc, labels, values), desc))
    shown, note = newest(text, points, MAX_ROWS, 'DASH_ROWS_LEFT_OUT')
    rows = [[escape(label), percent(m.get('success_rate')), count(m.get('total_search_ops')),
             count(m.get('titles_found')), show(when(m.get('time')))] for label, m in shown]
    parts.append(table(title, [text('DASH_COL_POINT' if from_loop else 'DASH_COL_RUN'), text('DASH_COL_RATE'),
                               text('DASH_COL_SEARCHES'), text('DASH_COL_FOUND'), text('DASH_COL_TIME')],
                       rows, numeric=(1, 2, 3)))
    parts.append(note)
    return u''.join(parts) + u'</section>'


def failure_section(text, points, from_loop):
    parts = [u'<section id="failures"><h2>%s</h2>' % escape(text('DASH_FAILURES'))]
    if not points:
        parts.append(para(text('DASH_NO_SERIES')))
        return u''.join(parts) + u'</section>'
    per = text('DASH_PER_ITERATION' if from_loop else 'DASH_PER_RUN')
    bars, bars_note = newest(text, points, MAX_BARS, 'DASH_BARS_LEFT_OUT')
    series = [(text(key), colour, [m.get(name) or 0 for label, m in bars]) for name, key, colour in FAILURE_CLASSES]
    title = text('DASH_FAILURES_TITLE', per=per)
    last = bars[-1][1]
    desc = text('DASH_FAILURES_DESC', label=bars[-1][0], titles=count(last.get('title_failures') or 0),
                urls=count(last.get('url_errors') or 0), models=count(last.get('model_errors') or 0))
    parts.append(figure(svg.stacked_bars(u'chart-failures', title, desc, [label for label, m in bars], series), desc))
    parts.append(bars_note)
    shown, note = newest(text, points, MAX_ROWS, 'DASH_ROWS_LEFT_OUT')
    rows = [[escape(label)] + [count(m.get(name) or 0) for name, key, colour in FAILURE_CLASSES] for label, m in shown]
    parts.append(table(title, [text('DASH_COL_POINT' if from_loop else 'DASH_COL_RUN')] +
                       [text(key) for name, key, colour in FAILURE_CLASSES], rows, numeric=(1, 2, 3)))
    parts.append(note)
    return u''.join(parts) + u'</section>'


def health_colour(rate):
    if rate is None:
        return OTHER_COLOUR
    return u'#5cb85c' if rate >= 80 else (u'#e5a00d' if rate >= 50 else u'#d9534f')


def agent_section(text, diagnosis):
    parts = [u'<section id="agents"><h2>%s</h2>' % escape(text('DASH_AGENTS'))]
    agents = ((diagnosis or {}).get('summary') or {}).get('agents') or {}
    if not diagnosis:
        parts.append(para(text('DASH_NO_DIAGNOSIS_YET')))
        return u''.join(parts) + u'</section>'
    if not agents:
        parts.append(para(text('DASH_NO_AGENTS')))
    else:
        ranked = sorted(agents.items(), key=lambda pair: (-(pair[1].get('failures') or 0), text_of(pair[0])))
        left_out = len(ranked) - MAX_AGENTS
        ranked = ranked[:MAX_AGENTS]
        rows = []
        for agent, stats in ranked:
            known = stats.get('success_rate_known')
            rows.append((redact(text_of(agent)), None if known is None else 100.0 * known))
        title = text('DASH_AGENTS_TITLE')
        desc = text('DASH_AGENTS_DESC', count=len(agents))
        chart = svg.hbars(u'chart-agents', title, desc, [(name, rate, health_colour(rate)) for name, rate in rows])
        parts.append(figure(chart, desc))
        cells = [[show(agent), count(stats.get('total_search_ops')), count(stats.get('titles_found')),
                  percent(None if stats.get('success_rate_known') is None else 100.0 * stats['success_rate_known']),
                  count(stats.get('outcome_unknown')), count(stats.get('failures')), count(stats.get('findings'))]
                 for agent, stats in ranked]
        parts.append(table(title, [text('DASH_COL_AGENT'), text('DASH_COL_SEARCHES'), text('DASH_COL_FOUND'),
                                   text('DASH_COL_RATE'), text('DASH_COL_UNKNOWN'), text('DASH_COL_FAILURES'),
                                   text('DASH_COL_FINDINGS')], cells, numeric=(1, 2, 3, 4, 5, 6)))
        if left_out > 0:
            parts.append(para(text('DASH_AGENTS_LEFT_OUT', count=left_out)))
    plugins = (diagnosis.get('plugins') or ())[:MAX_AGENTS]
    if plugins:
        headers = [text('DASH_COL_PLUGIN'), text('DASH_COL_ROLE'), text('DASH_COL_FAILURES')]
        rows = [[show(p.get('plugin')), show(p.get('role')), count(p.get('failure_events'))] for p in plugins]
        parts.append(table(text('DASH_PLUGINS_TITLE'), headers, rows, numeric=(2,)))
    return u''.join(parts) + u'</section>'


def decision_section(text, loop, decision_log):
    parts = [u'<section id="decisions"><h2>%s</h2>' % escape(text('DASH_DECISIONS'))]
    decisions = list((decision_log or {}).get('decisions') or ())
    if not decisions:
        parts.append(para(text('DASH_NO_DECISIONS')))
    else:
        shown, note = newest(text, decisions, MAX_DECISIONS, 'DASH_DECISIONS_LEFT_OUT')
        present = set(text_of(d.get('decision')) for d in shown)
        kinds = [(kind, colour) for kind, colour in DECISION_COLOURS if kind in present]
        if present - set(kind for kind, colour in DECISION_COLOURS):
            kinds.append((text('DASH_OTHER_DECISION'), OTHER_COLOUR))
        known = dict(DECISION_COLOURS)
        points = []
        for index, d in enumerate(shown):
            kind = text_of(d.get('decision'))
            where = index / float(len(shown) - 1) if len(shown) > 1 else 0.5
            points.append((u'%d' % (d.get('iteration') or 0), where, kind if kind in known
                           else text('DASH_OTHER_DECISION')))
        title = text('DASH_TIMELINE_TITLE')
        desc = text('DASH_TIMELINE_DESC', count=len(decisions),
                    keep=len([d for d in decisions if d.get('decision') == u'KEEP']),
                    rollback=len([d for d in decisions if d.get('decision') == u'ROLLBACK']),
                    monitor=len([d for d in decisions if d.get('decision') == u'MONITOR']))
        parts.append(figure(svg.markers(u'chart-decisions', title, desc, points, kinds), desc))
        rows = [[show(when(d.get('time'))), count(d.get('iteration')), show(d.get('step')), show(d.get('decision')),
                 show(d.get('next_action')), show(d.get('reason'))] for d in shown]
        headers = [text('DASH_COL_TIME'), text('DASH_COL_ITERATION'), text('DASH_COL_STEP'),
                   text('DASH_COL_DECISION'), text('DASH_COL_NEXT'), text('DASH_COL_REASON')]
        parts.append(table(title, headers, rows, numeric=(1,)))
        parts.append(note)
    parts.append(fixes_part(text, loop))
    return u''.join(parts) + u'</section>'


def fixes_part(text, loop):
    """Each fix the loop tried, with the evidence its decision rests on."""
    fixes = list((loop or {}).get('fixes_attempted') or ())
    if not fixes:
        return para(text('DASH_NO_FIXES'))
    shown, note = newest(text, fixes, MAX_DECISIONS, 'DASH_FIXES_LEFT_OUT')
    rows = [[show(f.get('fix_id')), show(f.get('agent')), count(f.get('iteration')), show(f.get('decision')),
             p_text(f.get('p_value')), count(f.get('improved')), count(f.get('worsened')), count(f.get('pairs')),
             show(f.get('reason'))] for f in shown]
    headers = [text(key) for key in ('DASH_COL_FIX', 'DASH_COL_AGENT', 'DASH_COL_ITERATION', 'DASH_COL_DECISION',
                                     'DASH_COL_P', 'DASH_COL_IMPROVED', 'DASH_COL_WORSENED', 'DASH_COL_PAIRS',
                                     'DASH_COL_REASON')]
    return table(text('DASH_FIXES_TITLE'), headers, rows, numeric=(2, 4, 5, 6, 7)) + note


def series(inputs):
    """(points, from_loop): the loop's iterations when it has any, else the aggregation runs."""
    points = loop_series(inputs.get('loop'))
    if points:
        return points, True
    return aggregate_series(inputs.get('history')), False


def body(text, inputs):
    """The dashboard's HTML body. `inputs`: {'loop', 'decisions', 'diagnosis', 'history', 'damaged'}."""
    loop = inputs.get('loop')
    points, from_loop = series(inputs)
    return u''.join([STYLE, status_section(text, inputs), rate_section(text, points, from_loop),
                     failure_section(text, points, from_loop), agent_section(text, inputs.get('diagnosis')),
                     decision_section(text, loop, inputs.get('decisions'))])
