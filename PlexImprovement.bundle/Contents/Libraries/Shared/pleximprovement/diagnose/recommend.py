# -*- coding: utf-8 -*-
"""Recommendations: what to tell a human (or an agent author) about findings no fix handles.

Each one carries the precise pointer needed to act: agent, file, line, function, the URL
pattern fetched, example items and, for file-name problems, the rename advice per item with
the search string the agent built. No code change is ever proposed for a naming finding.
"""
from __future__ import absolute_import, division, print_function

import re

MAX_EXAMPLE_ITEMS = 5
GROUP_NAMES = re.compile(r'\(\?P<(\w+)>')
STRING_WITH_GROUPS = re.compile(r'[rRuU]{0,2}([\'"])(.*?\(\?P<.*?)\1')
QUANTIFIER = re.compile(r'^(?:[?*+]|\{\d*,?\d*\})\??')
KEY_IN_MESSAGE = re.compile(r"^u?'?([^']+?)'?$")


def first_location(finding):
    locations = finding.get('locations') or []
    return locations[0] if locations else {}


def finding_url(finding):
    """The most frequent URL pattern of the finding, else the last URL an item fetched."""
    patterns = finding.get('url_patterns') or {}
    if patterns:
        return sorted(patterns.items(), key=lambda pair: (-pair[1], pair[0]))[0][0]
    for item in finding.get('items') or []:
        if item.get('url'):
            return item['url']
    return None


def item_label(item):
    name = item.get('filename') or item.get('name') or item.get('key')
    return u'%s (%s)' % (name, item['year']) if item.get('year') and not item.get('filename') else name


def where(location):
    if not location.get('file'):
        return u'the framework (no agent frame)'
    return u'%s:%s in %s()' % (location.get('file'), location.get('line'), location.get('function') or '?')


def class_end(pattern, start):
    """Index of the ']' closing the character class that opens at ``start``."""
    index = start + 1
    if pattern[index:index + 1] == '^':
        index += 1
    if pattern[index:index + 1] == ']':
        index += 1
    while index < len(pattern) and pattern[index] != ']':
        index += 2 if pattern[index] == '\\' else 1
    return index


def closing_paren(pattern, start):
    """Index of the parenthesis closing the group that opens at ``start`` (or -1)."""
    depth, index = 0, start
    while index < len(pattern):
        char = pattern[index]
        if char == '\\':
            index += 2
            continue
        if char == '[':
            index = class_end(pattern, index) + 1
            continue
        depth += {'(': 1, ')': -1}.get(char, 0)
        if depth == 0:
            return index
        index += 1
    return -1


def expected_form(code):
    """The file-name form a regex literal on ``code`` expects, e.g. '(Studio) - Title (Year)'.

    Named groups become their capitalised names, escapes their literal characters, white
    space classes one space; None when the pattern holds anything that has no plain reading
    (alternatives, classes outside groups).
    """
    found = STRING_WITH_GROUPS.search(code or u'')
    if not found:
        return None
    pattern, out, index = found.group(2), [], 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith('(?P<', index):
            end = closing_paren(pattern, index)
            if end < 0:
                return None
            out.append(pattern[index + 4:pattern.index('>', index)].replace('_', ' ').capitalize())
            index = end + 1
        elif char == '\\' and index + 1 < len(pattern):
            out.append(' ' if pattern[index + 1] == 's' else pattern[index + 1])
            index += 2
        elif char in '^$':
            index += 1
        elif char in '[]|()':
            return None
        else:
            out.append(char)
            index += 1
        quantifier = QUANTIFIER.match(pattern[index:])
        if quantifier:
            index += len(quantifier.group(0))
    form = u' '.join(u''.join(out).split())
    return form or None


def naming_advice(finding, location):
    """One rename line per item: the file, what the agent looked for, what it searched."""
    wanted = GROUP_NAMES.findall(location.get('code') or u'')
    missing = KEY_IN_MESSAGE.match((location.get('message') or u'').strip())
    part = missing.group(1) if missing and location.get('exception') == 'KeyError' else None
    form = expected_form(location.get('code'))
    need = u"the part '%s'" % part if part else u'the form the agent parses'
    if form:
        need += u" (expected form: '%s')" % form
    elif wanted:
        need += u' (its pattern reads: %s)' % u', '.join(wanted)
    lines = []
    for item in finding.get('items') or []:
        lines.append(u"rename '%s' so it contains %s; the agent searched for '%s'" % (
            item.get('filename') or item.get('name') or item.get('key'), need, item.get('query') or u''))
    return lines, need


