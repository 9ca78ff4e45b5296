# -*- coding: utf-8 -*-
"""Metadata models: the object an agent's update() fills, and its Info.xml on disk
(plex-runtime.md §5.4; modelling/model.py, api/agentkit.py MediaProxyContentsDirectory).

In: a guid and the model folder `Metadata/<Type>/<h0>/<h1..>.bundle/Contents/<agent id>`.
Out: a MetadataModel read from that folder's Info.xml (the framework builds a new model from
disk for every update: `metadata_cls[guid]`), and the folder written back after update().
Proxy bodies (posters, art...) are files next to Info.xml, named by the SHA-1 of their URL.
The XML shape is the emulator's own (nobody but this module reads it back); the behaviour
that matters is that whatever an update leaves is what the next update starts from.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import os

from . import xmlutil
from .compat import makedirs, native_str, read_bytes, to_bytes, to_text
from .errors import FrameworkException

SCALARS = ['title', 'year', 'summary', 'original_title', 'title_sort', 'tagline', 'studio', 'content_rating',
           'content_rating_age', 'rating', 'audience_rating', 'rating_image', 'audience_rating_image',
           'originally_available_at', 'duration', 'trivia', 'quotes', 'rating_count', 'absolute_index',
           'name']
INTEGERS = ['year', 'content_rating_age', 'duration', 'rating_count', 'absolute_index']
FLOATS = ['rating', 'audience_rating']
SETS = ['genres', 'tags', 'collections', 'countries', 'similar', 'styles', 'moods']
MAPS = ['posters', 'art', 'banners', 'themes', 'thumbs']
PEOPLE = ['roles', 'directors', 'writers', 'producers']
STORED_KINDS = ('Preview', 'Media')  # proxies whose bytes are kept in a file


class ProxyValue(object):
    def __init__(self, kind, data, sort_order=None, ext=None, index=None):
        self.kind = kind
        self.data = data
        self.sort_order = sort_order
        self.ext = ext

    def describe(self):
        return {'kind': self.kind, 'bytes': len(self.data or b''), 'sort_order': self.sort_order}


class ProxyKit(object):
    """The `Proxy` global."""

    def Preview(self, data, sort_order=None, ext=None, index=None):
        return ProxyValue('Preview', data, sort_order, ext)

    def Media(self, data, sort_order=None, ext=None, index=None):
        return ProxyValue('Media', data, sort_order, ext)

    def LocalFile(self, path, sort_order=None, index=None):
        return ProxyValue('LocalFile', path, sort_order)

    def Remote(self, url, sort_order=None, index=None):
        return ProxyValue('Remote', url, sort_order)


class _ItemList(object):
    """An ordered list of items with .clear, iteration (over a copy) and len: the part
    TagSet and PeopleList share."""

    def __init__(self):
        self._items = []

    def clear(self):
        self._items = []

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self):
        return len(self._items)


class TagSet(_ItemList):
    """genres, tags…: .add, .clear, .discard, iteration, len."""

    def add(self, value):
        if value not in self._items:
            self._items.append(value)

    def discard(self, value):
        if value in self._items:
            self._items.remove(value)

    remove = discard

    def __contains__(self, value):
        return value in self._items

    def export(self):
        return list(self._items)

    def to_xml(self, group, model_dir, name, storage):
        for i, item in enumerate(self._items):
            group.append(xmlutil.element('item', to_text(item), index=str(i)))

    def from_xml(self, group, model_dir, name):
        for el in group:
            self._items.append(native_str(el.text or ''))


class ProxyMap(object):
    """posters, art…: dict-like url -> Proxy value, `validate_keys`."""

    def __init__(self):
        self._items = {}
        self._order = []

    def __setitem__(self, key, value):
        if key not in self._items:
            self._order.append(key)
        self._items[key] = value

    def __getitem__(self, key):
        return self._items[key]

    def __delitem__(self, key):
        del self._items[key]
        self._order.remove(key)

    def __contains__(self, key):
        return key in self._items

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(list(self._order))

    def keys(self):
        return list(self._order)

    def validate_keys(self, keys):
        for key in list(self._order):
            if key not in keys:
                del self[key]

    def export(self):
        out = {}
        for key in self._order:
            value = self._items[key]
            out[key] = value.describe() if isinstance(value, ProxyValue) else {'kind': 'value', 'value': value}
        return out

    def to_xml(self, group, model_dir, name, storage):
        for i, key in enumerate(self._order):
            value = self._items[key]
            if not isinstance(value, ProxyValue):
                continue
            attrs = {'index': str(i), 'url': key, 'kind': value.kind,
                     'sort_order': None if value.sort_order is None else str(value.sort_order)}
            if value.kind in STORED_KINDS:
                attrs['media'] = hashlib.sha1(to_bytes(key)).hexdigest()
                makedirs(os.path.join(model_dir, name))
                storage.save(os.path.join(model_dir, name, attrs['media']), to_bytes(value.data or b''))
            else:
                attrs['target'] = value.data
            group.append(xmlutil.element('item', None, **attrs))

    def from_xml(self, group, model_dir, name):
        for el in group:
            kind = el.get('kind')
            if kind in STORED_KINDS:
                path = os.path.join(model_dir, name, el.get('media'))
                data = read_bytes(path) if os.path.isfile(path) else b''
            else:
                data = native_str(el.get('target') or '')
            sort_order = el.get('sort_order')
            if sort_order is not None and sort_order.isdigit():
                sort_order = int(sort_order)
            self[native_str(el.get('url'))] = ProxyValue(kind, data, sort_order)


class Person(object):
    FIELDS = ('name', 'role', 'photo')

    def __init__(self):
        self.name = None
        self.role = None
        self.photo = None

    def export(self):
        return dict((k, getattr(self, k)) for k in self.FIELDS if getattr(self, k) is not None)


class PeopleList(_ItemList):
    """roles, directors…: .new() returns a record; .add(name) for the older string form; .clear()."""

    def new(self):
        person = Person()
        self._items.append(person)
        return person

    def add(self, name):
        person = self.new()
        person.name = name
        return person

    def export(self):
        return [p.export() for p in self._items]

    def to_xml(self, group, model_dir, name, storage):
        for i, person in enumerate(self._items):
            group.append(xmlutil.element('item', None, index=str(i), **person.export()))

    def from_xml(self, group, model_dir, name):
        for el in group:
            person = self.new()
            for field in Person.FIELDS:
                if el.get(field) is not None:
                    setattr(person, field, native_str(el.get(field)))


class AutoMap(object):
    """seasons / episodes: index -> child model, created on first access."""

    def __init__(self, factory):
        self._factory = factory
        self._items = {}

    def __getitem__(self, key):
        key = str(key)
        if key not in self._items:
            self._items[key] = self._factory()
        return self._items[key]

    def __iter__(self):
        return iter(sorted(self._items))

    def __len__(self):
        return len(self._items)

    def export(self):
        return dict((k, v.export()) for k, v in self._items.items())

    def to_xml(self, group, model_dir, name, storage):
        for key in sorted(self._items):
            child = self._items[key].to_xml(os.path.join(model_dir, name, key), storage)
            child.set('index', key)
            group.append(child)

    def from_xml(self, group, model_dir, name):
        for el in group:
            self[el.get('index')].from_xml(el, os.path.join(model_dir, name, el.get('index')))


def _typed(name, text):
    """Info.xml holds text; the model's attributes have types (modelling/templates.py)."""
    if text is None:
        return None
    try:
        if name in INTEGERS:
            return int(text)
        if name in FLOATS:
            return float(text)
    except ValueError:
        pass
    return native_str(text)


