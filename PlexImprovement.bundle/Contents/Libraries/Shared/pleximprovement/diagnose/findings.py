# -*- coding: utf-8 -*-
"""Findings: the failures one metrics snapshot shows, grouped by kind, agent and detail.

In: a snapshot (contracts.md, "Phase 1 output"), read through read/snapshot.py's accessors.
``FindingCollector`` walks its evidence (statuses, URL error classes, tracebacks,
unclassified messages, agent counters, title failures), asks rules.py what each piece
means and clusters what no rule knows (cluster.py); ``finalise`` turns what it gathered
into finding dicts with counts, shares, affected items, evidence and the ids of the catalog
fixes that address their kind. Out: those dicts, sorted largest first.

Counting. A failed fetch is counted once, from Phase 1's URL-error counters (statuses and
classes); those it counted outside any search or update (``url_errors_outside_calls``: the
framework's start-up fetches, background threads) are one ``fetch_outside_calls`` finding
per agent, not a failure of its work. A traceback or message that restates failed fetches
is an echo (a network traceback raised outside a call, of that finding): per agent and
echo group (rules.echo_group: the 'http' class, or one network kind) the echoes add only
what those counters lack: one traceback record (kept per code line, with its first
message only) of 7 HTTPErrors that were 5 403s, a 429 and a 503 adds nothing to the
counted statuses, and is not 7 403s. Shares: a
finding's count over its agent's failure events (``share_of_failures``; the events of
every kind but NOT_AGENT_FAILURES) and over its agent's searches plus updates
(``share_of_operations``); None when there is nothing to divide by. URL patterns: the
masked last URL each of the finding's items fetched, so each finding shows its own.
"""
from __future__ import absolute_import, division, print_function

import hashlib

from . import cluster, rules
from .numbers import ratio
from ..fixes import catalog
from ..read import snapshot
from ..text import as_text, mask_url

MAX_ITEMS = 20
MAX_EVIDENCE = 5
MAX_EVIDENCE_CHARS = 300
MAX_LOCATIONS = 3
# What a finding keeps of each traceback's location (the recommendation's pointer).
LOCATION_FIELDS = ('exception', 'message', 'file', 'line', 'function', 'code', 'phase')
MAX_URL_PATTERNS = 5
# Kinds that are not failures of the agent's searches and updates: left out of its failure total.
NOT_AGENT_FAILURES = frozenset(['framework_error', 'crash_loop', 'fetch_outside_calls'])
OUTSIDE_CALLS = 'fetch_outside_calls'
AGENT_PHASES = frozenset(['search', 'update'])
ERROR_LEVELS = frozenset([None, '', 'WARNING', 'ERROR', 'CRITICAL'])


def finding_key(kind, agent, detail):
    """The stable identity of a finding across iterations: kind, agent and detail."""
    return u'%s|%s|%s' % (kind, agent or u'', detail or u'')


def finding_id(key):
    """A short id derived from the key, so the same finding keeps its id between runs."""
    return 'F' + hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]


def item_ref(key, item):
    """What a finding says about one affected item (an item record): enough to find it in the library."""
    queries = item['queries']
    requests = item['requests']
    return {'key': key, 'name': item['name'], 'year': item['year'], 'id': item['id'],
            'filename': item['filename'], 'query': queries[-1] if queries else None,
            'url': requests[-1] if requests else None}


class Pending(object):
    """A finding being collected: counts from primary and echo sources, items, evidence.

    Primary counts add up. Echo counts restate a failure another source already counted
    (a traceback ending in HTTPError after the URL error Phase 1 counted): only the part
    FindingCollector.settle_echoes finds uncounted (``uncounted``) is added to the count.
    """

    def __init__(self, kind, agent, detail):
        self.kind, self.agent, self.detail = kind, agent, detail
        self.primary = 0
        self.echo = 0
        self.uncounted = 0
        self.items = []
        self.evidence = []
        self.locations = []
        self.statuses = {}
        self.first_seen = None
        self.last_seen = None

    def add(self, count, echo=False):
        if echo:
            self.echo += count
        else:
            self.primary += count

    def add_items(self, keys):
        for key in keys:
            if key not in self.items:
                self.items.append(key)

    def add_evidence(self, lines):
        for line in lines:
            line = as_text(line).strip()
            if len(line) > MAX_EVIDENCE_CHARS:
                line = line[:MAX_EVIDENCE_CHARS - 3] + u'...'
            if line and line not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
                self.evidence.append(line)

    def add_location(self, tb):
        """Where a traceback of this finding was raised (the first MAX_LOCATIONS are kept)."""
        if len(self.locations) < MAX_LOCATIONS:
            self.locations.append(dict((name, tb[name]) for name in LOCATION_FIELDS))

    def seen(self, first, last):
        self.first_seen = cluster.earliest(self.first_seen, first)
        self.last_seen = cluster.latest(self.last_seen, last or first)

    @property
    def count(self):
        return self.primary + self.uncounted


