# -*- coding: utf-8 -*-
"""Agent hosting: `Agent.*` classes and the search/update drivers (plex-runtime.md §5).

Defining `class X(Agent.Movies)` registers an instance at once (metaclass), like the
framework. `AgentHost.search/update` run registered legacy agents the way api/agentkit.py
`_search`/`_update` do, writing the same log lines (runtime:717, agentkit:961/1018/1095,
runtime:924, model:32/205/229): search tries the agents for the media type in order until one
returns without raising, then sorts by year and by score (descending); update runs every
agent for the media type in turn, each on the model read back from disk (modelkit.py), and
writes it even when update raised. `media` objects come from mediakit.py.
Approximations: messaging blobs are base64 JSON (the framework packs with cerealizer);
update takes its tree as an argument (a dict shaped like /tree) instead of fetching it;
modern (version > 0) agents are not hosted.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import json
import logging
import os

from . import modelkit
from .errors import FrameworkException
from .localekit import Language
from .mediakit import MEDIA_CLASSES, FakeMediaObject, MediaKit, MediaObject, MediaTree, element_from_dict
from .misckit import StringKit
from .modelkit import MetadataModel, ProxyKit

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
        return {'Agent': agent_ns, 'Media': MediaKit(self.emu), 'Proxy': ProxyKit(),
                'Metadata': type('MetadataKit', (object,), {})}

    def _agents_for(self, media_type):
        if media_type not in MEDIA_TYPES:
            raise FrameworkException('Unknown media type %r' % media_type)
        return [agent for agent in self.agents if media_type in type(agent)._media_types and agent.version == 0]

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
            for agent in self._agents_for(media_type):
                try:
                    self.emu.plugin_log.fw(logging.INFO, ('agentkit', 961),
                                           'Searching for matches for ' + _repr_kwargs(kwargs))
                    media = MediaObject(self.emu, media_type, **kwargs)
                    f_kwargs = {}
                    if function_accepts_arg(agent.search, 'manual'):
                        f_kwargs['manual'] = manual
                    if function_accepts_arg(agent.search, 'primary'):
                        f_kwargs['primary'] = primary
                    results = self.emu.objects['MediaContainer']()
                    self._search(agent, (results, media, lang), f_kwargs)
                    results.Sort('year')
                    results.Sort('score', descending=True)
                    out = [self._result_dict(r) for r in results]
                    break
                except Exception:  # logged; the next agent for this media type is tried
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
        """Every agent for the media type updates in turn (the framework's loop does not stop);
        the fields of the last model written are returned."""
        emu = self.emu
        guid = guid or '%s://%s?lang=%s' % (emu.identifier, metadata_id, lang)
        call = {'media_type': media_type, 'guid': guid, 'id': metadata_id, 'lang': lang, 'force': force,
                'version': 0, 'parentGUID': None}
        self._begin(UPDATE_FN, call)
        self.last_update_error = None
        exported = {}
        try:
            for agent in self._agents_for(media_type):
                obj = self._model_for_update(guid, metadata_id, media_type)
                tree = self._media_tree(media, media_type)
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
                self._write(obj, media_type)
                exported = obj.export()
                exported['id'] = obj.id
        except Exception:
            emu.plugin_log.fw_exception(('agentkit', 1098), "Exception updating %s instance '%s'", media_type, guid)
        self._end(None)
        return exported

    def _model_for_update(self, guid, metadata_id, media_type):
        """`metadata_cls[guid]` (a new model read from disk), then the framework's id check."""
        obj = self.read_model(self.emu.identifier, guid, media_type)
        if metadata_id is not None:
            if obj.id is None:
                obj.id = metadata_id
            elif obj.id != metadata_id:
                self.emu.plugin_log.fw(logging.DEBUG, ('agentkit', 1051),
                                       'Whacking existing data because the ID changed (%s -> %s)'
                                       % (obj.id, metadata_id))
                obj = self._new_model(guid, media_type)
                obj.id = metadata_id
        return obj

    def _media_tree(self, media, media_type):
        if media is None:
            self.emu.plugin_log.fw(logging.ERROR, ('agentkit', 1076), 'No database ID provided - faking the media '
                                   'object')
            return FakeMediaObject()
        if not isinstance(media, dict):
            return media
        level_names = MEDIA_CLASSES[media_type][1]
        return MediaTree(self.emu.plugin_log, element_from_dict(media, level_names), level_names)

    def _update(self, agent, obj, media, lang, kwargs):
        agent.update(obj, media, lang, **kwargs)

    # ---- models on disk -----------------------------------------------------------------
    def model_dir(self, identifier, guid, media_type='Movie'):
        """`Metadata/<Type>/<h0>/<h1..>.bundle/Contents/<identifier>`, h = SHA-1 of the guid."""
        digest = hashlib.sha1(guid.encode('utf-8')).hexdigest()
        return os.path.join(self.emu.app_support, 'Metadata', MEDIA_TYPES[media_type][2], digest[0],
                            digest[1:] + '.bundle', 'Contents', identifier)

    def info_xml_path(self, guid, media_type='Movie'):
        return os.path.join(self.model_dir(self.emu.identifier, guid, media_type), 'Info.xml')

    def _new_model(self, guid, media_type):
        return MetadataModel(MEDIA_TYPES[media_type][1], guid, None, 'seasons' if media_type == 'TV_Show' else None)

    def read_model(self, identifier, guid, media_type):
        """ModelMetaclass.__getitem__ + Model._read: a model of `identifier` (this plug-in, or a
        primary agent for `media.primary_metadata`) built from its folder, empty when absent."""
        log = self.emu.plugin_log
        obj = self._new_model(guid, media_type)
        log.fw(logging.DEBUG, ('model', 32), 'Loading model with GUID %s', guid)
        model_dir = self.model_dir(identifier, guid, media_type)
        if not os.path.exists(model_dir):
            log.fw(logging.ERROR, ('model', 205), 'Cannot read model from %s', model_dir)
            return obj
        info = os.path.join(model_dir, 'Info.xml')
        try:
            log.fw(logging.DEBUG, ('model', 234), 'Deserializing from ' + info)
            if not os.path.exists(info):
                log.fw(logging.ERROR, ('model', 236), 'Unable to deserialize object at %s' % model_dir)
                return obj
            modelkit.read_model(obj, model_dir, self.emu.storage)
        except Exception:
            log.fw_exception(('model', 203), "Exception deserializing %s with guid '%s' (%s)", obj._model, guid,
                             model_dir)
        return obj

    def _write(self, obj, media_type):
        model_dir = self.model_dir(self.emu.identifier, obj._guid, media_type)
        try:
            info = os.path.join(model_dir, 'Info.xml')
            self.emu.plugin_log.fw(logging.DEBUG, ('model', 229), 'Serializing to ' + info)
            modelkit.write_model(obj, model_dir, self.emu.storage)
        except Exception:
            self.emu.plugin_log.fw_exception(('model', 192), "Exception serializing %s with guid '%s'",
                                             obj._model, obj._guid)
