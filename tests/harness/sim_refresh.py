# -*- coding: utf-8 -*-
"""Refreshing in the simulated server: the job queue, its workers and each outcome.

A refresh is what PlexImprovement exists to improve: PMS queues it, runs the agent's
search then update, and only the logs and /activities tell how it went. This module does
that, records one outcome per item (the figures summarize() reports), and names failures.
"""
from __future__ import absolute_import, division, print_function

import base64
import io
import json
import os
import threading
import time
import uuid

from harness import sim_http, sim_logs
from harness.sim_library import now_ts

MATCH_THRESHOLD = 85
# Seconds a refresh worker spends per item besides the agent's own work: PMS -> System ->
# plug-in dispatch, database writes. Keeps a full refresh near 20 items/s per worker, so the
# fake site's rate limit bites the way it does for a real server, not a tight loop.
DEFAULT_PACE = 0.05
SEARCH_FUNCTION = 'X0FnZW50S2l0OlNlYXJjaA__'          # _AgentKit:Search, framework encoding
UPDATE_FUNCTION = 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'  # _AgentKit:UpdateMetadata


def packed(value):
    """A stand-in for the framework's packed (cerealized, base64) call arguments."""
    data = json.dumps(value, sort_keys=True).encode('utf-8')
    return base64.b64encode(data).decode('ascii').replace('/', '@').replace('+', '*').replace('=', '_')


class Job(object):
    """One refresh request: a single item or a whole section; an Activity while running."""

    def __init__(self, kind, section, items, force, title):
        self.uuid = str(uuid.uuid4())
        self.kind = kind
        self.section = section
        self.items = items
        self.force = force
        self.title = title
        self.total = len(items)
        self.done = 0
        self.cancelled = False
        self.current = None
        self.finished = threading.Event()
        if not items:
            self.finished.set()


