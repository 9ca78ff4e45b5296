# -*- coding: utf-8 -*-
"""Phase 2: from a metrics snapshot to findings, ranked fix proposals and recommendations.

``diagnose`` is pure: it reads the snapshot (contracts.md, "Phase 1 output"), asks rules.py
what each piece of evidence means, clusters what no rule knows (cluster.py), ranks the
catalog fixes (fixes/registry.py) and turns everything no fix addresses into a pointer a
human can act on (recommend.py). Nothing here touches the store or the framework.
"""
from __future__ import absolute_import, division, print_function

import hashlib

from . import cluster, recommend, rules
from ..fixes import registry

SCHEMA = 1
MAX_ITEMS = 20
MAX_EVIDENCE = 5
MAX_EVIDENCE_CHARS = 300
MAX_LOCATIONS = 3
MAX_URL_PATTERNS = 5
# Kinds that are not failures of the agent's own work: left out of its failure total.
NOT_AGENT_FAILURES = frozenset(['framework_error', 'crash_loop'])
ERROR_LEVELS = frozenset([None, '', 'WARNING', 'ERROR', 'CRITICAL'])


def text(value):
    return cluster.text_of(value)


def finding_key(kind, agent, detail):
    """The stable identity of a finding across iterations: kind, agent and detail."""
    return u'%s|%s|%s' % (kind, agent or u'', detail or u'')


def finding_id(key):
    """A short id derived from the key, so the same finding keeps its id between runs."""
    return 'F' + hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]


def allowed_set(allowed_agents):
    """None when every agent is allowed, else a set of identifiers.

    Accepts the Prefs text ('all' or comma-separated ids), a validated frozenset, or a list.
    """
    if allowed_agents is None:
        return None
    if isinstance(allowed_agents, (bytes, type(u''))):
        value = text(allowed_agents).strip()
        if not value or value.lower() == 'all':
            return None
        return set(part.strip() for part in value.split(',') if part.strip())
    return set(allowed_agents)


def item_ref(key, item):
    """What a finding says about one affected item: enough to find it in the library."""
    item = item or {}
    queries = item.get('queries') or []
    requests = item.get('requests') or []
    return {'key': key, 'name': item.get('name'), 'year': item.get('year'), 'id': item.get('id'),
            'filename': item.get('filename'), 'query': queries[-1] if queries else None,
            'url': requests[-1] if requests else None}


class Pending(object):
    """A finding being collected: counts from primary and echo sources, items, evidence.

    Primary counts add up. Echo counts restate a failure another source already counted
    (a traceback ending in HTTPError after the URL error Phase 1 counted), so the final
    count is max(primary, echo) rather than their sum.
    """

    def __init__(self, kind, agent, detail):
        self.kind, self.agent, self.detail = kind, agent, detail
        self.primary = 0
        self.echo = 0
        self.items = []
        self.evidence = []
        self.locations = []
        self.statuses = {}
        self.urls = {}
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
            line = text(line).strip()
            if len(line) > MAX_EVIDENCE_CHARS:
                line = line[:MAX_EVIDENCE_CHARS - 3] + u'...'
            if line and line not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
                self.evidence.append(line)

    def seen(self, first, last):
        self.first_seen = cluster.earliest(self.first_seen, first)
        self.last_seen = cluster.latest(self.last_seen, last or first)

    @property
    def count(self):
        return max(self.primary, self.echo)


