# -*- coding: utf-8 -*-
"""The record of every refresh the contributor saw: which item, matched by which agent, with which guid, when.

In: the call System made to a contributor class (its search with the primary's hints, or its
update), and the plug-in's data folder. Out: one JSON line per call appended to
DATA/contributions.jsonl (names.CONTRIBUTIONS_LOG), and those records read back by anyone
holding an offset or a time (the trial waits for the record of the item it refreshed; the
collector wakes after one):

    {'event': 'search' | 'update', 'time': epoch seconds, 'agent': the primary agent,
     'guid': the item's guid with that agent, 'rating_key': the item's ratingKey (text),
     'title': the primary's title hint or None, 'lang': the library's language}

It needs no agent-specific log text: the server calls the contributor only after the
primary agent has updated a matched item, whatever the agent logs. The file rolls to
`.1` at MAX_BYTES, so it stays small; a reader gives an offset (or 0) and gets the records
after it with the offset to give next time (a roll restarts it at 0).

The media objects come from the framework (or the emulator): only the attributes every
legacy hint carries are read (primary_agent, guid, id, name; in an update the model's guid and
the tree's id and title), each guarded, so an object without them records None instead of
failing the server's refresh.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import threading
import time

from ..names import CONTRIBUTIONS_LOG
from ..text import as_text

MAX_BYTES = 1024 * 1024
SEARCH = 'search'
UPDATE = 'update'


def attribute(thing, *names):
    """The first of `thing.name...` that holds a value, as text; None when none does (absent, None,
    empty, a method -- the framework's fake media object is a unicode string -- or an object that
    fails to answer)."""
    for name in names:
        try:
            value = getattr(thing, name, None)
        except Exception:  # a framework object may fetch on attribute access; a refresh must not fail here
            continue
        if value is None or value is False or value == u'' or callable(value):
            continue
        return as_text(value)
    return None


def from_search(media, lang, now):
    """The record of a contributor search (System's hints of the primary's update)."""
    return {'event': SEARCH, 'time': now, 'agent': attribute(media, 'primary_agent'),
            'guid': attribute(media, 'guid'), 'rating_key': attribute(media, 'id'),
            'title': attribute(media, 'name'), 'lang': as_text(lang) if lang else None}


def from_update(metadata, media, lang, now):
    """The record of a contributor update (System calls it in place once a contributor matched):
    the guid is the primary's (the model's read-only `guid`, modelling/model.py), the item's
    ratingKey comes from the media tree (None without a database id)."""
    guid = attribute(metadata, 'guid') or attribute(media, 'guid')
    return {'event': UPDATE, 'time': now, 'agent': guid.split(u'://', 1)[0] if guid and u'://' in guid else None,
            'guid': guid, 'rating_key': attribute(media, 'id'), 'title': attribute(media, 'title'),
            'lang': as_text(lang) if lang else None}


class ContributionLog(object):
    """DATA/contributions.jsonl: append a record, read the records after an offset."""

    def __init__(self, data_dir, max_bytes=MAX_BYTES):
        self.path = os.path.join(data_dir, CONTRIBUTIONS_LOG)
        self.max_bytes = max_bytes
        self.lock = threading.Lock()

    def append(self, record):
        line = (json.dumps(record, sort_keys=True, separators=(',', ':')) + '\n').encode('ascii')
        with self.lock:
            folder = os.path.dirname(self.path)
            if not os.path.isdir(folder):
                os.makedirs(folder)
            if self.size() + len(line) > self.max_bytes:
                self.roll()
            with io.open(self.path, 'ab') as handle:
                handle.write(line)
        return record

    def roll(self):
        """The current file becomes `.1` (Windows cannot rename over a file: the old .1 goes first)."""
        if os.name == 'nt' and os.path.exists(self.path + '.1'):
            os.remove(self.path + '.1')
        os.rename(self.path, self.path + '.1')

    def size(self):
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def end(self):
        """The offset after the last record now (give it to read() later)."""
        return self.size()

    def read(self, offset=0):
        """(records after `offset`, the offset after them). An offset past the end means the
        file rolled: the current file is read from its start."""
        size = self.size()
        if offset > size:
            offset = 0
        try:
            with io.open(self.path, 'rb') as handle:
                handle.seek(offset)
                raw = handle.read()
        except (IOError, OSError):
            return [], offset
        complete = raw[:raw.rfind(b'\n') + 1]
        records = []
        for line in complete.split(b'\n'):
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode('utf-8'))
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
        return records, offset + len(complete)

    def since(self, when):
        """Every record in the current file at or after epoch `when`."""
        return [r for r in self.read(0)[0] if (r.get('time') or 0) >= when]


class Contributions(object):
    """What the contributor classes call (through plugin.app()): record, then tell `on_record`
    (the App wakes the log collector)."""

    def __init__(self, log, clock=time.time, on_record=None):
        self.log = log
        self.clock = clock
        self.on_record = on_record

    def searched(self, media, lang):
        return self.keep(from_search(media, lang, self.clock()))

    def updated(self, metadata, media, lang):
        return self.keep(from_update(metadata, media, lang, self.clock()))

    def keep(self, record):
        self.log.append(record)
        if self.on_record is not None:
            self.on_record(record)
        return record
