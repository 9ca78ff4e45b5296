# -*- coding: utf-8 -*-
"""Menu objects and their XML (plex-runtime.md §4.4; api/objectkit.py, objects.py).

Modern objects (ObjectContainer, DirectoryObject...) keep their attributes in a dict limited
to an allow-list; class-level defaults (`ObjectContainer.title1 = NAME`) go through a
metaclass, as in the framework. Names are camelCased in XML, booleans become 1/0. Legacy
objects (MediaContainer, MessageContainer, MetadataSearchResult...) serialise their plain
instance attributes. Each Emulator gets its own subclasses bound to it (`bind_classes`).
"""
from __future__ import absolute_import, division, print_function

import logging

from . import xmlutil
from .compat import integer_types, string_types, text_type, to_text
from .errors import FrameworkException


def convert_name(name):
    """no_cache -> noCache (modelling/objects.py convert_name)."""
    while '_' in name:
        pos = name.find('_')
        name = name[:pos] + name[pos + 1:pos + 2].upper() + name[pos + 2:]
    return name


class ObjectMeta(type):
    """Class-level attribute defaults live in `_class_attributes` (ObjectMetaclass)."""

    def __getattr__(cls, name):
        if name[:1] == '_':
            raise AttributeError(name)
        try:
            return cls.__dict__['_class_attributes'][name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(cls, name, value):
        if name in cls.__dict__ or name[:1] == '_':
            type.__setattr__(cls, name, value)
            return
        if cls._attribute_list is not None and name not in cls._attribute_list:
            raise FrameworkException("Object of type '%s' has no attribute named '%s'" % (cls.__name__, name))
        cls.__dict__['_class_attributes'][name] = value


ObjectBase = ObjectMeta('ObjectBase', (object,), {'_class_attributes': {}, '_attribute_list': None})


class Object(ObjectBase):
    _attribute_list = []
    _class_attributes = {}
    _unique = False
    _emu = None
    xml_tag = 'Object'

    def __init__(self, **kwargs):
        object.__setattr__(self, '_attributes', {})
        object.__setattr__(self, '_response_headers', {'Content-Type': 'application/xml'})
        for name in kwargs:
            setattr(self, name, kwargs[name])

    def __getattr__(self, name):
        if name[:1] != '_':
            attrs = self.__dict__.get('_attributes', {})
            if name in attrs:
                return attrs[name]
            if self._attribute_list is not None and name in self._attribute_list:
                return None
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name[:1] != '_':
            if self._attribute_list is not None and name not in self._attribute_list:
                raise FrameworkException("Object of type '%s' has no attribute named '%s'"
                                         % (type(self).__name__, name))
            self._attributes[name] = value
            return
        object.__setattr__(self, name, value)

    @property
    def headers(self):
        return self._response_headers

    def _set_attribute(self, el, name, value):
        if isinstance(value, bool):
            value = '1' if value else '0'
        elif isinstance(value, integer_types) or type(value).__name__ == 'LocalString':
            value = text_type(value)
        elif isinstance(value, dict):
            value = None
        if value is None:
            return
        if not isinstance(value, string_types):
            self._emu.plugin_log.fw(logging.CRITICAL, ('objects', 72),
                                    "Exception setting attribute '%s' of object %s to %s (type: %s)",
                                    name, type(self).__name__, value, type(value))
            return
        el.set(convert_name(name), to_text(value))

    def _to_xml(self, excluded=()):
        el = xmlutil.element(type(self).xml_tag)
        for name, value in type(self).__dict__.get('_class_attributes', {}).items():
            if name not in excluded:
                self._set_attribute(el, name, value)
        for name, value in self._attributes.items():
            if name not in excluded:
                self._set_attribute(el, name, value)
        return el


class Container(Object):
    _children_attr_name = 'objects'

    def __init__(self, **kwargs):
        object.__setattr__(self, '_objects', [])
        children = kwargs.pop(self._children_attr_name, None)
        for obj in children or ():
            self.add(obj)
        Object.__init__(self, **kwargs)

    def add(self, obj):
        if not isinstance(obj, Object) or (isinstance(obj, Container)
                                           and not isinstance(obj, MetadataObjectBase)):
            raise FrameworkException("Object of type '%s' cannot be added to this container." % str(type(obj)))
        if type(obj)._unique:
            for other in self._objects:
                if isinstance(other, type(obj)):
                    raise FrameworkException("Only one object of type '%s' can be added to a container."
                                             % type(obj).__name__)
        self._objects.append(obj)

    def extend(self, objs):
        if isinstance(objs, Container):
            objs = objs._objects
        for obj in objs:
            self.add(obj)

    def __len__(self):
        return len(self._objects)

    def __bool__(self):
        return True

    __nonzero__ = __bool__

    def __getattr__(self, name):
        if name == self._children_attr_name:
            return self._objects
        return Object.__getattr__(self, name)

    def __setattr__(self, name, value):
        if name == self._children_attr_name:
            object.__setattr__(self, '_objects', list(value))
            return
        Object.__setattr__(self, name, value)

    def _to_xml(self, excluded=()):
        el = Object._to_xml(self, tuple(excluded) + (self._children_attr_name,))
        for obj in self._objects:
            child = obj._to_xml()
            if child is not None:
                el.append(child)
        return el


class MetadataObjectBase(Container):
    """Media objects (MovieObject...) are containers of MediaObjects; kept minimal here."""
    _attribute_list = ['key', 'rating_key', 'title', 'summary', 'thumb', 'art', 'year', 'duration',
                       'url', 'originally_available_at', 'tagline', 'source_title']
    _children_attr_name = 'items'
    xml_tag = 'Video'


class MovieObject(MetadataObjectBase):
    def _to_xml(self, excluded=()):
        el = MetadataObjectBase._to_xml(self, excluded)
        el.set('type', 'movie')
        return el


class ObjectContainer(Container):
    _attribute_list = ['view_group', 'content', 'art', 'title_bar', 'title1', 'title2', 'user_agent',
                       'http_cookies', 'no_history', 'replace_parent', 'mixed_parents', 'no_cache',
                       'header', 'message', 'http_headers', 'post_headers', 'identifier', 'shuffle_key',
                       'source_title']
    xml_tag = 'MediaContainer'

    def _set_attribute(self, el, name, value):
        if name == 'content':
            Object._set_attribute(self, el, 'viewGroup', value)
            return
        if name == 'view_group':
            group = self._emu.routing.view_groups.get(value)
            if group is None:
                raise KeyError(value)
            for key, val in group.items():
                if val is not None:
                    el.set(key, '1' if val is True else '0' if val is False else to_text(val))
            return
        Object._set_attribute(self, el, name, value)

    def _to_xml(self, excluded=()):
        el = Container._to_xml(self, excluded)
        emu = self._emu
        el.set('size', str(len(self._objects)))
        if self.identifier is None:
            el.set('identifier', emu.identifier)
        if self.source_title is None and emu.routing.prefixes:
            el.set('sourceTitle', to_text(emu.routing.prefixes[0]['name']))
        el.set('mediaTagPrefix', '/system/bundle/media/flags/')
        if emu.prefs_available():
            el.set('prefsKey', '/:/plugins/%s/prefs' % emu.identifier)
        return el

    def _response_headers_final(self):
        headers = dict(self._response_headers)
        if self.no_cache is True:
            headers['Cache-Control'] = 'no-cache'
        return headers


class DirectoryObject(Object):
    _attribute_list = ['key', 'title', 'tagline', 'summary', 'thumb', 'art', 'duration', 'http_headers']
    xml_tag = 'Directory'


class PageObject(DirectoryObject):
    def _to_xml(self, excluded=()):
        el = DirectoryObject._to_xml(self, excluded)
        el.set('paging', '1')
        return el


class NextPageObject(PageObject):
    _unique = True

    def __init__(self, **kwargs):
        if 'thumb' not in kwargs:
            kwargs['thumb'] = self._emu.resource_url('NextPage.png')
        if 'title' not in kwargs:
            kwargs['title'] = 'More...'
        PageObject.__init__(self, **kwargs)


class InputDirectoryObject(DirectoryObject):
    _attribute_list = ['key', 'title', 'tagline', 'summary', 'thumb', 'art', 'prompt', 'http_headers']

    def _to_xml(self, excluded=()):
        el = Object._to_xml(self, excluded)
        el.set('search', '1')
        return el


class PopupDirectoryObject(DirectoryObject):
    _attribute_list = ['key', 'title', 'tagline', 'summary', 'thumb', 'art', 'duration']

    def _to_xml(self, excluded=()):
        el = DirectoryObject._to_xml(self, excluded)
        el.set('popup', '1')
        return el


class PrefsObject(Object):
    _attribute_list = ['title', 'tagline', 'summary', 'thumb', 'art']
    _unique = True
    xml_tag = 'Directory'

    def __init__(self, **kwargs):
        if 'thumb' not in kwargs:
            kwargs['thumb'] = self._emu.resource_url('Prefs.png')
        Object.__init__(self, **kwargs)

    def _to_xml(self, excluded=()):
        el = Object._to_xml(self, excluded)
        el.set('key', '/:/plugins/%s/prefs' % self._emu.identifier)
        el.set('settings', '1')
        return el


# ---- legacy objects (objects.py) ----------------------------------------------------------

class LegacyObject(object):
    """Plain attributes serialised as-is (XMLObject.ToElement)."""
    _emu = None
    tagName = 'Object'

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def ToElement(self):
        el = xmlutil.element(self.tagName)
        for key, value in self.__dict__.items():
            if key[:1] == '_' or key == 'tagName' or value is None or callable(value):
                continue
            if value is True or (not isinstance(value, (list, dict)) and value == True):  # noqa: E712
                el.set(key, '1')
            elif value is False or (not isinstance(value, (list, dict)) and value == False):  # noqa: E712
                el.set(key, '0')
            elif not isinstance(value, (list, dict)):
                el.set(key, to_text(value))
        return el

    def Content(self):
        return xmlutil.to_string(self.ToElement())

    def Status(self):
        return 200

    def Headers(self):
        return {'Content-Type': 'application/xml'}


class MediaContainer(LegacyObject):
    tagName = 'MediaContainer'

    def __init__(self, art=None, viewGroup=None, title1=None, title2=None, noHistory=False,
                 replaceParent=False, disabledViewModes=None, **kwargs):
        self._items = []
        LegacyObject.__init__(self, art=art, title1=title1, title2=title2, noHistory=noHistory,
                              replaceParent=replaceParent, **kwargs)

    def Append(self, item):
        self._items.append(item)

    append = Append

    def Extend(self, items):
        self._items.extend(items)

    def Sort(self, attr, descending=False):
        self._items.sort(key=lambda item: _py2_order_key(getattr(item, attr, None)))
        if descending:
            self._items.reverse()

    def Clear(self):
        self._items = []

    def __len__(self):
        return len(self._items)

    def __getitem__(self, index):
        return self._items[index]

    def __iter__(self):
        return iter(list(self._items))

    def __bool__(self):
        return True

    __nonzero__ = __bool__

    def ToElement(self):
        el = LegacyObject.ToElement(self)
        for item in self._items:
            el.append(item.ToElement())
        el.set('size', str(len(self._items)))
        el.set('identifier', self._emu.identifier if self._emu else '')
        return el


class MessageContainer(LegacyObject):
    tagName = 'MediaContainer'

    def __init__(self, header, message, title1=None, title2=None, **kwargs):
        LegacyObject.__init__(self, header=header, message=message, title1=title1, title2=title2,
                              noCache=True, **kwargs)


class DirectoryItem(LegacyObject):
    tagName = 'Directory'

    def __init__(self, key, title, subtitle=None, summary=None, thumb=None, art=None, **kwargs):
        LegacyObject.__init__(self, key=key, title=title, name=title, subtitle=subtitle, summary=summary,
                              thumb=thumb, art=art, **kwargs)


class PopupDirectoryItem(LegacyObject):
    tagName = 'Directory'

    def __init__(self, key, title, subtitle=None, summary=None, thumb=None, art=None, **kwargs):
        LegacyObject.__init__(self, key=key, name=title, subtitle=subtitle, summary=summary, thumb=thumb,
                              popup=True, art=art, **kwargs)


class InputDirectoryItem(LegacyObject):
    tagName = 'Directory'

    def __init__(self, key, title, prompt, subtitle=None, summary=None, thumb=None, art=None, **kwargs):
        LegacyObject.__init__(self, key=key, name=title, subtitle=subtitle, summary=summary, thumb=thumb,
                              search=True, prompt=prompt, art=art, **kwargs)


class PrefsItem(DirectoryItem):
    def __init__(self, title=None, subtitle=None, summary=None, thumb=None, **kwargs):
        DirectoryItem.__init__(self, '/:/plugins/%s/prefs' % self._emu.identifier, title or 'Preferences',
                               subtitle=subtitle, summary=summary, thumb=thumb, settings=True, **kwargs)


class MetadataSearchResult(LegacyObject):
    tagName = 'SearchResult'

    def __init__(self, id, name=None, year=None, score=0, lang=None, thumb=None):
        LegacyObject.__init__(self, id=id, thumb=thumb, name=name, year=year, score=score, lang=lang)

    def __repr__(self):
        return 'MetadataSearchResult(id=%r, name=%r, year=%r, score=%r, lang=%r)' % (
            self.id, self.name, self.year, self.score, self.lang)


class DataObject(LegacyObject):
    """Raw bytes with a content type (objects.py DataObject)."""

    def __init__(self, data, contentType):
        self.data = data
        self.contentType = contentType

    def Content(self):
        return self.data

    def Headers(self):
        return {'Content-Type': self.contentType}


def _py2_order_key(value):
    """Python 2 ordering for sort keys: None < numbers < other types by name < strings."""
    if value is None:
        return (0, 0)
    if isinstance(value, (bool,) + integer_types + (float,)):
        return (1, value)
    if isinstance(value, string_types):
        return (3, to_text(value))
    return (2, type(value).__name__, repr(value))


MODERN = [ObjectContainer, DirectoryObject, PopupDirectoryObject, InputDirectoryObject, PrefsObject,
          NextPageObject, MovieObject]
LEGACY = [MediaContainer, MessageContainer, DirectoryItem, PopupDirectoryItem, InputDirectoryItem,
          PrefsItem, MetadataSearchResult, DataObject]


def bind_classes(emu):
    """Per-emulator subclasses (the framework generates per-sandbox classes the same way)."""
    bound = {}
    for cls in MODERN:
        bound[cls.__name__] = type(cls)(cls.__name__, (cls,), {'_emu': emu, '_class_attributes': {}})
    for cls in LEGACY:
        bound[cls.__name__] = type(cls.__name__, (cls,), {'_emu': emu})
    return bound
