# -*- coding: utf-8 -*-
"""The XML the simulated server answers with: serialisation and the library views.

PlexImprovement parses PMS's XML (plexapi's attribute names), so the shapes live in one
place: the MediaContainer/Directory/Video builders, and the bytes exactly as PMS writes
them. Plug-in views are in plugins.py, next to the state they show.
"""
from __future__ import absolute_import, division, print_function

from xml.etree import ElementTree

from . import http
from .library import SCANNER, now_ts

SERVER_VERSION = '1.32.2.7100-248a2daf0'
XML_TYPE = 'text/xml;charset=utf-8'


def xml_bytes(element):
    """Serialise like PMS: XML declaration, UTF-8, attributes as given."""
    body = ElementTree.tostring(element, encoding='utf-8')
    if body.startswith(b'<?xml'):
        body = body.split(b'?>', 1)[1].lstrip()
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b'\n'


def el(tag, attrs=None, parent=None):
    """An element whose attribute values are all strings (None values are left out)."""
    clean = {}
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = '1' if value else '0'
        clean[key] = http.to_text(value) if isinstance(value, bytes) else u'%s' % (value,)
    if parent is None:
        return ElementTree.Element(tag, clean)
    return ElementTree.SubElement(parent, tag, clean)


def xml_reply(element):
    """A handler reply for an XML view; None (nothing there) answers 404."""
    if element is None:
        return 404, b'', 'text/html', {}
    return 200, xml_bytes(element), XML_TYPE, {}


class LibraryViews(object):
    """SimServer's server, section, item and activity views (a mixin: they read its state)."""

    def root_xml(self):
        return el('MediaContainer', {
            'size': 0, 'allowCameraUpload': 0, 'allowChannelAccess': 1, 'allowSharing': 0,
            'allowSync': 0, 'backgroundProcessing': 1, 'certificate': 0, 'companionProxy': 1,
            'friendlyName': 'PlexImprovement Sim', 'machineIdentifier': self.machine_identifier,
            'multiuser': 1, 'myPlex': 0, 'platform': 'Linux', 'platformVersion': 'sim',
            'transcoderActiveVideoSessions': 0, 'updatedAt': now_ts(), 'version': self.kind.version})

    def library_xml(self):
        """GET /library (python-plexapi's PlexServer.library reads it first)."""
        root = el('MediaContainer', {'size': 3, 'allowSync': 0, 'art': '/:/resources/library-art.png',
                                     'content': '', 'identifier': 'com.plexapp.plugins.library',
                                     'mediaTagPrefix': '/system/bundle/media/flags/', 'mediaTagVersion': 1683000000,
                                     'title1': 'Plex Library', 'title2': ''})
        el('Directory', {'key': 'sections', 'title': 'Library Sections'}, root)
        el('Directory', {'key': 'recentlyAdded', 'title': 'Recently Added Content'}, root)
        el('Directory', {'key': 'onDeck', 'title': 'On Deck Content'}, root)
        return root

    def section_xml(self, section, parent):
        refreshing = any(job.section is section and job.kind == 'section' for job in self.active_jobs())
        node = el('Directory', {
            'allowSync': 1, 'art': '/:/resources/movie-fanart.jpg',
            'composite': '/library/sections/%d/composite/%d' % (section.id, section.updated_at),
            'filters': 1, 'refreshing': refreshing, 'thumb': '/:/resources/movie.png',
            'key': section.id, 'type': 'movie', 'title': section.title, 'agent': section.agent,
            'scanner': SCANNER, 'language': 'en-US', 'uuid': section.uuid,
            'updatedAt': section.updated_at, 'createdAt': section.created_at,
            'scannedAt': section.scanned_at, 'content': 1, 'directory': 1,
            'contentChangedAt': section.updated_at, 'hidden': 0}, parent)
        el('Location', {'id': section.id, 'path': section.location}, node)
        return node

    def video_xml(self, item, parent, detail=False):
        attrs = {'ratingKey': item.rating_key, 'key': item.key, 'guid': item.guid, 'type': 'movie',
                 'title': item.title, 'summary': item.summary or None, 'year': item.year, 'thumb': item.thumb,
                 'studio': item.studio, 'rating': item.rating, 'duration': item.duration,
                 'addedAt': item.added_at, 'updatedAt': item.updated_at}
        if item.thumb is None:
            attrs.pop('thumb')
        if detail:
            attrs.update({'librarySectionID': item.section.id, 'librarySectionTitle': item.section.title,
                          'librarySectionKey': '/library/sections/%d' % item.section.id})
        node = el('Video', attrs, parent)
        ext = item.entry.file_name.rsplit(u'.', 1)[-1].lower()
        media = el('Media', {'id': item.media_id, 'duration': item.duration, 'bitrate': 4500,
                             'width': 1920, 'height': 1080, 'aspectRatio': '1.78', 'audioChannels': 2,
                             'audioCodec': 'aac', 'videoCodec': 'h264', 'videoResolution': '1080',
                             'container': ext, 'videoFrameRate': '24p'}, node)
        el('Part', {'id': item.part_id, 'key': '/library/parts/%d/%d/file.%s' % (item.part_id, item.added_at, ext),
                    'duration': item.duration, 'file': item.path, 'size': item.size, 'container': ext},
           media)
        for number, genre in enumerate(item.genres):
            attrs = {'tag': genre}
            if detail:
                attrs.update({'id': 100 + number, 'filter': 'genre=%d' % (100 + number)})
            el('Genre', attrs, node)
        return node

    def library_container(self, section, extra=None):
        attrs = {'allowSync': 1, 'art': '/:/resources/movie-fanart.jpg',
                 'identifier': 'com.plexapp.plugins.library', 'librarySectionID': section.id,
                 'librarySectionTitle': section.title, 'librarySectionUUID': section.uuid,
                 'mediaTagPrefix': '/system/bundle/media/flags/', 'mediaTagVersion': 1683000000,
                 'thumb': '/:/resources/movie.png', 'title1': section.title, 'viewGroup': 'movie',
                 'viewMode': 65592}
        attrs.update(extra or {})
        return el('MediaContainer', attrs)

    def tree_xml(self, item):
        root = el('MediaContainer', {'size': 1, 'identifier': 'com.plexapp.plugins.library',
                                     'mediaTagPrefix': '/system/bundle/media/flags/'})
        meta = el('MetadataItem', {'id': item.rating_key, 'metadataType': 1, 'guid': item.guid,
                                   'title': item.title, 'year': item.year,
                                   'addedAt': item.added_at, 'updatedAt': item.updated_at}, root)
        media = el('MediaItem', {'id': item.media_id, 'duration': item.duration, 'bitrate': 4500,
                                 'container': item.entry.file_name.rsplit(u'.', 1)[-1].lower()}, meta)
        el('MediaPart', {'id': item.part_id, 'file': item.path, 'size': item.size,
                         'hash': item.hash, 'duration': item.duration}, media)
        return root

    def activities_xml(self):
        jobs = self.visible_jobs()
        root = el('MediaContainer', {'size': len(jobs)})
        for job in jobs:
            with self.lock:
                progress = int(100 * job.done / job.total) if job.total else 100
                current = job.current
            subtitle = current.title if current is not None else job.title
            node = el('Activity', {'uuid': job.uuid, 'type': 'library.refresh.items', 'cancellable': 0,
                                   'userID': 1, 'title': 'Refreshing', 'subtitle': subtitle,
                                   'progress': progress}, root)
            el('Context', {'librarySectionID': job.section.id}, node)
        return root
