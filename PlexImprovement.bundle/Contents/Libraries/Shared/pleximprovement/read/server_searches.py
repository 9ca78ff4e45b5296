# -*- coding: utf-8 -*-
"""Searches seen from the server side: main server log messages in, per-agent `search_ops_server` out.

Why: an agent whose plug-in log is not in the input (not sent, rotated away) still shows its
searches in `Plex Media Server.log`; derive() uses this count for such an agent only
(docs/counts.md "total_search_ops"). The server writes several lines for one search, one
of each kind (WITNESSES):

  to System     `Issuing search query: .../system/agents/search?...identifier=<agent>`
                `[com.plexapp.system] Sending command over HTTP (GET): /system/agents/search?...identifier=<agent>`
  to the agent  (System's call of the agent's search function, `_AgentKit:Search`)
                `Request: [...] GET /:/plugins/<agent>/messaging/function/X0FnZW50S2l0OlNlYXJjaA__/...`
                `[<agent>] Sending command over HTTP (GET): /:/plugins/<agent>/messaging/function/...`
                `HTTP requesting GET http://.../:/plugins/<agent>/messaging/function/...`
                `HTTP 200 response from GET ...` (newer: `HTTP/1.1 (0.5s) 200 response from GET ...`)
                `Completed: [...] 200 GET /:/plugins/<agent>/messaging/function/...`

So the searches of an agent are the lines of its most frequent kind: which kinds a server
writes depends on its version and log level, and every search writes one line of each kind
it writes. Counting by kind needs no time or thread (newer servers log the reply on another
thread than the request) and costs a dict update per line.
"""
from __future__ import absolute_import, division, print_function

import re

from ..text import decode_bytes
from .operations import SEARCH_FN
from .snapshot import agent_entry

# (literal the message holds near its start, after the request tags, its kind in a line
# about the request to System, its kind in a line about the call of the agent), tried in
# order: the first literal found in the message's first HEAD bytes names the line.
WITNESSES = ((b'Issuing search query', 0, None), (b'Sending command over HTTP', 1, 2), (b'HTTP requesting', None, 3),
             (b'response from GET', None, 4), (b'Completed: [', None, 5), (b'Request: [', None, 6))
KINDS = 7
HEAD = 96

SYSTEM_PATH = b'/system/agents/search?'
CALL_PATH = b'/messaging/function/' + SEARCH_FN
_NAME = re.compile(br'[\w.\-]+')
_PLUGIN_NAME = re.compile(br'/:/plugins/([\w.\-]+)$')


def _system_agent(msg):
    """The agent a `/system/agents/search?...identifier=<agent>` request names, or None."""
    at = msg.find(SYSTEM_PATH)
    if at == -1:
        return None
    for key in (b'identifier=', b'agent='):
        i = msg.find(key, at)
        while i != -1 and msg[i - 1:i] not in (b'?', b'&'):
            i = msg.find(key, i + 1)
        if i != -1:
            m = _NAME.match(msg, i + len(key))
            return m.group(0) if m is not None else None
    return None


def _called_agent(msg):
    """The agent whose search function `/:/plugins/<agent>/messaging/function/<Search>` calls, or None."""
    at = msg.find(CALL_PATH)
    if at == -1:
        return None
    m = _PLUGIN_NAME.search(msg, max(0, at - 200), at)
    return m.group(1) if m is not None else None


class ServerSearches(object):
    """Per agent, how many server log lines of each witness kind were seen."""

    def __init__(self):
        self.kinds = {}     # agent (bytes) -> [count per kind]

    def line(self, msg, agent_filter=None):
        """One server log message (bytes); True when it was a search witness."""
        head = msg[:HEAD]
        for literal, system_kind, call_kind in WITNESSES:
            if literal in head:
                break
        else:
            return False
        agent = _called_agent(msg) if call_kind is not None else None
        kind = call_kind
        if agent is None and system_kind is not None:
            agent = _system_agent(msg)
            kind = system_kind
        if agent is None:
            return False
        counts = self.kinds.get(agent)
        if counts is None:
            if agent_filter is not None and decode_bytes(agent) != agent_filter:
                return True
            counts = self.kinds[agent] = [0] * KINDS
        counts[kind] += 1
        return True

    def write(self, agents):
        """Set each agent's search_ops_server in `agents` (idempotent: snapshots may be taken
        while reading goes on)."""
        for agent, counts in self.kinds.items():
            agent_entry(agents, decode_bytes(agent))['search_ops_server'] = max(counts)
