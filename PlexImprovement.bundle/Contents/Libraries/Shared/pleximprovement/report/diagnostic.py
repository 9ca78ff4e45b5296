# -*- coding: utf-8 -*-
"""Renders a diagnosis as diagnostic_report_iteration_N.md and saves it with its JSON.

Log text ends up in Markdown tables, so every cell is escaped (``|``, ``<``, backticks,
emphasis characters, line breaks) and shortened. Tables are cut at a fixed number of rows
with a line saying how many were left out; the JSON beside the report keeps everything.
"""
from __future__ import absolute_import, division, print_function

import json

from ..text import as_text
from ..names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD

MAX_FINDING_ROWS = 50
MAX_DETAILED_FINDINGS = 10
MAX_FIX_ROWS = 30
MAX_RECOMMENDATIONS = 30
MAX_IGNORED_ROWS = 20
MAX_COMPARISON_ROWS = 30
MAX_CELL = 120
MAX_LINE = 400

ESCAPES = (('\\', '\\\\'), ('&', '&amp;'), ('<', '&lt;'), ('>', '&gt;'), ('|', '\\|'), ('`', '\\`'),
           ('*', '\\*'), ('_', '\\_'), ('[', '\\['), (']', '\\]'), ('#', '\\#'))


def md(value, limit=MAX_CELL):
    """Markdown-safe, single-line, shortened text of any value."""
    if value is None:
        return u'-'
    text = u' '.join(as_text(value).split())
    if len(text) > limit:
        text = text[:limit - 1] + u'\u2026'
    for raw, escaped in ESCAPES:
        text = text.replace(raw, escaped)
    return text


def percent_text(value):
    """A share (0..1) as text: 0.125 -> '12.5 %'."""
    return u'%.1f %%' % (100.0 * (value or 0.0))


def table(headers, rows, limit, what):
    """A Markdown table of at most ``limit`` rows, then a line counting the rest."""
    lines = [u'| ' + u' | '.join(headers) + u' |', u'|' + u'---|' * len(headers)]
    for row in rows[:limit]:
        lines.append(u'| ' + u' | '.join(row) + u' |')
    if len(rows) > limit:
        lines.append(u'')
        lines.append(u'%d more %s not shown (all are in the JSON beside this report).' % (
            len(rows) - limit, what))
    return lines


def summary_section(diagnosis, iteration):
    s = diagnosis['summary']
    window = diagnosis.get('window') or {}
    lines = [u'# Diagnostic report, iteration %d' % iteration, u'',
             u'Mode: **%s**. Log window: %s to %s.' % (
                 diagnosis['mode'], md(window.get('start')), md(window.get('end'))), u'',
             u'## Summary', u'',
             u'- Search operations: %d, success rate %s' % (s['total_search_ops'], percent_text(s['success_rate'])),
             u'- Findings: %d (%d addressed by a catalog fix), %d failure events' % (
                 s['findings'], s['fixable_findings'], s['failure_events']),
             u'- Proposed fixes: %d (%d HIGH priority)' % (s['fixes'], s['high_priority_fixes']),
             u'- Recommendations for a human or the agent author: %d' % s['recommendations']]
    if diagnosis['mode'] == 'focused':
        lines.append(u'- Since the previous diagnosis: %d new, %d resolved, %d persisting' % (
            s['new'], s['resolved'], s['persisting']))
    if not diagnosis['findings']:
        lines.extend([u'', u'No failures found in this window.'])
    # Plug-ins that ran no search or update and have no finding (this plug-in itself, System)
    # are not agents worth a row.
    agents = sorted((a, v) for a, v in s['agents'].items() if v['operations'] or v['findings'])
    if agents:
        lines.extend([u'', u'### Agents', u''])
        rows = [[md(a), u'%d' % v['operations'], u'%d' % v['failures'], percent_text(v['success_rate']),
                 u'%d' % v['findings']] for a, v in agents]
        lines.extend(table([u'Agent', u'Searches + updates', u'Failure events', u'Success rate',
                            u'Findings'], rows, MAX_FINDING_ROWS, u'agents'))
    return lines


def findings_section(diagnosis):
    findings = diagnosis['findings']
    if not findings:
        return []
    rows = [[md(f['id']), md(f['kind']), md(f['agent']), u'%d' % f['count'], percent_text(f['share']),
             u'%d' % f['items_total'], md(f['first_seen']), md(f['last_seen']),
             md(u', '.join(f['fix_ids']) or u'no (see recommendations)')] for f in findings]
    lines = [u'', u'## Findings', u'']
    lines.extend(table([u'ID', u'Kind', u'Agent', u'Count', u'Share', u'Items', u'First seen',
                        u'Last seen', u'Catalog fix'], rows, MAX_FINDING_ROWS, u'findings'))
    lines.extend([u'', u'### Evidence of the largest findings', u''])
    for f in findings[:MAX_DETAILED_FINDINGS]:
        lines.append(u'- **%s** %s on %s: %s' % (
            md(f['id']), md(f['kind']), md(f['agent']), md(f['detail'] or f['title'], MAX_LINE)))
        for line in f['evidence'][:3]:
            lines.append(u'  - `log` %s' % md(line, MAX_LINE))
        names = [i.get('filename') or i.get('name') or i.get('key') for i in f['items'][:5]]
        if names:
            more = f['items_total'] - len(names)
            lines.append(u'  - items: %s%s' % (md(u', '.join(as_text(n) for n in names), MAX_LINE),
                                               u' and %d more' % more if more > 0 else u''))
    if len(findings) > MAX_DETAILED_FINDINGS:
        lines.append(u'')
        lines.append(u'Evidence of %d smaller findings is in the JSON.' % (len(findings) - MAX_DETAILED_FINDINGS))
    return lines