def finding_statuses(finding):
    """'HTTP 404 x2, HTTP 401 x1' from a finding's statuses, most frequent first ('' without any)."""
    statuses = sorted((finding.get('statuses') or {}).items(), key=lambda pair: (-pair[1], pair[0]))
    return u', '.join(u'HTTP %s x%d' % (status, n) for status, n in statuses)


def text_for(finding, location):
    """The sentence for one finding, by kind."""
    kind = finding['kind']
    count = finding['count']
    url = finding_url(finding) or u'the site'
    if kind == 'naming':
        lines, need = naming_advice(finding, location)
        head = (u'%d item(s) have a file name without %s (failure at %s). Rename the files; '
                u'this is not a code problem.' % (finding.get('items_total') or count, need, where(location)))
        return u' '.join([head] + [line + u'.' for line in lines[:MAX_EXAMPLE_ITEMS]])
    if kind == 'layout_changed':
        return (u'The page layout changed: %s: %s at %s, line `%s`, found nothing on pages like %s '
                u'(%d times). Update the selector on that line to the current markup.' % (
                    location.get('exception'), location.get('message'), where(location),
                    location.get('code') or u'?', url, count))
    if kind in ('code_bug', 'model_error', 'framework_error', 'decoding_error') and location:
        return (u'%s: %s at %s (`%s`), %d times during %s. Report it to the agent author with the '
                u'evidence lines.' % (location.get('exception'), location.get('message'), where(location),
                                      location.get('code') or u'?', count, location.get('phase') or 'a call'))
    if kind == 'not_found':
        return (u'%d fetches returned 404/410 on %s: the agent builds URLs the site no longer serves '
                u'(changed URL scheme or removed pages).' % (count, url))
    if kind == 'ssl':
        return (u'%d TLS handshakes with %s failed: the framework\'s bundled OpenSSL is likely too old '
                u'for the site; update the server or route the agent through a proxy.' % (count, url))
    if kind == 'dns':
        return u'%d lookups of the host of %s failed: check the server\'s DNS or the site name.' % (count, url)
    if kind == 'refused':
        return u'%d connections to %s were refused: the site or its port is down.' % (count, url)
    if kind == 'crash_loop':
        cause = (u' It raised %s: %s at %s while starting.' % (
            location.get('exception'), location.get('message'), where(location)) if location else u'')
        return (u'The agent process restarted %d times in the window.%s Look at its start-up lines and '
                u'the tracebacks of its other findings.' % (count, cause))
    if kind == 'fetch_outside_calls':
        return (u'%d fetches outside any search or update failed (%s): usually the framework starting the '
                u'plug-in (resource hashes), not the agent\'s searches or updates, so they are not in its '
                u'failure events. They matter only when the agent loads data it needs at start-up.' % (
                    count, finding_statuses(finding) or where(location)))
    if kind == 'unknown_error':
        return (u'%d messages of a shape no rule knows: "%s". Look at the examples; if it is a new '
                u'failure kind, add a rule for it.' % (count, finding.get('detail')))
    return u'%s (%d events, %s).' % (finding.get('title'), count, url)


def recommendation(finding, text=None):
    location = first_location(finding)
    examples = [item_label(item) for item in (finding.get('items') or [])[:MAX_EXAMPLE_ITEMS]]
    return {
        'finding_id': finding['id'], 'kind': finding['kind'], 'agent': finding['agent'],
        'file': location.get('file'), 'line': location.get('line'), 'function': location.get('function'),
        'code': location.get('code'), 'url_pattern': finding_url(finding), 'example_items': examples,
        'text': text or text_for(finding, location),
    }


def recommendations(findings, exhausted):
    """Recommendations for findings without a catalog fix, and for fixable findings whose
    every fix and parameter set was already attempted on that agent."""
    result = [recommendation(f) for f in findings if not f['fixable']]
    done = {}
    for agent, fix_id, relevant in exhausted:
        for finding in relevant:
            done.setdefault(finding['id'], (finding, []))[1].append(fix_id)
    for finding_id in sorted(done):
        finding, fix_ids = done[finding_id]
        if set(fix_ids) >= set(finding['fix_ids']):
            text = (u'%s Every catalog fix for it (%s) was already tried on %s with every parameter '
                    u'set; it needs a change by the agent author.' % (
                        text_for(finding, first_location(finding)), u', '.join(sorted(fix_ids)),
                        finding['agent']))
            result.append(recommendation(finding, text))
    return result
