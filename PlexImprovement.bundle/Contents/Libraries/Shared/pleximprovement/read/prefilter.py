# -*- coding: utf-8 -*-
"""The hot-path prefilter: which DEBUG lines the accumulator may skip without parsing them.

In: nothing (tables and compiled matchers). Out: what accumulator.feed_lines binds to locals:
BORING_MODULES (framework modules whose DEBUG lines never count), BRACKET_MODULES (the ones
whose DEBUG lines count only when they start with Handling/Response/Searching), HOT (an
agent DEBUG line is parsed when its message holds one of HOT_WORDS: the phrases.py
keywords, fetch_errors.EVIDENCE_HINTS, traceback and restart markers) and EVIDENCE_HINTED
(a message worth searching for fetch-failure evidence).

Why: most lines of a busy log are DEBUG chatter; recognising them with a few bytes.find
calls and one fast search is what keeps a pass over 300 MB near grep's speed.
"""
from __future__ import absolute_import, division, print_function

import re

from .. import fetch_errors

BORING_MODULES = frozenset([b'networking', b'caching', b'storage', b'datakit', b'services', b'preferences',
                            b'accessor', b'socketinterface', b'model', b'messaging', b'localekit', b'objectkit'])
BRACKET_MODULES = frozenset([b'runtime', b'agentkit', b'core'])
PHRASE_WORDS = (b'Score: ', b'score: ', b'Found', b'found', b'Result', b'result', b'Match', b'match', b'SEARCH::',
                b'Search', b'search')
HOT_WORDS = PHRASE_WORDS + fetch_errors.EVIDENCE_HINTS + (b'most recent call last', b'Starting framework')
# Bytes that are rare in log text, rarest first (where anchored_any enters each word).
RARE_BYTES = b':kvSLjxqzFfbpyIBgwMmcu'
# Sorts after any line feed_lines skips: such a line has a space within its first 72 bytes.
ABOVE_SKIPPED = b'\xff' * 80


def anchored_any(words, rare=RARE_BYTES):
    """A regex that finds any of `words` (bytes literals), built so that `re` can scan for it fast.

    re's search skips, in C, every position whose byte cannot start a match, but only when each
    alternative of the pattern starts with a plain literal, and it tries every alternative at
    each position it does not skip. A plain `[Ss]core: |[Ff]ound|...` starts with a class, so
    all ~20 alternatives ran at every byte of every agent DEBUG message (the costliest step of
    the prefilter). Here each word is entered at its rarest byte (a literal, see `rare`), the
    bytes before it are checked by a fixed-width lookbehind, and words entered at the same byte
    share one branch: most positions are skipped and the rest try one or two alternatives.

    It matches exactly where one of `words` occurs, except that a lookbehind may read bytes
    before the `pos` given to search(): a word that starts before `pos` and ends after it is
    found too. feed_lines searches from just after `) - `, so such a word would start with the
    space or hold the `-`; none does, and there it is `any(w in message for w in words)`.
    """
    def rank(byte):
        at = rare.find(byte)
        return at if at != -1 else len(rare)

    order = []
    tails = {}
    for word in words:
        at = min(range(len(word)), key=lambda j: rank(word[j:j + 1]))
        anchor = word[at:at + 1]
        tail = re.escape(word[at + 1:])
        if at:
            tail = b'(?<=' + re.escape(word[:at + 1]) + b')' + tail
        if anchor not in tails:
            order.append(anchor)
            tails[anchor] = []
        tails[anchor].append(tail)
    branches = []
    for anchor in order:
        alts = tails[anchor]
        branches.append(re.escape(anchor) + (alts[0] if len(alts) == 1 else b'(?:' + b'|'.join(alts) + b')'))
    return re.compile(b'|'.join(branches))


HOT = anchored_any(HOT_WORDS)
# The evidence search runs only on a message holding one of these (a substring).
EVIDENCE_HINTED = anchored_any(fetch_errors.EVIDENCE_HINTS).search
