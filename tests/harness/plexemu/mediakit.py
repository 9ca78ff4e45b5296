# -*- coding: utf-8 -*-
"""What an agent gets as `media` (plex-runtime.md §5.3-§5.4; api/agentkit.py MediaObject,
MediaTree, FakeMediaObject, Media.TreeForDatabaseID).

In: the hints of a search (strings from PMS), a media tree (the server's
/library/metadata/<id>/tree XML, or a dict shaped like it). Out: the objects the framework
builds from them.
- MediaObject (search): only its own attributes are taken from the hints (others are
  dropped); an `id` hint fetches that item's tree from the server, and any other attribute is
  looked up in the tree, else AttributeError -- never a silent None.
- MediaTree (update, and the search fallback): the XML attributes as strings (`size` and
  stream ids as integers), `items[].parts[]`, `settings`, `children`, one level per
  `level_names` entry (`seasons`/`episodes` for shows). Unknown attributes raise.
- FakeMediaObject: what update() gets without a database id: everything is a no-op.
Not modelled: a part's thumbs/art/subtitles folders (Media/localhost/... on a server).
"""
from __future__ import absolute_import, division, print_function

import logging

from . import xmlutil
from .compat import native_str, text_type

OWN_ATTRIBUTES = ('primary_agent', 'primary_metadata', 'guid', 'filename', 'parent_metadata', 'parentGUID',
                  'tree', 'id', 'hash', 'originally_available_at')

# media type -> (attributes with their defaults, tree level names, level attribute keys)
MEDIA_CLASSES = {
    'Movie': ({'primary_metadata': None, 'name': None, 'openSubtitlesHash': None, 'year': None,
               'duration': None}, [], []),
    'TV_Show': ({'show': None, 'season': None, 'episode': None, 'name': None, 'openSubtitlesHash': None,
                 'year': None, 'duration': None, 'episodic': True}, ['seasons', 'episodes'], []),
    'Album': ({'name': None, 'artist': None, 'album': None, 'track': None, 'index': None, 'parentGUID': None},
              ['tracks'], []),
    'Artist': ({'artist': None, 'album': None, 'track': None, 'index': None}, ['albums', 'tracks'], ['guid']),
    'PhotoAlbum': ({}, ['photos'], []),
    'Photo': ({}, [], []),
}
_RENAMES = (('originallyAvailableAt', 'originally_available_at'), ('addedAt', 'added_at'),
            ('refreshedAt', 'refreshed_at'))


class FakeMediaObject(text_type):
    """Every attribute and item is itself, iteration is empty, calls do nothing."""

    def __getattr__(self, name):
        return self

    def __setattr__(self, name, value):
        pass

    def __getitem__(self, name):
        return self

    def __setitem__(self, name, value):
        pass

    def __delitem__(self, name):
        pass

    def __contains__(self, name):
        return False

    def __call__(self, *args, **kwargs):
        return None

    def __iter__(self):
        return iter([])

    def validate_keys(self, names):
        pass

    def keys(self):
        return []

    def all_parts(self):
        return []


class MediaDict(dict):
    """Sub-levels (seasons, episodes...): a key is found as given or as its str()."""

    def __contains__(self, item):
        return dict.__contains__(self, item) or dict.__contains__(self, str(item))

    def __getitem__(self, item):
        if dict.__contains__(self, str(item)):
            return dict.__getitem__(self, str(item))
        return dict.__getitem__(self, item)


class _Attributes(object):
    """XML attributes as plain attributes; `integers` are converted (the framework's `long`)."""

    def __init__(self, el, integers=()):
        for key, value in el.attrib.items():
            self.__dict__[key] = int(value) if key in integers else native_str(value)


class MediaStream(_Attributes):
    def __init__(self, el):
        _Attributes.__init__(self, el, ('index', 'type', 'id'))


class MediaPart(_Attributes):
    def __init__(self, el):
        _Attributes.__init__(self, el, ('size',))
        self.streams = [MediaStream(child) for child in el if child.tag == 'MediaStream']


class MediaItem(object):
    def __init__(self, el):
        self.parts = [MediaPart(child) for child in el if child.tag == 'MediaPart']