class FindingCollector(object):
    """Walks one snapshot and gathers Pending findings keyed by finding_key."""

    def __init__(self, snap):
        self.snap = snap
        self.pending = {}
        self.ignored = []
        self.unknown = []
        self.agents = snapshot.agents(snap)
        self.tracebacks = snapshot.tracebacks(snap)
        self.items = snapshot.items(snap)
        self.by_agent = {}
        for key in sorted(self.items):
            self.by_agent.setdefault(self.items[key]['agent'], []).append(key)

    def get(self, kind, agent, detail=u''):
        key = finding_key(kind, agent, detail)
        if key not in self.pending:
            self.pending[key] = Pending(kind, agent, detail)
        return self.pending[key]

    def item(self, key):
        """The item record of ``key``; an empty one when the snapshot did not keep that item
        (a traceback names items the snapshot's item budget may have dropped)."""
        return self.items[key] if key in self.items else snapshot.ITEM.new()

    def agent_items(self, agent, test):
        return [key for key in self.by_agent.get(agent, []) if test(self.items[key])]

    def items_seen(self, finding, keys):
        for key in keys:
            item = self.items[key]
            finding.seen(item['first_seen'], item['last_seen'])

    def class_examples(self, cls, needle=None):
        examples = snapshot.error_class(self.snap, cls)['examples']
        return [e for e in examples if needle is None or needle in as_text(e)]

    def url_patterns(self, keys):
        """{masked URL: items} of the last URL each of these items fetched (module docstring)."""
        patterns = {}
        for key in keys:
            requests = self.items[key]['requests'] if key in self.items else []
            if requests:
                pattern = mask_url(requests[-1])
                patterns[pattern] = patterns.get(pattern, 0) + 1
        return patterns

    def confirms(self, key, kind):
        """False when the kept record of item ``key`` shows no failed fetch of ``kind``.

        A traceback record is kept per code line with its first message only, so its items
        may have failed with another status; an item the snapshot did not keep cannot be
        checked and is taken as it is.
        """
        if key not in self.items:
            return True
        item = self.items[key]
        if kind in rules.HTTP_KINDS:
            kinds = set(rules.status_kind(status) for status in item['statuses'])
            return kind in kinds or (kind == 'http_error' and bool(item['url_errors'].get('http'))
                                     and not item['statuses'])
        return any(rules.URL_CLASS_KINDS.get(cls, 'network_error') == kind
                   for cls, n in item['url_errors'].items() if n and cls != 'http')

    # -------------------------------------------------------------- sources

    def from_statuses(self):
        """Failed fetches with a status, inside searches and updates."""
        for agent, stats in sorted(self.agents.items()):
            http_total = in_calls(stats, 'url_errors_by_class', 'outside_calls_by_class', 'http')
            with_status = 0
            for status in sorted(stats['statuses']):
                kind = rules.status_kind(status)
                count = in_calls(stats, 'statuses', 'outside_calls_statuses', status)
                if kind is None or count <= 0:
                    continue
                with_status += count
                finding = self.get(kind, agent)
                finding.add(count)
                finding.statuses[status] = finding.statuses.get(status, 0) + count
                keys = self.agent_items(agent, lambda item: item['statuses'].get(status))
                finding.add_items(keys)
                self.items_seen(finding, keys)
                finding.add_evidence(self.class_examples('http', as_text(status)))
            if http_total > with_status:
                finding = self.get('http_error', agent)
                finding.add(http_total - with_status)
                finding.add_evidence(self.class_examples('http'))

    def from_url_classes(self):
        """Failed fetches of the other classes, inside searches and updates."""
        for agent, stats in sorted(self.agents.items()):
            for cls in sorted(stats['url_errors_by_class']):
                count = in_calls(stats, 'url_errors_by_class', 'outside_calls_by_class', cls)
                if cls == 'http' or count <= 0:
                    continue
                finding = self.get(rules.URL_CLASS_KINDS.get(cls, 'network_error'), agent)
                finding.add(count)
                keys = self.agent_items(agent, lambda item: item['url_errors'].get(cls))
                finding.add_items(keys)
                self.items_seen(finding, keys)
                finding.add_evidence(self.class_examples(cls))

    def from_outside_calls(self):
        """Failed fetches outside any search or update: one finding per agent."""
        for agent, stats in sorted(self.agents.items()):
            if stats['url_errors_outside_calls'] > 0:
                finding = self.get(OUTSIDE_CALLS, agent)
                finding.add(stats['url_errors_outside_calls'])
                for status, count in stats['outside_calls_statuses'].items():
                    finding.statuses[status] = finding.statuses.get(status, 0) + count

    def from_tracebacks(self):
        for tb in self.tracebacks:
            kind, detail = rules.classify_traceback(tb)
            network = kind in rules.NETWORK_KINDS
            if network and tb['phase'] not in AGENT_PHASES:
                kind = OUTSIDE_CALLS
            finding = self.get(kind, tb['agent'], u'' if network else detail)
            finding.add(tb['count'] or 1, echo=network)
            finding.add_items([key for key in tb['items'] if not network or self.confirms(key, kind)])
            finding.add_evidence([exception_line(tb)] + list(tb['examples']))
            finding.seen(tb['first_seen'], tb['last_seen'])
            finding.add_location(tb)

    def from_messages(self):
        """Unclassified messages: noise is set aside, rules classify, the rest is clustered."""
        for entry in snapshot.unclassified(self.snap):
            template = as_text(entry['template'])
            examples = [as_text(e) for e in entry['examples']]
            sample = u'\n'.join([template] + examples)
            reason = rules.noise_reason(sample)
            if reason:
                self.ignored.append({'template': template, 'count': entry['count'], 'reason': reason})
                continue
            kind, echo = rules.classify_message(sample)
            if kind is None:
                if entry['level'] in ERROR_LEVELS:
                    self.unknown.append(entry)
                else:
                    self.ignored.append({'template': template, 'count': entry['count'],
                                         'reason': 'not logged at an error level'})
                continue
            self.add_message_finding(kind, echo, entry, examples)

    def add_message_finding(self, kind, echo, entry, examples):
        agents = entry['agents'] or {None: entry['count'] or 1}
        for agent, count in sorted(agents.items(), key=lambda pair: as_text(pair[0])):
            finding = self.get(kind, agent)
            finding.add(count, echo=echo)
            finding.add_evidence(examples or [entry['template']])
            finding.seen(entry['first_seen'], entry['last_seen'])
            finding.add_items(self.agent_items(agent, lambda item: mentioned(item, examples)))

    def from_clusters(self):
        for shape in cluster.cluster_messages(self.unknown):
            agents = shape['agents'] or {None: shape['count']}
            for agent, count in sorted(agents.items(), key=lambda pair: as_text(pair[0])):
                finding = self.get('unknown_error', agent, shape['template'])
                finding.add(count)
                finding.add_evidence(shape['examples'])
                finding.seen(shape['first_seen'], shape['last_seen'])

    def from_agent_counters(self):
        for agent, stats in sorted(self.agents.items()):
            if stats['model_errors']:
                finding = self.get(rules.MODEL_ERROR_KIND, agent)
                finding.add(stats['model_errors'])
            restarts = stats['restarts']
            if rules.crash_loop_restarts(restarts):
                finding = self.get('crash_loop', agent)
                finding.add(restarts)
                failed = self.agent_items(agent, lambda item: item['updates_failed'] or item['tracebacks'])
                finding.add_items(failed)
                self.startup_tracebacks(finding)

    def startup_tracebacks(self, finding):
        """Points a crash loop at the tracebacks its agent raised outside search and update."""
        for tb in self.tracebacks:
            if tb['agent'] == finding.agent and tb['phase'] not in AGENT_PHASES:
                finding.add_evidence([exception_line(tb)] + list(tb['examples']))
                finding.seen(tb['first_seen'], tb['last_seen'])
                finding.add_location(tb)

    def from_title_failures(self):
        """Searches that ended without an error and found nothing, with no failed fetch or
        traceback inside: title_failures - title_failures_with_errors, exact at any size,
        less the failed searches of kept items whose file name the agent could not parse
        (naming). Its items and evidence: the kept items whose searches only missed."""
        naming_items = set()
        for finding in self.pending.values():
            if finding.kind == 'naming':
                naming_items.update(finding.items)
        for agent, stats in sorted(self.agents.items()):
            keys = self.by_agent.get(agent, [])
            misses = [key for key in keys if clean_miss(self.items[key])]
            named = sum(self.items[key]['failed'] for key in misses if key in naming_items)
            count = stats['title_failures'] - stats['title_failures_with_errors'] - named
            if count <= 0:
                continue
            clean = [key for key in misses if key not in naming_items]
            finding = self.get('title_never_matched', agent)
            finding.add(count)
            finding.add_items(clean)
            self.items_seen(finding, clean)
            finding.add_evidence([u"search '%s' found no title" % last_query(self.items[key])
                                  for key in clean])

    def settle_echoes(self):
        """Per agent and echo group, echoes count only what the primary counts lack.

        The uncounted rest (group echoes minus group primaries, at least 0) goes to the
        findings whose echo exceeds their primary count, the largest gap first.
        """
        groups = {}
        for finding in self.pending.values():
            groups.setdefault((finding.agent, rules.echo_group(finding.kind)), []).append(finding)
        for members in groups.values():
            uncounted = max(0, sum(f.echo for f in members) - sum(f.primary for f in members))
            members.sort(key=lambda f: (f.primary - f.echo, rules.KIND_ORDER.get(f.kind, 99), f.detail))
            for finding in members:
                finding.uncounted = min(max(0, finding.echo - finding.primary), uncounted)
                uncounted -= finding.uncounted

    def collect(self):
        self.from_statuses()
        self.from_url_classes()
        self.from_outside_calls()
        self.from_tracebacks()
        self.from_messages()
        self.from_clusters()
        self.from_agent_counters()
        self.settle_echoes()
        self.from_title_failures()
        return [p for p in self.pending.values() if p.count > 0]


