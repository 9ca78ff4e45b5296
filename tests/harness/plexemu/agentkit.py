# -*- coding: utf-8 -*-
"""Agent hosting: `Agent.*` classes, `Media`, metadata models, `Proxy` (plex-runtime.md §5).

Defining `class X(Agent.Movies)` registers an instance at once (metaclass), like the
framework. `AgentHost.search/update` run a registered legacy agent the way
api/agentkit.py `_search`/`_update` do, writing the same log lines (runtime:717,
agentkit:961/1018/1095, runtime:924), sorting results by year then score (descending), and
writing Info.xml after update even when update raised.
Approximations: messaging blobs are base64 JSON (the framework packs with cerealizer); no
/library/metadata/<id>/tree fetch (pass `media` to agent_update); models live in memory per
emulator plus Info.xml (not read back from disk); modern (version > 0) agents not hosted.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import json
import logging
import os

from . import xmlutil
from .compat import makedirs, to_text
from .errors import FrameworkException
from .localekit import Language
from .misckit import StringKit

SEARCH_FN = 'X0FnZW50S2l0OlNlYXJjaA__'
UPDATE_FN = 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'

# media type -> (Agent attribute, model class name, Metadata folder)
MEDIA_TYPES = {
    'Movie': ('Movies', 'Movie', 'Movies'),
    'TV_Show': ('TV_Shows', 'TV_Show', 'TV Shows'),
    'Artist': ('Artist', 'Artist', 'Artists'),
    'Album': ('Album', 'Album', 'Albums'),
    'PhotoAlbum': ('Photos', 'PhotoAlbum', 'Photos'),
    'Photo': ('Photos', 'PhotoAlbum', 'Photos'),
}
AGENT_TYPES = {'Movies': ['Movie'], 'TV_Shows': ['TV_Show'], 'Artist': ['Artist'], 'Album': ['Album'],
               'Photos': ['PhotoAlbum', 'Photo']}

SCALARS = ['title', 'year', 'summary', 'original_title', 'title_sort', 'tagline', 'studio', 'content_rating',
           'content_rating_age', 'rating', 'audience_rating', 'rating_image', 'audience_rating_image',
           'originally_available_at', 'duration', 'trivia', 'quotes', 'rating_count', 'absolute_index',
           'name']
SETS = ['genres', 'tags', 'collections', 'countries', 'similar', 'styles', 'moods']
MAPS = ['posters', 'art', 'banners', 'themes', 'thumbs']
PEOPLE = ['roles', 'directors', 'writers', 'producers']


def function_accepts_arg(f, name):
    """Framework.utils.function_accepts_arg: a named positional parameter."""
    code = getattr(f, '__code__', None) or getattr(getattr(f, '__func__', None), '__code__', None)
    if code is None:
        return False
    return name in code.co_varnames[:code.co_argcount]


def _repr_kwargs(kwargs):
    return str(dict(kwargs))


def _pack(value):
    return StringKit().Encode(json.dumps(value, sort_keys=True, default=repr))


class MediaObject(object):
    """Media.Movie / Media.TV_Show built from the hints; unknown attributes are None."""

    def __init__(self, media_type, **hints):
        self.__dict__['_type'] = media_type
        for key, value in hints.items():
            self.__dict__[key] = value

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return None

    @property
    def primary_metadata(self):
        return self.__dict__.get('primary_metadata')


class MediaTree(object):
    """`media` of update(): a tree from a dict ({'title':…, 'items':[{'parts':[{'file':…}]}]})."""

    def __init__(self, data):
        for key, value in (data or {}).items():
            if isinstance(value, dict):
                value = MediaTree(value) if key not in ('seasons', 'episodes') else \
                    dict((str(k), MediaTree(v)) for k, v in value.items())
            elif isinstance(value, list):
                value = [MediaTree(v) if isinstance(v, dict) else v for v in value]
            self.__dict__[key] = value

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return None

    def all_parts(self):
        parts = []
        for item in self.__dict__.get('items') or []:
            parts.extend(getattr(item, 'parts', None) or [])
        return parts


class FakeMediaObject(MediaTree):
    def __init__(self):
        MediaTree.__init__(self, {'items': [], 'seasons': {}, 'children': []})


class ProxyValue(object):
    def __init__(self, kind, data, sort_order=None, ext=None, index=None):
        self.kind = kind
        self.data = data
        self.sort_order = sort_order
        self.ext = ext

    def describe(self):
        return {'kind': self.kind, 'bytes': len(self.data or b''), 'sort_order': self.sort_order}


class ProxyKit(object):
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


class Person(object):
    def __init__(self):
        self.name = None
        self.role = None
        self.photo = None

    def export(self):
        return dict((k, v) for k, v in (('name', self.name), ('role', self.role), ('photo', self.photo))
                    if v is not None)


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


class MetadataModel(object):
    """The agent's model object (Movie, TV_Show…): known attributes only, like the framework's models."""

    def __init__(self, model_name, guid=None, metadata_id=None, children=None):
        d = self.__dict__
        d['_model'] = model_name
        d['_guid'] = guid
        d['_values'] = {}
        d['_touched'] = set()
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
            self._touched.add(name)
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

    def to_xml(self):
        el = xmlutil.element(self._model)
        if self.id is not None:
            el.set('id', to_text(self.id))
        for name in sorted(self._values):
            value = self._values[name]
            if value is not None:
                el.append(xmlutil.element(name, to_text(value)))
        for name in sorted(self._containers):
            container = self._containers[name]
            exported = container.export()
            if not exported:
                continue
            group = xmlutil.element(name)
            if isinstance(container, TagSet):
                for i, item in enumerate(exported):
                    group.append(xmlutil.element('item', to_text(item), index=str(i)))
            elif isinstance(container, ProxyMap):
                for i, key in enumerate(container.keys()):
                    info = exported[key]
                    group.append(xmlutil.element('item', None, index=str(i), url=key,
                                                 preview='1' if info.get('kind') == 'Preview' else None))
            elif isinstance(container, PeopleList):
                for i, person in enumerate(exported):
                    group.append(xmlutil.element('item', None, index=str(i), **person))
            else:
                for key in sorted(container._items):
                    child = container._items[key].to_xml()
                    child.set('index', key)
                    group.append(child)
            el.append(group)
        return el


class AgentBase(object):
    """Agent.Movies & co. Defaults as in api/agentkit.py."""
    name = 'Unnamed Agent'
    languages = []
    primary_provider = True
    contributes_to = None
    accepts_from = None
    fallback_agent = None
    persist_stored_files = True
    version = 0


class AgentHost(object):
    """Per-emulator registry and the search/update drivers."""

    def __init__(self, emu):
        self.emu = emu
        self.agents = []
        self.models = {}
        self.last_update_error = None
        self.kits = self._make_classes()

    def _make_classes(self):
        host = self
        valid = set(Language.All())

        class AgentMeta(type):
            def __init__(cls, name, bases, attrs):
                type.__init__(cls, name, bases, attrs)
                if attrs.get('_base_marker') or object in bases:
                    return
                host.emu.plugin_log.fw(logging.DEBUG, ('agentkit', 1132), 'Creating new agent class called %s', name)
                agent = cls()
                for lang in list(getattr(agent, 'languages', []) or []):
                    if lang not in valid:
                        host.emu.plugin_log.fw(
                            logging.ERROR, ('agentkit', 917),
                            "The agent named '%s' contains the invalid language code '%s' and will not be exposed "
                            "to the media server.", agent.name, lang)
                host.agents.append(agent)
                host.emu.plugin_log.fw(logging.DEBUG, ('agentkit', 937), 'Updating agent information: %s',
                                       [a.name for a in host.agents])

        kits = {}
        for attr, types in AGENT_TYPES.items():
            kits[attr] = AgentMeta(attr, (AgentBase,), {'_base_marker': True, '_media_types': types})
        return kits

    def api(self):
        agent_ns = type('AgentKit', (object,), dict(self.kits))
        media_ns = type('MediaKit', (object,), {
            'Movie': staticmethod(lambda **kw: MediaObject('Movie', **kw)),
            'TV_Show': staticmethod(lambda **kw: MediaObject('TV_Show', **kw)),
            'Artist': staticmethod(lambda **kw: MediaObject('Artist', **kw)),
            'Album': staticmethod(lambda **kw: MediaObject('Album', **kw)),
            'PhotoAlbum': staticmethod(lambda **kw: MediaObject('PhotoAlbum', **kw)),
        })
        return {'Agent': agent_ns, 'Media': media_ns, 'Proxy': ProxyKit(),
                'Metadata': type('MetadataKit', (object,), {})}

    def _agent_for(self, media_type):
        if media_type not in MEDIA_TYPES:
            raise FrameworkException('Unknown media type %r' % media_type)
        for agent in self.agents:
            if media_type in type(agent)._media_types and agent.version == 0:
                return agent
        return None

    def _begin(self, fn_name, kwargs):
        emu = self.emu
        uri = '/:/plugins/%s/messaging/function/%s/%s/%s' % (emu.identifier, fn_name, _pack([]), _pack(kwargs))
        emu.plugin_log.fw(logging.DEBUG, ('runtime', 717), 'Handling request GET %s', uri)
        emu.context.begin(headers={}, method='GET')

    def _end(self, value):
        self.emu.context.clear()
        self.emu.plugin_log.fw(logging.DEBUG, ('runtime', 924), 'Response: [200] str, %d bytes',
                               len(_pack(value)))

    # ---- search -------------------------------------------------------------------------
    def search(self, hints, media_type='Movie', lang='en', manual=False, primary=True):
        kwargs = dict((str(k), v) for k, v in (hints or {}).items())
        call = {'media_type': media_type, 'lang': lang, 'manual': manual, 'kwargs': kwargs, 'version': 0,
                'primary': primary}
        self._begin(SEARCH_FN, call)
        out = []
        try:
            agent = self._agent_for(media_type)
            if agent is not None:
                results = self.emu.objects['MediaContainer']()
                try:
                    self.emu.plugin_log.fw(logging.INFO, ('agentkit', 961),
                                           'Searching for matches for ' + _repr_kwargs(kwargs))
                    media = MediaObject(media_type, **kwargs)
                    f_kwargs = {}
                    if function_accepts_arg(agent.search, 'manual'):
                        f_kwargs['manual'] = manual
                    if function_accepts_arg(agent.search, 'primary'):
                        f_kwargs['primary'] = primary
                    self._search(agent, (results, media, lang), f_kwargs)
                    results.Sort('year')
                    results.Sort('score', descending=True)
                    out = [self._result_dict(r) for r in results]
                except Exception:
                    self.emu.plugin_log.fw_exception(
                        ('agentkit', 1018), "Exception in the search function of agent named '%s', called with "
                        "keyword arguments %s", agent.name, _repr_kwargs(kwargs))
        except Exception:
            self.emu.plugin_log.fw_exception(('agentkit', 1020), 'Exception finding an agent for type %s', media_type)
        self._end(out or None)
        return out

    def _search(self, agent, f_args, f_kwargs):
        agent.search(*f_args, **f_kwargs)

    @staticmethod
    def _result_dict(result):
        return dict((key, getattr(result, key, None)) for key in ('id', 'name', 'year', 'score', 'lang', 'thumb'))

    # ---- update -------------------------------------------------------------------------
    def update(self, metadata_id, media_type='Movie', guid=None, lang='en', force=True, media=None):
        emu = self.emu
        guid = guid or '%s://%s?lang=%s' % (emu.identifier, metadata_id, lang)
        call = {'media_type': media_type, 'guid': guid, 'id': metadata_id, 'lang': lang, 'force': force,
                'version': 0, 'parentGUID': None}
        self._begin(UPDATE_FN, call)
        self.last_update_error = None
        exported = {}
        try:
            agent = self._agent_for(media_type)
            if agent is not None:
                model_name = MEDIA_TYPES[media_type][1]
                obj = self.models.get(guid)
                if obj is None or obj.id != metadata_id:
                    if obj is not None:
                        emu.plugin_log.fw(logging.DEBUG, ('agentkit', 1051),
                                          'Whacking existing data because the ID changed (%s -> %s)'
                                          % (obj.id, metadata_id))
                    obj = MetadataModel(model_name, guid, metadata_id,
                                        'seasons' if media_type == 'TV_Show' else None)
                    self.models[guid] = obj
                if media is None:
                    tree = FakeMediaObject()
                    emu.plugin_log.fw(logging.ERROR, ('agentkit', 1076), 'No database ID provided - faking the '
                                      'media object')
                else:
                    tree = media if not isinstance(media, dict) else MediaTree(media)
                kwargs = {}
                if function_accepts_arg(agent.update, 'force'):
                    kwargs['force'] = force
                for name, value in (('child_guid', None), ('child_id', None), ('periodic', False), ('prefs', {})):
                    if function_accepts_arg(agent.update, name):
                        kwargs[name] = value
                try:
                    self._update(agent, obj, tree, lang, kwargs)
                except Exception as exc:
                    self.last_update_error = exc
                    emu.plugin_log.fw_exception(('agentkit', 1095), "Exception in the update function of agent "
                                                "named '%s', called with guid '%s'", agent.name, guid)
                self._write(obj, media_type, agent)
                exported = obj.export()
                exported['id'] = obj.id
        except Exception:
            emu.plugin_log.fw_exception(('agentkit', 1098), "Exception updating %s instance '%s'", media_type, guid)
        self._end(None)
        return exported

    def _update(self, agent, obj, media, lang, kwargs):
        agent.update(obj, media, lang, **kwargs)

    def info_xml_path(self, guid, media_type='Movie'):
        digest = hashlib.sha1(guid.encode('utf-8')).hexdigest()
        return os.path.join(self.emu.app_support, 'Metadata', MEDIA_TYPES[media_type][2], digest[0],
                            digest[1:] + '.bundle', 'Contents', self.emu.identifier, 'Info.xml')

    def _write(self, obj, media_type, agent):
        path = self.info_xml_path(obj._guid, media_type)
        try:
            makedirs(os.path.dirname(path))
            self.emu.storage.save(path, xmlutil.to_string(obj.to_xml()))
        except Exception:
            self.emu.plugin_log.fw_exception(('model', 244), "Exception serializing %s with guid '%s'",
                                             obj._model, obj._guid)
