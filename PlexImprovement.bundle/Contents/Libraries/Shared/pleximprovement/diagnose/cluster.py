# -*- coding: utf-8 -*-
"""Drain-style clustering of error messages no rule knows, so a new failure kind shows up.

Drain (He et al., ICWS 2017) groups log messages by token count, then by leading token,
then by the share of positions whose tokens are equal; positions that differ inside a
group become the wildcard ``<*>``. Before that, the variable parts of a message are masked
(text.mask_message: URLs, quoted titles, paths, hex ids, numbers), so "poster 123 missing"
and "poster 456 missing" are one shape while "poster missing" and "summary too long" stay
apart. In: snapshot ``unclassified`` entries; out: one dict per shape, most frequent first.
"""
from __future__ import absolute_import, division, print_function

from ..text import as_text, is_placeholder, mask_message

WILDCARD = u'<*>'

# Share of equal, non-wildcard positions needed to join a cluster. 0.7 keeps "Could not
# load poster for <NUM>" with "Could not load fanart for <NUM>" (5 of 6 equal) but apart
# from "Could not reach api for <NUM>" (4 of 6).
DEFAULT_SIMILARITY = 0.7
# Messages this short must match exactly: one differing word is half of their meaning.
EXACT_BELOW_TOKENS = 3
MAX_EXAMPLES = 3


def tokens_of(message):
    """Masked whitespace tokens of a message (text.mask_message)."""
    return mask_message(message).split()


def similarity(template, tokens):
    """Drain's simSeq: equal positions over length, wildcard positions not counted as equal.

    Not counting wildcards makes a template that has already generalised harder to widen
    further, which is what keeps different shapes from collapsing into one.
    """
    if len(template) != len(tokens):
        return 0.0
    if not tokens:
        return 1.0
    equal = sum(1 for a, b in zip(template, tokens) if a == b and a != WILDCARD)
    return float(equal) / len(tokens)


def widen_template(template, tokens):
    """The template widened to cover ``tokens``: differing positions become the wildcard."""
    return [a if a == b else WILDCARD for a, b in zip(template, tokens)]


def earliest(a, b):
    """The earlier of two 'YYYY-MM-DD HH:MM:SS' strings, ignoring missing ones."""
    return min(x for x in (a, b) if x) if (a or b) else None


def latest(a, b):
    """The later of two timestamps, ignoring missing ones."""
    return max(x for x in (a, b) if x) if (a or b) else None


class Cluster(object):
    """One message shape: its template, how often it occurred, where and examples."""

    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.count = 0
        self.examples = []
        self.agents = {}
        self.levels = {}
        self.members = set()
        self.first_seen = None
        self.last_seen = None

    def absorb(self, raw, count, examples, agents, level, first_seen, last_seen):
        self.count += count
        self.members.add(raw)
        for example in examples:
            if len(self.examples) < MAX_EXAMPLES and example not in self.examples:
                self.examples.append(example)
        for agent, n in (agents or {}).items():
            self.agents[agent] = self.agents.get(agent, 0) + n
        if level:
            self.levels[level] = self.levels.get(level, 0) + count
        self.first_seen = earliest(self.first_seen, first_seen)
        self.last_seen = latest(self.last_seen, last_seen)

    def as_dict(self):
        level = max(sorted(self.levels), key=lambda name: self.levels[name]) if self.levels else None
        return {
            'template': u' '.join(self.tokens),
            'count': self.count,
            'examples': list(self.examples),
            'agents': dict(self.agents),
            'level': level,
            'members': len(self.members),
            'first_seen': self.first_seen,
            'last_seen': self.last_seen,
        }


class Drain(object):
    """Incremental clustering: groups by (token count, leading token), then by similarity."""

    def __init__(self, threshold=DEFAULT_SIMILARITY):
        self.threshold = threshold
        self.groups = {}
        self.order = []

    def group_key(self, tokens):
        lead = tokens[0] if tokens else u''
        return len(tokens), (WILDCARD if is_placeholder(lead) else lead)

    def add(self, message, count=1, examples=(), agents=None, level=None, first_seen=None,
            last_seen=None):
        """Adds one message (or a template seen ``count`` times); returns its cluster."""
        tokens = tokens_of(message)
        group = self.groups.setdefault(self.group_key(tokens), [])
        needed = 1.0 if len(tokens) < EXACT_BELOW_TOKENS else self.threshold
        best, best_score = None, -1.0
        for cluster in group:
            score = similarity(cluster.tokens, tokens)
            if score > best_score:
                best, best_score = cluster, score
        if best is not None and best_score >= needed:
            best.tokens = widen_template(best.tokens, tokens)
        else:
            best = Cluster(tokens)
            group.append(best)
            self.order.append(best)
        best.absorb(as_text(message), count, [as_text(e) for e in examples or ()], agents, level,
                    first_seen, last_seen)
        return best

    def clusters(self):
        """Clusters as dicts, most frequent first (ties in the order they appeared)."""
        indexed = list(enumerate(self.order))
        indexed.sort(key=lambda pair: (-pair[1].count, pair[0]))
        return [cluster.as_dict() for _, cluster in indexed]


def cluster_messages(entries, threshold=DEFAULT_SIMILARITY):
    """Clusters snapshot ``unclassified`` entries ({template, count, level, agents, examples,
    first_seen, last_seen}) into shapes; returns Drain.clusters()."""
    drain = Drain(threshold)
    for entry in entries:
        drain.add(entry.get('template') or u'', count=entry.get('count') or 1,
                  examples=entry.get('examples') or (), agents=entry.get('agents'),
                  level=entry.get('level'), first_seen=entry.get('first_seen'),
                  last_seen=entry.get('last_seen'))
    return drain.clusters()