class MediaTree(object):
    def __init__(self, log, el, level_names=(), child_id=None, level_keys=()):
        self.items = []
        self.settings = {}
        self.children = []
        for key, value in el.attrib.items():
            self.__dict__[key] = native_str(value)
        for old, new in _RENAMES:
            if old in self.__dict__:
                self.__dict__[new] = self.__dict__[old]
        level_name = level_names[0] if level_names else None
        subitems = MediaDict() if level_name else None
        for child in el:
            if child.tag == 'MetadataItem':
                if (child_id and child.get('id') != child_id) or subitems is None:
                    continue
                index = child.get(level_keys[0] if level_keys else 'index')
                subitem = MediaTree(log, child, level_names[1:], level_keys=level_keys[1:])
                subitems[index] = subitem
                self.children.append(subitem)
            elif child.tag == 'MediaItem':
                self.items.append(MediaItem(child))
            elif child.tag == 'Setting':
                self.settings[child.get('id')] = child.get('value')
            else:
                log.fw(logging.ERROR, ('agentkit', 571), 'Unknown tag: %s', child.tag)
        self._level_name = level_name
        if level_name:
            self.__dict__[level_name] = subitems

    def all_parts(self):
        parts = []
        for item in self.items:
            parts.extend(item.parts)
        if self._level_name:
            subitems = getattr(self, self._level_name)
            for index in subitems:
                parts.extend(subitems[index].all_parts())
        return parts


def element_from_dict(data, level_names=(), tag='MetadataItem'):
    """A dict shaped like the tree ({'title':…, 'items': [{'parts': [{'file':…}]}], 'seasons':
    {'1': {...}}}) as the XML the server would send, so it becomes the same MediaTree."""
    attrs = dict((k, v) for k, v in data.items() if not isinstance(v, (dict, list)) and v is not None)
    el = xmlutil.element(tag, None, **attrs)
    for item in data.get('items') or []:
        item_el = xmlutil.element('MediaItem', None, **dict((k, v) for k, v in item.items() if k != 'parts'))
        for part in item.get('parts') or []:
            part_el = xmlutil.element('MediaPart', None, **dict((k, v) for k, v in part.items() if k != 'streams'))
            for stream in part.get('streams') or []:
                part_el.append(xmlutil.element('MediaStream', None, **stream))
            item_el.append(part_el)
        el.append(item_el)
    level = level_names[0] if level_names else None
    for index, child in sorted(((data.get(level) or {}) if level else {}).items()):
        child = dict(child)
        child.setdefault('index', index)
        el.append(element_from_dict(child, level_names[1:]))
    return el


def tree_for_database_id(emu, dbid, level_names=(), host='127.0.0.1', parent_id=None, level_keys=()):
    """Media.TreeForDatabaseID: GET /library/metadata/<id>/tree (the framework's own request: token,
    no cache). A tree without a title is completed from /library/metadata/<id>; reading that title
    raises AttributeError first when the attribute is missing, as in the framework."""
    response = emu.http.http_request('http://%s:32400/library/metadata/%s/tree' % (host, str(parent_id or dbid)),
                                     cacheTime=0, immediate=True)
    root = xmlutil.from_string(response.content)
    tree = MediaTree(emu.plugin_log, root[0], level_names, child_id=dbid if parent_id else None,
                     level_keys=level_keys)
    if tree.title is None:
        item = emu.http.http_request('http://%s:32400/library/metadata/%s' % (host, str(dbid)), cacheTime=0,
                                     immediate=True)
        try:
            tree.title = xmlutil.from_string(item.content).find('.//Video').get('title')
        except Exception:
            emu.plugin_log.fw(logging.ERROR, ('agentkit', 689), 'Unable to set title for metadata item %s',
                              str(dbid))
    return tree


class MediaObject(object):
    """Media.Movie & co.: the search's `media`."""

    def __init__(self, emu, media_type, **kwargs):
        defaults, level_names, level_keys = MEDIA_CLASSES[media_type]
        values = self.__dict__
        for name in OWN_ATTRIBUTES:
            values[name] = None
        values.update(defaults)
        for name, value in kwargs.items():
            if name in values:
                values[name] = value
        if values['id'] is not None:
            try:
                values['tree'] = tree_for_database_id(emu, values['id'], level_names, level_keys=level_keys)
            except Exception:
                emu.plugin_log.fw_exception(('agentkit', 643), 'Exception when constructing media object')
        if values['primary_agent'] is not None and values['guid'] is not None:
            values['primary_metadata'] = emu.agents.read_model(values['primary_agent'], values['guid'], media_type)
        del values['parentGUID']  # (the parent's metadata of albums is not loaded here)

    def __getattr__(self, name):
        tree = self.__dict__.get('tree')
        if tree is not None and hasattr(tree, name):
            return getattr(tree, name)
        raise AttributeError("type object 'object' has no attribute '__getattr__'")  # object.__getattr__(self, name)


class MediaKit(object):
    """The `Media` global: Media.Movie(**hints)... and Media.TreeForDatabaseID."""

    def __init__(self, emu):
        self._emu = emu
        for media_type in MEDIA_CLASSES:
            setattr(self, media_type, self._factory(media_type))

    def _factory(self, media_type):
        return lambda **kwargs: MediaObject(self._emu, media_type, **kwargs)

    def TreeForDatabaseID(self, dbid, level_names=[], host='127.0.0.1', parent_id=None, level_attribute_keys=[]):
        return tree_for_database_id(self._emu, dbid, level_names, host, parent_id, level_attribute_keys)
