# -*- coding: utf-8 -*-
"""The `Prefs` kit (plex-runtime.md §3.5; code/preferences.py).

Schema from Contents/DefaultPrefs.json (read once); user values in
`Plug-in Support/Preferences/<id>.xml`, re-read whenever its mtime changes. Values are kept
encoded (text as-is, bool 'true'/'false', enum as the index) and decoded on access.
"""
from __future__ import absolute_import, division, print_function

import json
import logging
import os
import threading

from . import xmlutil
from .compat import makedirs, native_str, read_bytes, string_types, to_text
from .errors import UnauthorizedException


def is_true(value):
    """Framework.utils.is_true: `value in (True, 1, 'true', 'True')` -- the string '1' is false."""
    if isinstance(value, string_types):
        return to_text(value) in (u'true', u'True')
    return value in (True, 1)


class Pref(object):
    def __init__(self, pref_id, ptype, label, default, secure=False, hidden=False, values=None, options=None):
        self.id = pref_id
        self.type = ptype
        self.label = label
        self.values = list(values or [])
        self.options = list(options or [])
        self.secure = secure
        self.hidden = hidden
        self.default_value = self.encode(default)

    def encode(self, value):
        if self.type == 'bool':
            return 'true' if is_true(value) else 'false'
        if self.type == 'enum':
            return str(self.values.index(value)) if value in self.values else None
        if self.type == 'text':
            return '' if value is None else native_str(value)
        return value

    def decode(self, encoded):
        if self.type == 'bool':
            return is_true(encoded)
        if self.type == 'enum':
            try:
                index = int(encoded)
                if index < len(self.values):
                    return native_str(self.values[index])
            except (TypeError, ValueError):
                pass
            return None
        return None if encoded is None or len(encoded) == 0 else native_str(encoded)


class PrefsKit(object):
    """The `Prefs` global: only __getitem__ (no `in`, no .get), KeyError for unknown ids."""

    def __init__(self, emu):
        self._emu = emu
        self._prefs = None
        self._order = []
        self._user = {}
        self._lock = threading.RLock()
        self._mtime_key = object()

    @property
    def _user_file(self):
        return self._emu.layout.preferences_file(self._emu.identifier)

    @property
    def _default_file(self):
        return os.path.join(self._emu.bundle_path, 'Contents', 'DefaultPrefs.json')

    def _schema(self):
        with self._lock:
            if self._prefs is None:
                self._load_schema()
            return self._prefs

    def _load_schema(self):
        prefs, order = {}, []
        path = self._default_file
        if os.path.isfile(path):
            try:
                items = json.loads(read_bytes(path).decode('utf-8'))
                self._emu.plugin_log.fw(logging.DEBUG, ('preferences', 258), 'Loaded preferences from %s',
                                        os.path.basename(path))
            except Exception:
                self._emu.plugin_log.fw_exception(('preferences', 261), 'Exception loading preferences from %s',
                                                  os.path.basename(path))
                items = []
            for item in items:
                name = item['id']
                ptype = item['type']
                if name in prefs or ptype not in ('text', 'bool', 'enum'):
                    continue  # other types are skipped silently, as in the framework
                flag = lambda key: key in item and (item[key] is True or str(item[key]).lower() == 'true')  # noqa
                options = item['option'].split(',') if 'option' in item else []
                prefs[name] = Pref(name, ptype, item['label'], item.get('default'), flag('secure'), flag('hidden'),
                                   item.get('values', []), options)
                order.append(name)
        self._prefs, self._order = prefs, order

    def available(self):
        return len(self._schema()) > 0

    def _user_values(self):
        with self._lock:
            storage = self._emu.storage
            path = self._user_file
            if not os.path.isfile(path) or storage.has_changed(path, self._mtime_key):
                self._load_user_file()
            return self._user

    def _load_user_file(self):
        path = self._user_file
        if not os.path.isfile(path):
            self._emu.plugin_log.fw(logging.INFO, ('preferences', 161), 'No user preferences file exists')
            self._user = {}
            self._save_user_file()
            return
        values = {}
        try:
            root = xmlutil.from_string(self._emu.storage.load(path, mtime_key=self._mtime_key))
            schema = self._schema()
            for el in root:
                if el.text is not None and el.tag in schema:
                    values[str(el.tag)] = native_str(el.text)
            self._emu.plugin_log.fw(logging.DEBUG, ('preferences', 178), '%s the user preferences for %s',
                                    'Loaded' if not self._user else 'Reloaded', self._emu.identifier)
        except Exception:
            self._emu.plugin_log.fw_exception(('preferences', 181), 'Exception loading user preferences from %s',
                                              path)
        self._user = values

    def _save_user_file(self):
        root = xmlutil.element('PluginPreferences')
        schema = self._schema()
        for name in self._order:
            pref = schema[name]
            root.append(xmlutil.element(name, self._user.get(name, pref.default_value)))
        makedirs(os.path.dirname(self._user_file))
        self._emu.storage.save(self._user_file, xmlutil.to_string(root), mtime_key=self._mtime_key)
        self._emu.plugin_log.fw(logging.DEBUG, ('preferences', 198), 'Saved the user preferences')

    def update_user_values(self, **kwargs):
        """What /:/plugins/<id>/prefs/set does: store encoded values, bool '1'/'true' -> 'true'."""
        with self._lock:
            self._user_values()
            schema = self._schema()
            for name, value in kwargs.items():
                pref = schema.get(name)
                if pref is not None and pref.type == 'bool':
                    value = 'true' if str(value).lower() in ('1', 'true') else 'false'
                self._user[name] = value
            self._save_user_file()

    def settings(self, locale=None):
        """(pref, encoded current value) for /prefs, hidden ones left out."""
        schema = self._schema()
        user = self._user_values()
        return [(schema[n], user.get(n, schema[n].default_value)) for n in self._order if not schema[n].hidden]

    def __getitem__(self, name):
        pref = self._schema().get(name)
        if pref is None:
            raise KeyError("No preference named '%s' found." % name)
        value, found = None, False
        ctx_values = self._emu.context.pref_values
        if ctx_values:
            if not pref.secure or name in ctx_values:
                value, found = ctx_values.get(name), True
            else:
                raise UnauthorizedException()
        if not found:
            value = self._user_values().get(name, pref.default_value)
        return pref.decode(value if value else pref.default_value)
