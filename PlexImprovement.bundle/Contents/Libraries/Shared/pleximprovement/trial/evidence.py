# -*- coding: utf-8 -*-
"""What the logs say about one refresh: the targeted agent's lines attributed to one item.

In: marks taken on the agent's plug-in log and System's log just before the refresh, then the
item's ratingKey, title and guid. Out: LogMark (where a log ended) and

    lines_since(mark)                 the complete lines written after the mark (a log that
                                      rolled to `.1` meanwhile -- the agent restarted after a
                                      fix -- is read from its `.1` first)
    attributed(lines, agent, rating_key, title, guid)
        {'searched', 'search_outcome' ('found' | 'failed' | 'unknown' | 'errors' | None),
         'updated', 'update_failed', 'errors' (failure classes: 'http 403', 'timeout',
         'IndexError'...), 'sites' ({host: failure classes}), 'urls' (every URL the agent
         requested after the mark, for the HTTP cache)}
    system_done(lines, guid)          System logged the end of the item's update

Attribution: the agent's lines are counted by the Phase 1 reader (read/, agent_filter = the
targeted agent: a forced refresh runs every agent of the item, each in its own log), which
files each search under the ratingKey of its hints (or the title when the hints carry none)
and each update under the id of the guid it updated; only those two items count. Lines of
other refreshes running at the same time fall under their own items. Error classes: a failed
fetch is 'http <status>' or its class (timeout, dns, refused, ssl, other); an exception
other than the ones that only restate a failed fetch is its type name. `sites` holds the
hosts the item's calls requested (never the server's own 127.0.0.1:32400), each with the
failure classes of those calls: the log does not say which request of a call failed.
"""
from __future__ import absolute_import, division, print_function

import os

from ..read.accumulator import MetricsAccumulator
from ..read.operations import REQUESTING
from ..read.reader import LineReader
from ..read.snapshot import items as snapshot_items
from ..text import as_text, decode_bytes

try:  # Python 2.7 (Plex)
    from urlparse import urlsplit
except ImportError:  # Python 3
    from urllib.parse import urlsplit

# Exceptions that only restate a failed fetch the URL errors already count.
FETCH_EXCEPTIONS = frozenset(['HTTPError', 'URLError', 'timeout', 'SSLError', 'error', 'BadStatusLine',
                              'IncompleteRead', 'RemoteDisconnected', 'ConnectionResetError', 'gaierror'])
SYSTEM_DONE = b'Bundle with guid %s has been updated'
# The server itself: the framework fetches an item's tree from it (hard-coded in core.py and
# agentkit.py); its answers are not a site's and never open a back-off window.
SERVER_HOSTS = frozenset(['127.0.0.1:32400', 'localhost:32400'])


class LogMark(object):
    """Where a log file ended: (path, size, inode). A log that did not exist has size 0."""

    def __init__(self, path):
        self.path = path
        try:
            stat = os.stat(path)
            self.offset, self.inode = stat.st_size, stat.st_ino
        except OSError:
            self.offset, self.inode = 0, None

    def rolled(self):
        """True when the file at `path` is not the one marked (it rolled to `.1`)."""
        try:
            return self.inode is not None and os.stat(self.path).st_ino != self.inode
        except OSError:
            return True

    def as_dict(self):
        return {'path': self.path, 'offset': self.offset, 'inode': self.inode}


def read_lines(path, offset):
    lines = []
    for batch in LineReader(path, offset, True).batches():
        lines.extend(batch)
    return lines


def lines_since(mark):
    """The lines written after `mark` (bytes, without line ends)."""
    if mark.rolled():
        old = mark.path + '.1'
        earlier = read_lines(old, mark.offset) if os.path.exists(old) else []
        return earlier + (read_lines(mark.path, 0) if os.path.exists(mark.path) else [])
    if not os.path.exists(mark.path):
        return []
    return read_lines(mark.path, mark.offset)


def guid_id(guid, agent):
    """The id part of `agent://<id>?lang=..`; None for a guid of another agent."""
    if not guid or not guid.startswith(agent + u'://'):
        return None
    return guid.split(u'://', 1)[1].split(u'?', 1)[0]


def error_classes(item):
    """The failure classes of one snapshot item record (see the module docstring)."""
    found = set()
    statuses = item['statuses']
    for cls, count in item['url_errors'].items():
        if not count:
            continue
        if cls == 'http' and statuses:
            found.update(u'http %s' % (status,) for status in statuses)
        else:
            found.add(as_text(cls))
    for line in item['tracebacks']:
        name = as_text(line).split(u':', 1)[0].strip().split(u'.')[-1]
        if name and name not in FETCH_EXCEPTIONS:
            found.add(name)
    return found


def host_of(url):
    try:
        return urlsplit(as_text(url)).netloc.lower() or None
    except ValueError:
        return None


def attributed(lines, agent, rating_key, title=None, guid=None):
    """The evidence dict of one refresh (see the module docstring)."""
    acc = MetricsAccumulator(agent_filter=agent)
    acc.begin_file(agent)
    acc.feed_lines(lines)
    acc.finish()
    records = snapshot_items(acc.snapshot())
    search = records.get(u'%s|%s' % (agent, rating_key))
    if search is None and title:
        search = records.get(u'%s|%s' % (agent, title))
    update = None
    if guid_id(guid, agent):
        update = records.get(u'%s|%s' % (agent, guid_id(guid, agent)))
    errors = set()
    sites = {}
    for record in (search, update):
        if record is None:
            continue
        classes = error_classes(record)
        errors.update(classes)
        for url in record['requests']:
            host = host_of(url)
            if host and host not in SERVER_HOSTS:
                sites.setdefault(host, set()).update(classes)
    outcome = None
    if search is not None and search['searches']:
        outcome = [name for name in ('errors', 'found', 'failed', 'unknown') if search[name]][0]
    return {
        'searched': outcome is not None,
        'search_outcome': outcome,
        'updated': bool(update and (update['updates_ok'] or update['updates_failed'])),
        'update_failed': bool(update and update['updates_failed']),
        'errors': sorted(errors),
        'sites': dict((host, sorted(classes)) for host, classes in sorted(sites.items())),
        'urls': requested_urls(lines),
    }


def requested_urls(lines):
    """Every URL a `Requesting '<url>'` (or cache `Fetching`) line names, in order, once."""
    seen = []
    for line in lines:
        if b'Requesting' not in line and b'Fetching' not in line:
            continue
        match = REQUESTING.search(line)
        if match is not None:
            url = decode_bytes(match.group(1))
            if url not in seen:
                seen.append(url)
    return seen


def system_done(lines, guid):
    """True when System's log lines say the update of `guid` ended (agentservice.py notify_thread,
    logged whether or not the update succeeded)."""
    if not guid:
        return False
    needle = SYSTEM_DONE % (guid.encode('utf-8') if not isinstance(guid, bytes) else guid)
    return any(needle in line for line in lines)