class RefreshQueue(object):
    """SimServer's refresh side (a mixin): queue jobs, run them in workers, record outcomes."""

    def enqueue(self, kind, section, items, force, title):
        job = Job(kind, section, items, force, title)
        with self.lock:
            self.jobs.append(job)
        for item in items:
            self.queue.put((job, item))
        return job

    def refresh_item(self, rating_key, force=True):
        item = self.items[rating_key]
        return self.enqueue('item', item.section, [item], force, item.title)

    def refresh_section(self, section_id, force=True):
        section = self.sections[section_id]
        items = list(section.items) if force else [i for i in section.items if not i.matched]
        return self.enqueue('section', section, items, force, section.title)

    def cancel_section(self, section_id):
        with self.lock:
            for job in self.jobs:
                if job.section.id == section_id and not job.finished.is_set():
                    job.cancelled = True

    def active_jobs(self):
        with self.lock:
            self.jobs = [job for job in self.jobs if not job.finished.is_set()]
            return list(self.jobs)

    def wait_idle(self, timeout=None):
        """Block until no refresh is queued or running (for tests and the CLI)."""
        deadline = None if timeout is None else time.time() + timeout
        while True:
            jobs = self.active_jobs()
            if not jobs:
                return True
            remaining = None if deadline is None else deadline - time.time()
            if remaining is not None and remaining <= 0:
                return False
            jobs[0].finished.wait(0.5 if remaining is None else min(0.5, remaining))

    def work(self):
        while True:
            task = self.queue.get()
            if task is None:
                return
            job, item = task
            try:
                if not job.cancelled and not self.stopping.is_set():
                    job.current = item
                    if self.pace:
                        self.stopping.wait(self.pace)
                    self.process(item, job.force)
            except Exception as exc:  # pragma: no cover - a sim bug must not kill the worker
                self.server_log.error(u'Exception refreshing item %d: %r' % (item.rating_key, exc))
            finally:
                with self.lock:
                    job.done += 1
                    if job.done >= job.total:
                        job.current = None
                        job.finished.set()

    def hints_for(self, item):
        hints = {'name': item.title, 'id': str(item.rating_key),
                 'filename': sim_http.quote(item.path.encode('utf-8'), safe=b''),
                 'duration': str(item.duration), 'openSubtitlesHash': item.hash}
        if item.year:
            hints['year'] = str(item.year)
        return hints

    def process(self, item, force):
        """What PMS + System do for one item: search if unmatched, then update; store it."""
        host = self.hosts.get(item.section.agent)
        outcome = {'ratingKey': item.rating_key, 'agent': item.section.agent, 'searched': False,
                   'results': 0, 'score': None, 'matched': item.matched, 'updated': False,
                   'error': None, 'phase': None, 'started': time.time()}
        log = self.server_log
        log.debug(u'Refreshing metadata for item %d "%s" (force=%d).'
                  % (item.rating_key, item.title, 1 if force else 0))
        if host is None:
            outcome['error'] = 'agent %s is not installed' % item.section.agent
            log.error(u"Request for plug-in [%s] but it doesn't exist." % item.section.agent)
            return self.finish(item, outcome)
        try:
            emulator = host.ensure()
        except Exception as exc:
            outcome['error'], outcome['phase'] = repr(exc), 'start'
            log.error(u'Error starting plug-in %s: %s' % (host.identifier, exc))
            return self.finish(item, outcome)
        lang = 'en'
        if not item.matched:
            hints = self.hints_for(item)
            query = '&'.join('%s=%s' % (k, sim_http.quote(sim_http.to_bytes(v), safe=b''))
                             for k, v in sorted(hints.items()))
            search_path = (u'/system/agents/search?mediaType=1&%s&identifier=%s&lang=%s&manual=0&primary=1'
                           % (query, host.identifier, lang))
            log.debug(u'Issuing search query: http://127.0.0.1:32400%s' % search_path)
            log.debug(u'[%s] Sending command over HTTP (GET): %s' % (sim_logs.SYSTEM_IDENTIFIER, search_path))
            self.system_log.log('DEBUG', 'agentservice', 375, u'Searching for Movie in %s (%s)'
                                % (host.name, ', '.join('%s=%s' % kv for kv in sorted(hints.items()))))
            outcome['searched'] = True
            outcome['phase'] = 'search'
            mark = self.log_mark(host)
            try:
                results = emulator.agent_search(hints, media_type='Movie', lang=lang, manual=False,
                                                primary=True) or []
            except Exception as exc:
                results = []
                outcome['error'] = describe_error(exc)
            outcome['error'] = outcome['error'] or self.logged_exception(host, mark)
            outcome['results'] = len(results)
            log.debug(u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                      % (host.identifier, SEARCH_FUNCTION, packed([]), packed(hints)))
            best = None
            for result in results:
                if best is None or int(result.get('score') or 0) > int(best.get('score') or 0):
                    best = result
            if best is not None:
                outcome['score'] = int(best.get('score') or 0)
            if best is None or int(best.get('score') or 0) < MATCH_THRESHOLD:
                self.system_log.log('DEBUG', 'agentservice', 430, u'No match found for %s' % item.title)
                log.debug(u'No match found for item %d "%s" with agent %s.'
                          % (item.rating_key, item.title, host.identifier))
                return self.finish(item, outcome)
            guid = u'%s://%s?lang=%s' % (host.identifier, best.get('id'), best.get('lang') or lang)
            self.system_log.log('DEBUG', 'agentservice', 441, u'Found match with ID %s' % best.get('id'))
            item.guid = guid
            item.agent_id = host.identifier
            outcome['matched'] = True
        metadata_id = item.guid.split(u'://', 1)[1].split(u'?', 1)[0]
        outcome['phase'] = 'update'
        self.system_log.log('DEBUG', 'agentservice', 520, u'Preparing metadata for Movie in %s (%s)'
                            % (host.name, item.rating_key))
        quoted_guid = sim_http.quote(item.guid.encode('utf-8'), safe=b'')
        update_query = u'guid=%s&id=%d&force=%d' % (quoted_guid, item.rating_key, 1 if force else 0)
        log.debug(u'[%s] Sending command over HTTP (GET): /system/agents/update?%s'
                  % (sim_logs.SYSTEM_IDENTIFIER, update_query))
        fields = None
        mark = self.log_mark(host)
        try:
            fields = emulator.agent_update(metadata_id, media_type='Movie', guid=item.guid, lang=lang,
                                           force=bool(force), media=self.media_for(item))
        except Exception as exc:
            outcome['error'] = describe_error(exc)
            fields = getattr(exc, 'fields', None)
        # The framework swallows exceptions in update() (logging them) and still writes the
        # model, so the outcome is read from the agent's log like PlexImprovement would.
        outcome['error'] = outcome['error'] or self.logged_exception(host, mark)
        outcome['updated'] = outcome['error'] is None
        log.debug(u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                  % (host.identifier, UPDATE_FUNCTION, packed([]), packed({'guid': item.guid, 'id': item.rating_key})))
        if fields:
            self.apply_fields(item, fields)
        self.system_log.log('DEBUG', 'agentservice', 598, u'Metadata preparation for %s complete' % item.guid)
        self.system_log.log('DEBUG', 'agentservice', 612, u'Bundle with guid %s has been updated - notifying '
                            u'the media server' % item.guid)
        item.updated_at = now_ts()
        return self.finish(item, outcome)

    def media_for(self, item):
        """The media tree update() gets (the framework builds it from /library/metadata/<id>/tree)."""
        return {'id': str(item.rating_key), 'title': item.title, 'year': item.year,
                'duration': item.duration, 'guid': item.guid,
                'items': [{'id': str(item.media_id), 'duration': item.duration,
                           'parts': [{'id': str(item.part_id), 'file': item.path, 'size': item.size,
                                      'hash': item.hash, 'duration': item.duration}]}]}

    def log_mark(self, host):
        """(path, size) of the agent's plug-in log before a call."""
        path = self.plugin_log_path(host.identifier)
        try:
            return path, os.path.getsize(path)
        except OSError:
            return path, 0

    def logged_exception(self, host, mark):
        """'IndexError: list index out of range' when this thread logged a traceback since `mark`."""
        path, offset = mark
        try:
            with io.open(path, 'rb') as handle:
                size = os.fstat(handle.fileno()).st_size
                handle.seek(offset if size >= offset else 0)  # the log rolled: read it all
                text = handle.read().decode('utf-8', 'replace')
        except (IOError, OSError):
            return None
        return last_exception(text, '%x' % (threading.current_thread().ident or 0))

    def apply_fields(self, item, fields):
        if fields.get('title'):
            item.title = sim_http.to_text(fields['title'])
        if fields.get('year'):
            try:
                item.year = int(fields['year'])
            except (TypeError, ValueError):
                pass
        if fields.get('summary'):
            item.summary = sim_http.to_text(fields['summary'])
        if fields.get('studio'):
            item.studio = sim_http.to_text(fields['studio'])
        if fields.get('rating') is not None:
            try:
                item.rating = float(fields['rating'])
            except (TypeError, ValueError):
                pass
        genres = fields.get('genres')
        if genres:
            item.genres = sorted(sim_http.to_text(g) for g in genres)
        posters = fields.get('posters')
        if posters:
            item.thumb = u'/library/metadata/%d/thumb/%d' % (item.rating_key, now_ts())

    def finish(self, item, outcome):
        outcome['finished'] = time.time()
        outcome['guid'] = item.guid
        with self.lock:
            item.history.append(outcome)
            self.outcomes.append(outcome)
        return outcome


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


def describe_error(exc):
    """'HTTPError: HTTP Error 403: Forbidden' style text for an exception."""
    try:
        text = sim_http.to_text(str(exc))
    except UnicodeError:
        text = repr(exc)
    return u'%s: %s' % (type(exc).__name__, text)


def error_class(error):
    """Buckets for the reasons a refresh failed ('HTTPError: HTTP Error 403: ...' -> 'HTTP 403')."""
    if not error:
        return None
    text = sim_http.to_text(error)
    for code in ('403', '404', '429', '500', '503'):
        if 'HTTP Error %s' % code in text:
            return 'HTTP %s' % code
    lowered = text.lower()
    if 'timed out' in lowered or 'timeout' in lowered:
        return 'timeout'
    return text.split(':', 1)[0]