class MetadataModel(object):
    """The agent's model object (Movie, TV_Show…): known attributes only, like the framework's models."""

    def __init__(self, model_name, guid=None, metadata_id=None, children=None):
        d = self.__dict__
        d['_model'] = model_name
        d['_guid'] = guid
        d['_values'] = {}
        d['id'] = metadata_id
        containers = {}
        for name in SETS:
            containers[name] = TagSet()
        for name in MAPS:
            containers[name] = ProxyMap()
        for name in PEOPLE:
            containers[name] = PeopleList()
        if children == 'seasons':
            containers['seasons'] = AutoMap(lambda: MetadataModel('Season', children='episodes'))
        elif children == 'episodes':
            containers['episodes'] = AutoMap(lambda: MetadataModel('Episode'))
        d['_containers'] = containers

    @property
    def guid(self):
        """The guid the model was made for (modelling/model.py Model.guid, read-only)."""
        return self._guid

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        if name in self._containers:
            return self._containers[name]
        if name in SCALARS:
            return self._values.get(name)
        raise AttributeError("'%s' object has no attribute '%s'" % (self._model, name))

    def __setattr__(self, name, value):
        if name == 'id':
            self.__dict__['id'] = value
            return
        if name in SCALARS:
            self._values[name] = value
            return
        raise FrameworkException("Object of type '%s' has no attribute named '%s'" % (self._model, name))

    def export(self):
        out = {}
        for name, value in self._values.items():
            out[name] = value
        for name, container in self._containers.items():
            exported = container.export()
            if exported:
                out[name] = exported
        return out

    def to_xml(self, model_dir, storage):
        """The element for Info.xml; proxy bodies are saved under `model_dir` on the way."""
        el = xmlutil.element(self._model)
        if self.id is not None:
            el.set('id', to_text(self.id))
        for name in sorted(self._values):
            value = self._values[name]
            if value is not None:
                el.append(xmlutil.element(name, to_text(value)))
        for name in sorted(self._containers):
            group = xmlutil.element(name)
            self._containers[name].to_xml(group, model_dir, name, storage)
            if len(group):
                el.append(group)
        return el

    def from_xml(self, el, model_dir):
        if el.get('id') is not None:
            self.__dict__['id'] = native_str(el.get('id'))
        for child in el:
            if child.tag in self._containers:
                self._containers[child.tag].from_xml(child, model_dir, child.tag)
            elif child.tag in SCALARS:
                self._values[child.tag] = _typed(child.tag, child.text)
        return self


def write_model(obj, model_dir, storage):
    """Model._serialize: Info.xml (and proxy files) under `model_dir`; returns the Info.xml path."""
    path = os.path.join(model_dir, 'Info.xml')
    makedirs(model_dir)
    el = obj.to_xml(model_dir, storage)
    storage.save(path, xmlutil.to_string(el))
    return path


def read_model(obj, model_dir, storage):
    """Model._deserialize: fill `obj` from `model_dir`/Info.xml."""
    return obj.from_xml(xmlutil.from_string(storage.load(os.path.join(model_dir, 'Info.xml'))), model_dir)