def fixes_section(diagnosis):
    fixes = diagnosis['fixes']
    lines = [u'', u'## Proposed fixes', u'']
    if not fixes:
        return lines + [u'No catalog fix applies to the remaining findings of the target agents.']
    rows = [[u'%d' % p['rank'], md(p['fix_id']) + (u' (alternative)' if p['alternative'] else u''),
             md(p['agent']), p['priority'], percent_text(p['expected_improvement']), percent_text(p['expected_gain']),
             u'%s (%.2f)' % (p['confidence_label'], p['confidence']),
             md(json.dumps(p['params'], sort_keys=True)), md(u', '.join(p['addresses']))] for p in fixes]
    lines.extend([u'Expected: share of the agent\'s failures expected to go away. Gain: share of its '
                  u'searches and updates expected to recover (the ranking).', u''])
    lines.extend(table([u'Rank', u'Fix', u'Agent', u'Priority', u'Expected', u'Gain', u'Confidence',
                        u'Parameters', u'Addresses'], rows, MAX_FIX_ROWS, u'fix proposals'))
    lines.append(u'')
    for p in fixes[:MAX_DETAILED_FINDINGS]:
        lines.append(u'- %d. %s on %s: %s' % (p['rank'], md(p['title']), md(p['agent']),
                                              md(p['rationale'], MAX_LINE)))
    return lines


def recommendations_section(diagnosis):
    recs = diagnosis['recommendations']
    lines = [u'', u'## Recommendations', u'']
    if not recs:
        return lines + [u'None: every finding has a catalog fix.']
    for index, r in enumerate(recs[:MAX_RECOMMENDATIONS], 1):
        where = u'%s:%s' % (r['file'], r['line']) if r.get('file') else u'no agent frame'
        lines.append(u'%d. **%s** (%s, %s), at %s, URL %s: %s' % (
            index, md(r['kind']), md(r['agent']), md(r['finding_id']), md(where, MAX_LINE),
            md(r['url_pattern'], MAX_LINE), md(r['text'], MAX_LINE * 2)))
        if r.get('example_items'):
            lines.append(u'   Items: %s' % md(u', '.join(as_text(i) for i in r['example_items']), MAX_LINE))
    if len(recs) > MAX_RECOMMENDATIONS:
        lines.extend([u'', u'%d more recommendations not shown (all are in the JSON).' % (
            len(recs) - MAX_RECOMMENDATIONS)])
    return lines


def comparison_section(diagnosis):
    if diagnosis['mode'] != 'focused':
        return []
    c = diagnosis['comparison']
    rows = ([[u'resolved', md(f['id']), md(f['kind']), md(f['agent']), u'%d' % f['count'], u'0']
             for f in c['resolved']] +
            [[u'new', md(f['id']), md(f['kind']), md(f['agent']), u'0', u'%d' % f['count']] for f in c['new']] +
            [[u'persisting', md(f['id']), md(f['kind']), md(f['agent']), u'%d' % f['before'],
              u'%d' % f['after']] for f in c['persisting']])
    lines = [u'', u'## Compared with the previous diagnosis', u'']
    if not rows:
        return lines + [u'Neither diagnosis has findings.']
    return lines + table([u'Status', u'ID', u'Kind', u'Agent', u'Before', u'Now'], rows,
                         MAX_COMPARISON_ROWS, u'rows')


def ignored_section(diagnosis):
    ignored = diagnosis.get('ignored') or []
    if not ignored:
        return []
    rows = [[md(i['reason']), md(i['template']), u'%d' % i['count']] for i in ignored]
    heading = [u'', u'## Known noise set aside', u'']
    return heading + table([u'Why', u'Message', u'Count'], rows, MAX_IGNORED_ROWS, u'noise templates')


def render_markdown(diagnosis, iteration):
    """The report as one unicode string."""
    lines = summary_section(diagnosis, iteration)
    for section in (findings_section, fixes_section, recommendations_section, comparison_section,
                    ignored_section):
        lines.extend(section(diagnosis))
    return u'\n'.join(lines) + u'\n'


def write_diagnostic_report(store, iteration, diagnosis):
    """Saves the Markdown report and the diagnosis JSON as Data items; returns their names."""
    md_name, json_name = DIAGNOSTIC_MD % iteration, DIAGNOSTIC_JSON % iteration
    store.save(md_name, render_markdown(diagnosis, iteration).encode('utf-8'))
    store.save_json(json_name, diagnosis)
    return [md_name, json_name]
