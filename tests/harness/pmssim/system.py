# -*- coding: utf-8 -*-
"""What the System bundle (agentservice.py) does between PMS and an agent, for the sim.

PMS never talks to an agent itself: System's search() asks the section's agent (and its
fallback_agent while the best score is below FALLBACK_SCORE), System's update task runs the
agent's update through messaging, at most UPDATE_LIMIT at once, and writes the lines of
com.plexapp.system.log that PlexImprovement reads (INFO at agentservice.py 228, 408, 586,
767; CRITICAL 592 when the call to the agent failed). The agents run in the framework
emulator; this mixin of SimServer does the System side, with the main-log lines PMS writes
around it, and reads the agent's log for the exceptions the framework swallows; after the
primary's update it calls the enabled contributing agents (contributors.py).
In: an item, its agent's AgentHost. Out: the outcome fields of the search and the update,
the item's guid/fields/updatedAt as PMS stores them (assumptions S3, S4 where unknown).
"""
from __future__ import absolute_import, division, print_function

import base64
import io
import json
import os
import threading

from . import http, logs
from .library import now_ts

# System agentservice.py search(): no result or a best score below this sends the search to
# the agent's fallback_agent. It is not an acceptance rule (that one is assumption S3).
FALLBACK_SCORE = 85
# Framework config.py agentservice_update_limit: System's update queue runs this many at once.
UPDATE_LIMIT = 3
MEDIA_TYPE = 'Movie'  # agentservice.py media_types[1]: the sim has one movie section
SEARCH_FUNCTION = 'X0FnZW50S2l0OlNlYXJjaA__'          # _AgentKit:Search, framework encoding
UPDATE_FUNCTION = 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'  # _AgentKit:UpdateMetadata
# The frames of System's failed call to an agent (agentservice.py 433 and 1291, messaging.py 86).
SYSTEM_CODE = '/usr/lib/plexmediaserver/Resources/Plug-ins-248a2daf0/System.bundle/Contents/Code/agentservice.py'
MESSAGING = ('/usr/lib/plexmediaserver/Resources/Plug-ins-248a2daf0/Framework.bundle/Contents/Resources/'
             'Versions/2/Python/Framework/components/messaging.py')
UPDATE_CALL_FRAMES = (
    (SYSTEM_CODE, 433, 'update_task', 'self.agent_update_metadata(identifier, media_type, guid, id, lang, dbid, '
                                      'parentGUID, force, version, parentID, periodic)'),
    (SYSTEM_CODE, 1291, 'agent_update_metadata', 'return Core.messaging.call_external_function('),
    (MESSAGING, 86, 'call_external_function', 'packed_result = self._core.networking.http_request(url, '
                                              'cacheTime=0, timeout=None, immediate=True).content'),
)


def packed(value):
    """A stand-in for the framework's packed (cerealized, base64) call arguments."""
    data = json.dumps(value, sort_keys=True).encode('utf-8')
    return base64.b64encode(data).decode('ascii').replace('/', '@').replace('+', '*').replace('=', '_')