class Collector(object):
    """Walks one snapshot and gathers Pending findings keyed by finding_key."""

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.pending = {}
        self.ignored = []
        self.unknown = []
        self.items = snapshot.get('items') or {}
        self.by_agent = {}
        for key in sorted(self.items):
            self.by_agent.setdefault(self.items[key].get('agent'), []).append(key)

    def get(self, kind, agent, detail=u''):
        key = finding_key(kind, agent, detail)
        if key not in self.pending:
            self.pending[key] = Pending(kind, agent, detail)
        return self.pending[key]

    def agent_items(self, agent, test):
        return [key for key in self.by_agent.get(agent, []) if test(self.items[key])]

    def items_seen(self, finding, keys):
        for key in keys:
            item = self.items.get(key) or {}
            finding.seen(item.get('first_seen'), item.get('last_seen'))

    def class_examples(self, cls, needle=None):
        examples = (self.snapshot.get('errors') or {}).get(cls, {}).get('examples') or []
        return [e for e in examples if needle is None or needle in text(e)]

    def class_urls(self, cls, agent):
        """URL patterns of an error class, used only when that class belongs to one agent."""
        entry = (self.snapshot.get('errors') or {}).get(cls) or {}
        if set((entry.get('agents') or {}).keys()) == set([agent]):
            return entry.get('urls') or {}
        return {}

    # -------------------------------------------------------------- sources

    def from_statuses(self):
        for agent, stats in sorted((self.snapshot.get('agents') or {}).items()):
            http_total = (stats.get('url_errors_by_class') or {}).get('http', 0)
            with_status = 0
            for status, count in sorted((stats.get('statuses') or {}).items()):
                kind = rules.status_kind(status)
                if kind is None or not count:
                    continue
                with_status += count
                finding = self.get(kind, agent)
                finding.add(count)
                finding.statuses[status] = finding.statuses.get(status, 0) + count
                keys = self.agent_items(agent, lambda item: (item.get('statuses') or {}).get(status))
                finding.add_items(keys)
                self.items_seen(finding, keys)
                finding.add_evidence(self.class_examples('http', text(status)))
                for pattern, n in self.class_urls('http', agent).items():
                    finding.urls[pattern] = finding.urls.get(pattern, 0) + n
            if http_total > with_status:
                finding = self.get('http_error', agent)
                finding.add(http_total - with_status)
                finding.add_evidence(self.class_examples('http'))

    def from_url_classes(self):
        for agent, stats in sorted((self.snapshot.get('agents') or {}).items()):
            for cls, count in sorted((stats.get('url_errors_by_class') or {}).items()):
                if cls == 'http' or not count:
                    continue
                finding = self.get(rules.URL_CLASS_KINDS.get(cls, 'network_error'), agent)
                finding.add(count)
                keys = self.agent_items(agent, lambda item: (item.get('url_errors') or {}).get(cls))
                finding.add_items(keys)
                self.items_seen(finding, keys)
                finding.add_evidence(self.class_examples(cls))
                for pattern, n in self.class_urls(cls, agent).items():
                    finding.urls[pattern] = finding.urls.get(pattern, 0) + n

    def from_tracebacks(self):
        for tb in self.snapshot.get('tracebacks') or []:
            kind, detail = rules.classify_traceback(tb)
            network = kind in rules.NETWORK_KINDS
            finding = self.get(kind, tb.get('agent'), u'' if network else detail)
            finding.add(tb.get('count') or 1, echo=network)
            finding.add_items(tb.get('items') or [])
            finding.add_evidence([exception_line(tb)] + list(tb.get('examples') or []))
            finding.seen(tb.get('first_seen'), tb.get('last_seen'))
            if len(finding.locations) < MAX_LOCATIONS:
                finding.locations.append(dict((name, tb.get(name)) for name in (
                    'exception', 'message', 'file', 'line', 'function', 'code', 'phase')))

    def from_messages(self):
        """Unclassified messages: noise is set aside, rules classify, the rest is clustered."""
        for entry in self.snapshot.get('unclassified') or []:
            template = text(entry.get('template'))
            examples = [text(e) for e in entry.get('examples') or []]
            sample = u'\n'.join([template] + examples)
            reason = rules.noise_reason(sample)
            if reason:
                self.ignored.append({'template': template, 'count': entry.get('count') or 0,
                                     'reason': reason})
                continue
            kind, echo = rules.classify_message(sample)
            if kind is None:
                if entry.get('level') in ERROR_LEVELS:
                    self.unknown.append(entry)
                else:
                    self.ignored.append({'template': template, 'count': entry.get('count') or 0,
                                         'reason': 'not logged at an error level'})
                continue
            self.add_message_finding(kind, echo, entry, examples)

    def add_message_finding(self, kind, echo, entry, examples):
        agents = entry.get('agents') or {None: entry.get('count') or 1}
        for agent, count in sorted(agents.items(), key=lambda pair: text(pair[0])):
            finding = self.get(kind, agent)
            finding.add(count, echo=echo)
            finding.add_evidence(examples or [entry.get('template')])
            finding.seen(entry.get('first_seen'), entry.get('last_seen'))
            finding.add_items(self.agent_items(agent, lambda item: mentioned(item, examples)))

    def from_clusters(self):
        for shape in cluster.cluster_messages(self.unknown):
            agents = shape['agents'] or {None: shape['count']}
            for agent, count in sorted(agents.items(), key=lambda pair: text(pair[0])):
                finding = self.get('unknown_error', agent, shape['template'])
                finding.add(count)
                finding.add_evidence(shape['examples'])
                finding.seen(shape['first_seen'], shape['last_seen'])

    def from_agent_counters(self):
        for agent, stats in sorted((self.snapshot.get('agents') or {}).items()):
            if stats.get('model_errors'):
                finding = self.get(rules.MODEL_ERROR_KIND, agent)
                finding.add(stats['model_errors'])
            restarts = stats.get('restarts') or 0
            if rules.crash_loop_restarts(restarts):
                finding = self.get('crash_loop', agent)
                finding.add(restarts)
                failed = self.agent_items(agent, lambda item: item.get('updates_failed') or item.get('tracebacks'))
                finding.add_items(failed)
                self.startup_tracebacks(finding)

    def startup_tracebacks(self, finding):
        """Points a crash loop at the tracebacks its agent raised outside search and update."""
        for tb in self.snapshot.get('tracebacks') or []:
            if tb.get('agent') == finding.agent and tb.get('phase') not in ('search', 'update'):
                finding.add_evidence([exception_line(tb)] + list(tb.get('examples') or []))
                finding.seen(tb.get('first_seen'), tb.get('last_seen'))
                if len(finding.locations) < MAX_LOCATIONS:
                    finding.locations.append(dict((name, tb.get(name)) for name in (
                        'exception', 'message', 'file', 'line', 'function', 'code', 'phase')))

    def from_title_failures(self):
        """Searches that failed with no other explanation: no URL error, no traceback, no
        file-name problem. Failures of items the snapshot did not keep count as clean."""
        naming_items = set()
        for finding in self.pending.values():
            if finding.kind == 'naming':
                naming_items.update(finding.items)
        for agent, stats in sorted((self.snapshot.get('agents') or {}).items()):
            failures = stats.get('title_failures') or 0
            if not failures:
                continue
            keys = self.by_agent.get(agent, [])
            tracked = sum(self.items[key].get('failed') or 0 for key in keys)
            clean = [key for key in keys if clean_miss(self.items[key]) and key not in naming_items]
            count = sum(self.items[key].get('failed') or 0 for key in clean) + max(0, failures - tracked)
            if count <= 0:
                continue
            finding = self.get('title_never_matched', agent)
            finding.add(count)
            finding.add_items(clean)
            self.items_seen(finding, clean)
            finding.add_evidence([u"search '%s' found no title" % last_query(self.items[key])
                                  for key in clean])

    def collect(self):
        self.from_statuses()
        self.from_url_classes()
        self.from_tracebacks()
        self.from_messages()
        self.from_clusters()
        self.from_agent_counters()
        self.from_title_failures()
        return [p for p in self.pending.values() if p.count > 0]


