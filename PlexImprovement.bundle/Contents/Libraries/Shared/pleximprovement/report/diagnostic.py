# -*- coding: utf-8 -*-
"""Renders a diagnosis as diagnostic_report_iteration_N.md and saves it with its JSON.

Log text ends up in Markdown tables, so every cell is escaped (``|``, ``<``, backticks,
emphasis characters, line breaks) and shortened. Tables are cut at a fixed number of rows
with a line saying how many were left out; the JSON beside the report keeps everything.
Each percentage is labelled with what it divides by (diagnose/diagnosis.py: both success
rates; diagnose/findings.py: both shares) and written by diagnose/numbers.percent_text, so
one figure reads the same wherever it appears. Plug-ins that are not agents get one health
line each, apart from the agents' findings.
"""
from __future__ import absolute_import, division, print_function

import json

from ..diagnose.numbers import percent_text
from ..text import as_text
from ..names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD, DIAGNOSTIC_PREFIX
from .saved import save_json, save_text

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


def searches_line(s):
    """The searches and both success rates, each labelled; no rate without a search."""
    if not s['total_search_ops']:
        return u'- Search operations: 0 (no success rate)'
    return (u'- Search operations: %d; titles found / all searches: %s; titles found / searches with a '
            u'known outcome: %s (%d with an outcome the log does not show)' % (
                s['total_search_ops'], percent_text(s['success_rate']), percent_text(s['success_rate_known']),
                s['outcome_unknown']))


def summary_section(diagnosis, iteration):
    s = diagnosis['summary']
    window = diagnosis.get('window') or {}
    lines = [u'# Diagnostic report, iteration %d' % iteration, u'',
             u'Mode: **%s**. Log window: %s to %s.' % (
                 diagnosis['mode'], md(window.get('start')), md(window.get('end'))), u'',
             u'## Summary', u'',
             searches_line(s),
             u'- Findings: %d (%d addressed by a catalog fix), %d failure events' % (
                 s['findings'], s['fixable_findings'], s['failure_events']),
             u'- Proposed fixes: %d (%d HIGH priority)' % (s['fixes'], s['high_priority_fixes']),
             u'- Recommendations for a human or the agent author: %d' % s['recommendations']]
    bounded = diagnosis.get('detail_bounded')
    if bounded:
        lines.append(u'- Per-item detail is bounded: item records were kept for the first %d items; %d searches '
                     u'and updates have none. Counts and kinds are exact; item lists and URL patterns are '
                     u'partial.' % (bounded['items_limit'] or 0, bounded['operations_without_item']))
    if s['plugins']:
        lines.append(u'- Other plug-ins (not agents, no fixes): %d, %d failure events' % (
            s['plugins'], s['plugin_failure_events']))
    if diagnosis['mode'] == 'focused':
        lines.append(u'- Since the previous diagnosis: %d new, %d resolved, %d persisting' % (
            s['new'], s['resolved'], s['persisting']))
    if not diagnosis['findings']:
        lines.extend([u'', u'No failures found in this window.'])
    agents = sorted(s['agents'].items())
    if agents:
        lines.extend([u'', u'### Agents', u''])
        rows = [[md(a), u'%d' % v['operations'], u'%d' % v['failures'], u'%d' % v['total_search_ops'],
                 percent_text(v['success_rate']), percent_text(v['success_rate_known']),
                 u'%d' % v['findings']] for a, v in agents]
        lines.extend(table([u'Agent', u'Searches + updates', u'Failure events', u'Searches',
                            u'Found / all searches', u'Found / known outcomes', u'Findings'],
                           rows, MAX_FINDING_ROWS, u'agents'))
    return lines


def plugin_line(entry):
    """One health line of a plug-in that is not an agent."""
    plugin = entry['plugin'] if entry['plugin'] is not None else u'lines no plug-in owns'
    name = u'%s (%s)' % (md(plugin), entry['role'])
    if not entry['findings']:
        return u'- %s: no failure in this window.' % name
    kinds = u', '.join(u'%s x%d' % (md(f['kind']), f['count']) for f in entry['findings'])
    first = entry['findings'][0]['evidence']
    example = u'; e.g. `log` %s' % md(first[0], MAX_LINE) if first else u''
    return u'- %s: %d failure events (%s)%s' % (name, entry['failure_events'], kinds, example)


def plugins_section(diagnosis):
    plugins = diagnosis.get('plugins') or []
    if not plugins:
        return []
    lines = [u'', u'## Other plug-ins (not agents)', u'',
             u'Their failures are not ranked with the agents\' findings and no fix is proposed for them.', u'']
    return lines + [plugin_line(entry) for entry in plugins]


def findings_section(diagnosis):
    findings = diagnosis['findings']
    if not findings:
        return []
    rows = [[md(f['id']), md(f['kind']), md(f['agent']), u'%d' % f['count'], percent_text(f['share_of_failures']),
             percent_text(f['share_of_operations']), u'%d' % f['items_total'], md(f['first_seen']),
             md(f['last_seen']), md(u', '.join(f['fix_ids']) or u'no (see recommendations)')] for f in findings]
    lines = [u'', u'## Findings', u'',
             u"Of failures: the finding's share of its agent's failure events. Of searches + updates: its share "
             u"of the agent's work.", u'']
    lines.extend(table([u'ID', u'Kind', u'Agent', u'Count', u'Of failures', u'Of searches + updates', u'Items',
                        u'First seen', u'Last seen', u'Catalog fix'], rows, MAX_FINDING_ROWS, u'findings'))
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
    for section in (findings_section, plugins_section, fixes_section, recommendations_section,
                    comparison_section, ignored_section):
        lines.extend(section(diagnosis))
    return u'\n'.join(lines) + u'\n'


def write_diagnostic_report(store, iteration, diagnosis):
    """Saves the Markdown report and the diagnosis JSON as Data items; returns their names."""
    md_name, json_name = DIAGNOSTIC_MD % iteration, DIAGNOSTIC_JSON % iteration
    save_text(store, md_name, render_markdown(diagnosis, iteration))
    save_json(store, json_name, diagnosis)
    return [md_name, json_name]


def latest_diagnosis(store):
    """The newest diagnosis saved in the store, or None."""
    numbers = []
    for name in store.list(DIAGNOSTIC_PREFIX):
        digits = name[len(DIAGNOSTIC_PREFIX):].split('.', 1)[0]
        if name.endswith('.json') and digits.isdigit():
            numbers.append(int(digits))
    return store.load_json(DIAGNOSTIC_JSON % max(numbers), None) if numbers else None
