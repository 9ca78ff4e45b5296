# -*- coding: utf-8 -*-
"""What the simulated server stores: one movie section and its items, as the scanner left
them and agents changed them (ratingKey, guid, title, times as whole epoch seconds).

Kept apart from the server so the refresh worker, the XML views and the API share one
model of it. The truth behind each item (the real title, what the site knows) is not
stored by a server: it comes from catalogue.py.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import time
import uuid

from . import http

SCANNER = 'Plex Video Files Scanner'


def now_ts():
    """PMS stores times (addedAt, updatedAt, ...) as whole epoch seconds."""
    return int(time.time())


class SimItem(object):
    """A movie in the library: the file, what the scanner made of it, what an agent set."""

    def __init__(self, rating_key, entry, section, added_at):
        self.rating_key = rating_key
        self.entry = entry                  # catalogue.CatalogueItem (the truth)
        self.section = section
        self.added_at = added_at
        self.media_id = 1000 + rating_key
        self.part_id = 2000 + rating_key
        digest = hashlib.sha1(entry.file_name.encode('utf-8')).hexdigest()
        self.size = 700000000 + int(digest[:6], 16) * 37
        self.duration = (85 + int(digest[6:8], 16) % 60) * 60000
        self.hash = digest[:16]
        self.history = []
        self.reset()

    def reset(self):
        """Back to what the scanner found: unmatched, local:// guid, no agent fields."""
        self.guid = u'local://%d' % self.rating_key
        self.title = self.entry.scanned_title
        self.year = self.entry.scanned_year
        self.summary = u''
        self.studio = None
        self.rating = None
        self.genres = []
        self.thumb = None
        self.updated_at = self.added_at
        self.agent_id = None

    def apply(self, fields):
        """Take the fields an agent's update() set on its model (what PMS combines into the item)."""
        if fields.get('title'):
            self.title = http.to_text(fields['title'])
        if fields.get('year'):
            try:
                self.year = int(fields['year'])
            except (TypeError, ValueError):
                pass
        if fields.get('summary'):
            self.summary = http.to_text(fields['summary'])
        if fields.get('studio'):
            self.studio = http.to_text(fields['studio'])
        if fields.get('rating') is not None:
            try:
                self.rating = float(fields['rating'])
            except (TypeError, ValueError):
                pass
        genres = fields.get('genres')
        if genres:
            self.genres = sorted(http.to_text(g) for g in genres)
        posters = fields.get('posters')
        if posters:
            self.thumb = u'/library/metadata/%d/thumb/%d' % (self.rating_key, now_ts())

    @property
    def matched(self):
        return not self.guid.startswith(u'local://')

    @property
    def key(self):
        return u'/library/metadata/%d' % self.rating_key

    @property
    def path(self):
        return self.entry.path


class Section(object):
    """The one library section: its agent, folder and times; a stable uuid per id."""

    def __init__(self, section_id, title, agent, location, created_at):
        self.id = section_id
        self.title = title
        self.agent = agent
        self.location = location
        self.created_at = created_at
        self.updated_at = created_at
        self.scanned_at = created_at
        self.uuid = str(uuid.UUID(hashlib.md5(('section%d' % section_id).encode('ascii')).hexdigest()))
        self.items = []