class AgentService(object):
    """SimServer's System side (a mixin: it reads the server's hosts, logs and assumptions)."""

    def hints_for(self, item):
        """The search hints PMS sends for an item (plex-runtime.md 9: the exact keys are not settled)."""
        hints = {'name': item.title, 'id': str(item.rating_key),
                 'filename': http.quote(item.path.encode('utf-8'), safe=b''),
                 'duration': str(item.duration), 'openSubtitlesHash': item.hash}
        if item.year:
            hints['year'] = str(item.year)
        return hints

    def system_search(self, item, host, outcome):
        """agentservice.py search(): the agent, then its fallback_agent while the best score is
        below FALLBACK_SCORE; returns (identifier, best result) when accepted (S3), else None."""
        hints = self.hints_for(item)
        asked = set()
        results = []
        while host is not None and host.identifier not in asked:
            asked.add(host.identifier)
            results = self.agent_search(host, hints, outcome)
            top = results[0] if results else None
            if top is not None and int(top.get('score') or 0) >= FALLBACK_SCORE:
                break
            fallback = self.fallback_of(host)
            if not fallback:
                break
            host = self.host(fallback)
            if host is None:
                outcome['error'] = 'agent %s is not installed' % fallback
                return None
        best = results[0] if results else None
        if best is None:
            return None
        outcome['score'] = int(best.get('score') or 0)
        if outcome['score'] < self.assumptions.accept_min_score:
            return None
        return host.identifier, best

    def agent_search(self, host, hints, outcome):
        """One search in one agent, with the main-log and System lines around it."""
        log = self.server_log
        kwargs = dict((str(key), value) for key, value in hints.items())
        query = '&'.join('%s=%s' % (k, http.quote(http.to_bytes(v), safe=b'')) for k, v in sorted(kwargs.items()))
        search_path = (u'/system/agents/search?mediaType=1&%s&identifier=%s&lang=en&manual=0&primary=1'
                       % (query, host.identifier))
        log.debug(u'Issuing search query: http://127.0.0.1:32400%s' % search_path)
        log.debug(u'[%s] Sending command over HTTP (GET): %s' % (logs.SYSTEM_IDENTIFIER, search_path))
        self.system_log.log('INFO', 'agentservice', 228, u'Searching for %s in %s (%s)'
                            % (MEDIA_TYPE, host.identifier, http.to_text(str(kwargs))))
        outcome['searched'] = True
        outcome['phase'] = 'search'
        error = None
        mark = log_mark(self.layout.plugin_log(host.identifier))
        try:
            results = host.ensure().agent_search(kwargs, media_type=MEDIA_TYPE, lang='en', manual=False,
                                                 primary=True) or []
        except Exception as exc:
            results = []
            error = describe_error(exc)
        outcome['error'] = error or logged_exception(mark)
        outcome['results'] = len(results)
        outcome['agent'] = host.identifier
        log.debug(u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                  % (host.identifier, SEARCH_FUNCTION, packed([]), packed(kwargs)))
        return results

    def fallback_of(self, host):
        """The fallback_agent the running agent declares (System reads it from its agent info)."""
        registry = getattr(host.emulator, 'agents', None)
        for agent in getattr(registry, 'agents', None) or []:
            if getattr(agent, 'fallback_agent', None):
                return agent.fallback_agent
        return None

    def system_update(self, item, force, outcome):
        """agentservice.py update_task(): 'Preparing metadata', the agent's update through
        messaging, then 'complete' only when that call returned, and the notify line always."""
        identifier, rest = item.guid.split(u'://', 1)
        metadata_id = rest.split(u'?', 1)[0]
        outcome['phase'] = 'update'
        host = self.host(identifier)
        quoted_guid = http.quote(item.guid.encode('utf-8'), safe=b'')
        self.server_log.debug(u'[%s] Sending command over HTTP (GET): /system/agents/update?guid=%s&id=%d&force=%d'
                              % (logs.SYSTEM_IDENTIFIER, quoted_guid, item.rating_key, 1 if force else 0))
        fields = None
        agent_error = call_error = None
        with self.update_slots:
            self.system_log.log('INFO', 'agentservice', 408, u'Preparing metadata for %s in %s (%s)'
                                % (MEDIA_TYPE, identifier, metadata_id))
            mark = log_mark(self.layout.plugin_log(identifier))
            try:
                if host is None:
                    raise IOError('HTTP Error 404: Not Found (no plug-in %s)' % identifier)
                fields = host.ensure().agent_update(metadata_id, media_type=MEDIA_TYPE, guid=item.guid, lang='en',
                                                    force=bool(force), media=self.media_for(item))
            except Exception as exc:
                call_error = exc
            if call_error is None:
                # The framework swallows the agent's own exception (agentkit.py _update), so
                # System cannot see it: the agent's log is where it shows.
                agent_error = logged_exception(mark)
                self.run_contributors(item, force, MEDIA_TYPE)
                self.system_log.log('INFO', 'agentservice', 586, u'Metadata preparation for %s complete' % item.guid)
            else:
                self.system_log.log('CRITICAL', 'agentservice', 592, system_traceback(
                    u'Exception in update for %s' % item.guid, call_error))
            self.system_log.log('INFO', 'agentservice', 767, u'Bundle with guid %s has been updated - notifying '
                                u'the media server' % item.guid)
        outcome['error'] = describe_error(call_error) if call_error is not None else agent_error
        outcome['updated'] = outcome['error'] is None
        if call_error is None:
            self.server_log.debug(
                u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                % (identifier, UPDATE_FUNCTION, packed([]), packed({'guid': item.guid, 'id': item.rating_key})))
        if call_error is None and (agent_error is None or self.assumptions.failed_update == 'applied'):
            if fields:
                item.apply(fields)
            item.updated_at = now_ts()

    def media_for(self, item):
        """The media tree update() gets (the framework builds it from /library/metadata/<id>/tree)."""
        return {'id': str(item.rating_key), 'title': item.title, 'year': item.year,
                'duration': item.duration, 'guid': item.guid,
                'items': [{'id': str(item.media_id), 'duration': item.duration,
                           'parts': [{'id': str(item.part_id), 'file': item.path, 'size': item.size,
                                      'hash': item.hash, 'duration': item.duration}]}]}


def log_mark(path):
    """(path, size, inode) of a plug-in log before a call, to read what the call added."""
    try:
        stat = os.stat(path)
        return path, stat.st_size, stat.st_ino
    except OSError:
        return path, 0, None


def read_from(path, offset):
    try:
        with io.open(path, 'rb') as handle:
            handle.seek(offset)
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return u''


def logged_exception(mark):
    """'IndexError: list index out of range' when this thread logged a traceback since `mark`
    (the part of a log that rolled meanwhile is read from its .1 backup)."""
    path, offset, inode = mark
    try:
        rolled = inode is not None and os.stat(path).st_ino != inode
    except OSError:
        rolled = False
    text = (read_from(path + '.1', offset) + read_from(path, 0)) if rolled else read_from(path, offset)
    return last_exception(text, '%x' % (threading.current_thread().ident or 0))


def last_exception(text, thread_hex=None):
    """The exception line closing the last '(most recent call last):' record of a thread."""
    found = None
    inside = False
    for line in text.splitlines():
        if line[:4].isdigit() and ' : ' in line[:64]:
            inside = line.endswith('(most recent call last):') and (
                thread_hex is None or ('(%s)' % thread_hex) in line[:64])
            continue
        if inside and line and not line[0].isspace():
            found = line.strip()
            inside = False
    return found


def system_traceback(message, exc):
    """core.py traceback(): the message, System's frames of the failed call, the exception."""
    lines = [u'%s (most recent call last):' % message]
    for path, number, function, source in UPDATE_CALL_FRAMES:
        lines.append(u'  File "%s", line %d, in %s' % (path, number, function))
        lines.append(u'    %s' % source)
    lines.append(describe_error(exc))
    return u'\n'.join(lines)


def describe_error(exc):
    """'HTTPError: HTTP Error 403: Forbidden' style text for an exception."""
    try:
        text = http.to_text(str(exc))
    except UnicodeError:
        text = repr(exc)
    return u'%s: %s' % (type(exc).__name__, text)
