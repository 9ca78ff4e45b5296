# -*- coding: utf-8 -*-
"""Drain-style clustering of error messages no rule knows, so a new failure kind shows up.

Drain (He et al., ICWS 2017) groups log messages by token count, then by leading token,
then by the share of positions whose tokens are equal; positions that differ inside a
group become the wildcard ``<*>``. Before that, the variable parts of a message are masked
(URLs, quoted titles, paths, hex ids, numbers), so "poster 123 missing" and "poster 456
missing" are one shape while "poster missing" and "summary too long" stay apart.
"""
from __future__ import absolute_import, division, print_function

import re

WILDCARD = u'<*>'

# (regex, placeholder) applied in order: URLs before paths (a URL contains slashes),
# quoted text before numbers (a quoted title may contain digits).
MASKS = (
    (re.compile(r'\b(?:https?|ftp)://[^\s\'"<>]+', re.I), u'<URL>'),
    (re.compile(r'(?<!\w)u?\'[^\']*\'|(?<!\w)u?"[^"]*"'), u'<STR>'),
    (re.compile(r'(?<!\S)(?:[A-Za-z]:\\|/)[^\s:]+'), u'<PATH>'),
    (re.compile(r'\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b'),
     u'<HEX>'),
    (re.compile(r'\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b'),
     u'<HEX>'),
    (re.compile(r'\b(?=[A-Za-z_]*\d)(?=\d*[A-Za-z_])\w*\d\w*\b'), u'<ID>'),
    (re.compile(r'(?<![\w.])[-+]?\d+(?:[.,:]\d+)*(?!\w)'), u'<NUM>'),
)
# Ours, and any other <word> mask (Phase 1 templates arrive already masked, e.g. '<n>').
PLACEHOLDER = re.compile(r'^<(?:[A-Za-z]+|\*)>$')

# Share of equal, non-wildcard positions needed to join a cluster. 0.7 keeps "Could not
# load poster for <NUM>" with "Could not load fanart for <NUM>" (5 of 6 equal) but apart
# from "Could not reach api for <NUM>" (4 of 6).
DEFAULT_SIMILARITY = 0.7
# Messages this short must match exactly: one differing word is half of their meaning.
EXACT_BELOW_TOKENS = 3
MAX_EXAMPLES = 3


def text_of(value):
    """Unicode text of a str/bytes value (log text may arrive as either under 2.7)."""
    if value is None:
        return u''
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value if isinstance(value, type(u'')) else u'%s' % (value,)


def mask(message):
    """The message with its variable parts replaced by placeholders."""
    text = text_of(message)
    for regex, placeholder in MASKS:
        text = regex.sub(placeholder, text)
    return u' '.join(text.split())


def tokens_of(message):
    """Masked whitespace tokens of a message."""
    return mask(message).split()


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


def merge(template, tokens):
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
        return len(tokens), (WILDCARD if PLACEHOLDER.match(lead) else lead)

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
            best.tokens = merge(best.tokens, tokens)
        else:
            best = Cluster(tokens)
            group.append(best)
            self.order.append(best)
        best.absorb(text_of(message), count, [text_of(e) for e in examples or ()], agents, level,
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