def in_calls(stats, counts, outside, key):
    """An agent's count ``key`` of map ``counts`` minus the part counted outside calls."""
    return stats[counts].get(key, 0) - stats[outside].get(key, 0)


def exception_line(tb):
    """'File:line in function: Exception: message', the one line a reader needs first."""
    where = u'%s:%s in %s: ' % (tb['file'], tb['line'], tb['function']) if tb['file'] else u''
    return u'%s%s: %s' % (where, as_text(tb['exception']), as_text(tb['message']))


def last_query(item):
    """The last search string the agent built for an item (its name when none was logged)."""
    queries = item['queries']
    return as_text(queries[-1] if queries else item['name'])


def mentioned(item, examples):
    """True when an example line names the item's file name or title."""
    names = [as_text(item[field]) for field in ('filename', 'name') if item[field]]
    return any(name in example for name in names for example in examples)


def clean_miss(item):
    """An item whose searches failed and nothing but the search itself can explain it."""
    return (item['failed'] > 0 and not item['found'] and not any(item['url_errors'].values())
            and not item['tracebacks'])


def operations(stats):
    """Searches plus updates of one agent (snapshot.agents): what a share of its work is measured against."""
    return stats['total_search_ops'] + stats['updates_ok'] + stats['updates_failed']


def finalise(pending, collector):
    """Pending findings -> finding dicts with shares, item refs and fix ids, sorted."""
    window = snapshot.window(collector.snap)
    failures = agent_failures(pending)
    findings = []
    for p in pending:
        work = operations(collector.agents[p.agent]) if p.agent in collector.agents else 0
        counted = p.kind not in NOT_AGENT_FAILURES
        key = finding_key(p.kind, p.agent, p.detail)
        fix_ids = catalog.fixes_for_kind(p.kind)
        patterns = collector.url_patterns(p.items)
        urls = sorted(patterns.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_URL_PATTERNS]
        findings.append({
            'id': finding_id(key), 'key': key, 'kind': p.kind, 'agent': p.agent, 'detail': p.detail,
            'title': rules.KIND_DESCRIPTIONS.get(p.kind, p.kind), 'count': p.count,
            'share_of_failures': ratio(p.count, failures.get(p.agent, 0)) if counted else None,
            'share_of_operations': ratio(p.count, work),
            'items': [item_ref(k, collector.item(k)) for k in p.items[:MAX_ITEMS]],
            'items_total': len(p.items),
            'first_seen': p.first_seen or window['start'],
            'last_seen': p.last_seen or window['end'],
            'evidence': list(p.evidence), 'locations': list(p.locations),
            'statuses': dict(p.statuses), 'url_patterns': dict(urls),
            'fixable': bool(fix_ids), 'fix_ids': fix_ids,
        })
    findings.sort(key=lambda f: (-f['count'], rules.KIND_ORDER.get(f['kind'], 99), f['key']))
    return findings


def agent_failures(findings):
    """Failure events per agent: the denominator of a fix's share of the failures."""
    totals = {}
    for f in findings:
        kind = f.kind if isinstance(f, Pending) else f['kind']
        agent = f.agent if isinstance(f, Pending) else f['agent']
        count = f.count if isinstance(f, Pending) else f['count']
        if kind not in NOT_AGENT_FAILURES:
            totals[agent] = totals.get(agent, 0) + count
    return totals