def exception_line(tb):
    """'File:line in function: Exception: message', the one line a reader needs first."""
    where = u'%s:%s in %s: ' % (tb.get('file'), tb.get('line'), tb.get('function')) if tb.get('file') else u''
    return u'%s%s: %s' % (where, text(tb.get('exception')), text(tb.get('message')))


def last_query(item):
    """The last search string the agent built for an item (its name when none was logged)."""
    queries = item.get('queries') or []
    return text(queries[-1] if queries else item.get('name'))


def mentioned(item, examples):
    """True when an example line names the item's file name or title."""
    names = [text(item.get(field)) for field in ('filename', 'name') if item.get(field)]
    return any(name in example for name in names for example in examples)


def clean_miss(item):
    """An item whose searches failed and nothing but the search itself can explain it."""
    return ((item.get('failed') or 0) > 0 and not item.get('found')
            and not any((item.get('url_errors') or {}).values()) and not item.get('tracebacks'))


def operations(stats):
    """Searches plus updates: what a share of an agent's work is measured against."""
    return ((stats.get('total_search_ops') or 0) + (stats.get('updates_ok') or 0)
            + (stats.get('updates_failed') or 0))


def finalise(pending, snapshot, collector):
    """Pending findings -> finding dicts with shares, item refs and fix ids, sorted."""
    agents = snapshot.get('agents') or {}
    failures = agent_failures(pending)
    findings = []
    for p in pending:
        denominator = operations(agents.get(p.agent) or {}) or failures.get(p.agent) or p.count
        key = finding_key(p.kind, p.agent, p.detail)
        fix_ids = registry.fixes_for_kind(p.kind)
        urls = sorted(p.urls.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_URL_PATTERNS]
        findings.append({
            'id': finding_id(key), 'key': key, 'kind': p.kind, 'agent': p.agent, 'detail': p.detail,
            'title': rules.KIND_DESCRIPTIONS.get(p.kind, p.kind),
            'count': p.count, 'share': round(min(1.0, float(p.count) / denominator), 4),
            'items': [item_ref(k, collector.items.get(k)) for k in p.items[:MAX_ITEMS]],
            'items_total': len(p.items),
            'first_seen': p.first_seen or (snapshot.get('window') or {}).get('start'),
            'last_seen': p.last_seen or (snapshot.get('window') or {}).get('end'),
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


def attempted_keys(attempts):
    """{(fix_id, agent, params_key)} of the attempt history, parameters normalised."""
    keys = set()
    for attempt in attempts or ():
        fix_id = attempt.get('fix_id')
        params = attempt.get('params') or {}
        try:
            params = registry.get(fix_id).normalise(params)
        except (KeyError, ValueError):
            pass
        keys.add((fix_id, attempt.get('agent'), registry.params_key(params)))
    return keys


def propose_fixes(findings, allowed, attempts, efficacy, previous_fixes=(), operations_by_agent=None):
    """Ranked proposals, plus the (agent, fix, findings) whose parameter sets are all tried.

    Ranked by expected_gain, then expected_improvement (registry docstring: same order within
    an agent, comparable across agents).
    """
    operations_by_agent = operations_by_agent or {}
    tried = attempted_keys(attempts)
    failures = agent_failures(findings)
    previous_rank = dict(((f.get('fix_id'), f.get('agent')), f.get('rank')) for f in previous_fixes or ())
    proposals, exhausted = [], []
    agents = sorted(set(f['agent'] for f in findings if f['agent']))
    for agent in agents:
        if allowed is not None and agent not in allowed:
            continue
        mine = [f for f in findings if f['agent'] == agent]
        for spec in registry.CATALOG:
            relevant = [f for f in mine if spec.coverage(f['kind']) > 0]
            if not relevant:
                continue
            sets = spec.parameter_sets()
            untried = [ps for ps in sets if (spec.fix_id, agent, registry.params_key(ps)) not in tried]
            if not untried:
                exhausted.append((agent, spec.fix_id, relevant))
                continue
            params = untried[0]
            efficacy_value = registry.efficacy_mean(efficacy, spec.fix_id)
            addressed, share, expected = spec.estimate(relevant, failures.get(agent, 0), efficacy_value)
            conf_value, conf_label = registry.confidence(share, failures.get(agent, 0))
            alpha, beta = registry.posterior(efficacy, spec.fix_id)
            proposals.append({
                'fix_id': spec.fix_id, 'title': spec.title, 'agent': agent, 'params': params,
                'alternative': len(untried) < len(sets),
                'attempted_params': [ps for ps in sets if ps not in untried],
                'priority': registry.priority(expected, addressed),
                'expected_improvement': round(expected, 4), 'failure_share': round(share, 4),
                'expected_gain': round(registry.expected_gain(expected, failures.get(agent, 0),
                                                              operations_by_agent.get(agent, 0)), 4),
                'efficacy': round(efficacy_value, 4), 'addressed_events': addressed,
                'confidence': conf_value, 'confidence_label': conf_label,
                'addresses': [f['id'] for f in relevant],
                'previous_rank': previous_rank.get((spec.fix_id, agent)),
                'rationale': rationale(relevant, addressed, share, failures.get(agent, 0),
                                       efficacy_value, alpha, beta, expected),
            })
    proposals.sort(key=lambda p: (-p['expected_gain'], -p['expected_improvement'], -p['addressed_events'],
                                  p['fix_id'], p['agent']))
    for rank, proposal in enumerate(proposals, 1):
        proposal['rank'] = rank
    return proposals, exhausted


def rationale(relevant, addressed, share, failures, efficacy_value, alpha, beta, expected):
    kinds = u', '.join(u'%s x%d' % (f['kind'], f['count']) for f in relevant)
    return (u'addresses %s: %d of %d failure events, weighted share %.0f%%; efficacy %.2f '
            u'(Beta(%.1f, %.1f)); expected %.0f%% of the failures' % (
                kinds, addressed, failures, 100.0 * share, efficacy_value, alpha, beta, 100.0 * expected))


def compare(previous, findings):
    """new / resolved / persisting findings by stable key, with counts before and after."""
    before = dict((f['key'], f) for f in (previous or {}).get('findings') or [])
    now = dict((f['key'], f) for f in findings)

    def brief(f):
        return {'id': f['id'], 'key': f['key'], 'kind': f['kind'], 'agent': f['agent'], 'count': f['count']}
    comparison = {
        'new': [brief(f) for f in findings if f['key'] not in before],
        'resolved': [brief(f) for key, f in sorted(before.items()) if key not in now],
        'persisting': [dict(brief(f), before=before[f['key']]['count'], after=f['count'])
                       for f in findings if f['key'] in before],
    }
    for f in findings:
        f['status'] = 'persisting' if f['key'] in before else 'new'
    return comparison


def summarise(snapshot, findings, fixes, recommendations, comparison):
    totals = snapshot.get('totals') or {}
    failures = agent_failures(findings)
    per_agent = {}
    for agent, stats in sorted((snapshot.get('agents') or {}).items()):
        per_agent[agent] = {'operations': operations(stats), 'failures': failures.get(agent, 0),
                            'success_rate': stats.get('success_rate', 0.0),
                            'findings': len([f for f in findings if f['agent'] == agent])}
    return {
        'agents': per_agent,
        'total_search_ops': totals.get('total_search_ops', 0),
        'success_rate': totals.get('success_rate', 0.0),
        'findings': len(findings),
        'fixable_findings': len([f for f in findings if f['fixable']]),
        'failure_events': sum(failures.values()),
        'fixes': len(fixes),
        'high_priority_fixes': len([p for p in fixes if p['priority'] == 'HIGH']),
        'recommendations': len(recommendations),
        'new': len(comparison['new']), 'resolved': len(comparison['resolved']),
        'persisting': len(comparison['persisting']),
    }


def diagnose(snapshot, previous=None, allowed_agents=None, attempts=(), efficacy=None, only_agents=None):
    """The diagnosis of one snapshot (a JSON-able dict).

    ``previous``: the last diagnosis; given, the mode is 'focused': findings are compared by
    key and only what remains is ranked. ``allowed_agents``: the target_agents pref (text,
    set or None); fixes are proposed only for those. ``attempts``: [{fix_id, agent, params}]
    already tried; those exact parameters are not proposed again. ``efficacy``: the history
    kept by fixes.registry.update_efficacy. ``only_agents``: restrict findings to these.
    """
    snapshot = snapshot or {}
    collector = Collector(snapshot)
    findings = finalise(collector.collect(), snapshot, collector)
    only = allowed_set(only_agents)
    if only is not None:
        findings = [f for f in findings if f['agent'] in only]
    comparison = compare(previous, findings)
    ops = dict((a, operations(stats)) for a, stats in (snapshot.get('agents') or {}).items())
    fixes, exhausted = propose_fixes(findings, allowed_set(allowed_agents), attempts, efficacy,
                                     (previous or {}).get('fixes') or (), ops)
    recommendations = recommend.recommendations(findings, exhausted, collector.items)
    return {
        'schema': SCHEMA,
        'mode': 'focused' if previous else 'full',
        'window': snapshot.get('window') or {'start': None, 'end': None},
        'summary': summarise(snapshot, findings, fixes, recommendations, comparison),
        'findings': findings,
        'fixes': fixes,
        'recommendations': recommendations,
        'comparison': comparison,
        'ignored': collector.ignored,
        'allowed_agents': sorted(allowed_set(allowed_agents)) if allowed_set(allowed_agents) else 'all',
    }
