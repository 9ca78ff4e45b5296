# -*- coding: utf-8 -*-
"""Storage (Core.storage), the `Data` kit and the `Dict` kit (plex-runtime.md §3.3, §3.4, §3.9).

Writes go through Storage.save: per-path lock, stale `._name` removed, data written to
`._name`, the target deleted, then the temp moved into place -- the same window without a
file that the framework has. Loads hide read errors (return None after a CRITICAL line).
"""
from __future__ import absolute_import, division, print_function

import json
import logging
import os
import shutil
import threading

from .compat import makedirs, pickle, read_bytes, remove_if_exists, to_bytes, write_bytes


class Storage(object):
    """components/storage.py: file helpers with the framework's save/load behaviour."""

    def __init__(self, plugin_log, data_path, data_items_dir):
        self._log = plugin_log
        self.data_path = data_path
        self.data_items_dir = data_items_dir
        self._locks = {}
        self._locks_guard = threading.Lock()
        self._mtimes = {}

    def _lock(self, path):
        with self._locks_guard:
            lock = self._locks.get(path)
            if lock is None:
                lock = self._locks[path] = threading.RLock()
            return lock

    def load(self, filename, binary=True, mtime_key=None):
        filename = os.path.abspath(filename)
        data = None
        with self._lock(filename):
            try:
                data = read_bytes(filename)
                self._update_mtime(filename, mtime_key)
            except Exception:
                self._log.fw_exception(('storage', 60), 'Exception reading file %s', filename)
                data = None
        return data

    def save(self, filename, data, binary=True, mtime_key=None):
        if data is None:
            self._log.fw(logging.ERROR, ('storage', 70), "Attempted to save no data to '%s' - aborting. "
                         "Nothing has been saved to disk.", filename)
            return
        filename = os.path.abspath(filename)
        temp = '%s/._%s' % (os.path.dirname(filename), os.path.basename(filename))
        with self._lock(filename):
            try:
                remove_if_exists(temp)
                write_bytes(temp, to_bytes(data))
                remove_if_exists(filename)
                shutil.move(temp, filename)
                self._update_mtime(filename, mtime_key)
            except Exception:
                self._log.fw_exception(('storage', 89), 'Exception writing to %s', filename)
                remove_if_exists(temp)
                raise

    def _update_mtime(self, path, key):
        self._mtimes.setdefault(id(key), {})[path] = self.last_modified(path)

    def has_changed(self, path, mtime_key=None):
        return self._mtimes.get(id(mtime_key), {}).get(path) != self.last_modified(path)

    # Plain helpers of Core.storage.
    def join_path(self, *parts):
        return os.path.join(*parts)

    def file_exists(self, path):
        return os.path.isfile(path)

    def dir_exists(self, path):
        return os.path.isdir(path)

    def list_dir(self, path):
        return os.listdir(path)

    def make_dirs(self, path):
        os.makedirs(path)

    def ensure_dirs(self, path):
        makedirs(path)

    def remove(self, path):
        os.remove(path)

    def remove_tree(self, path):
        shutil.rmtree(path)

    def copy(self, src, dst):
        shutil.copy2(src, dst)

    def copy_tree(self, src, dst):
        shutil.copytree(src, dst)

    def rename(self, src, dst):
        os.rename(src, dst)

    def utime(self, path, times=None):
        os.utime(path, times)

    def file_size(self, path):
        return os.path.getsize(path)

    def last_modified(self, path):
        try:
            return os.path.getmtime(path)
        except OSError:
            return None

    def walk(self, path):
        return os.walk(path)

    def symlink(self, src, dst):
        os.symlink(src, dst)

    def data_item_path(self, name):
        return os.path.join(self.data_items_dir, name)

    # DataItems, as Data.* uses them.
    def load_data_item(self, name, is_object=False):
        path = self.data_item_path(name)
        if not os.path.exists(path):
            return None
        data = self.load(path)
        if is_object and data is not None:
            return pickle.loads(data)
        return data

    def save_data_item(self, name, data, is_object=False):
        if is_object:
            data = pickle.dumps(data, 0)
        self.save(self.data_item_path(name), data)

    def data_item_exists(self, name):
        return os.path.exists(self.data_item_path(name))

    def remove_data_item(self, name):
        path = self.data_item_path(name)
        if not os.path.exists(path):
            return False
        os.unlink(path)


class DataKit(object):
    """The `Data` global: items in `Plug-in Support/Data/<id>/DataItems/` (§3.3)."""

    def __init__(self, storage):
        self._storage = storage

    def Load(self, item):
        return self._storage.load_data_item(item)

    def LoadObject(self, item):
        return self._storage.load_data_item(item, is_object=True)

    def Save(self, item, data):
        return self._storage.save_data_item(item, data)

    def SaveObject(self, item, obj):
        return self._storage.save_data_item(item, obj, is_object=True)

    def Exists(self, item):
        return self._storage.data_item_exists(item)

    def Remove(self, item):
        return self._storage.remove_data_item(item)


class DictKit(object):
    """The `Dict` global: one pickled dict, saved by a 5 s timer or Dict.Save() (§3.4).

    Deliberately no get/keys/items/update/has_key: plug-in code that uses them fails in Plex.
    """

    def __init__(self, storage, plugin_log, bundle_path, threads, save_delay=5.0):
        self._storage = storage
        self._log = plugin_log
        self._threads = threads
        self._path = os.path.join(storage.data_path, 'Dict')
        self._default_path = os.path.join(bundle_path, 'Contents', 'DefaultDict.json')
        self._dict = {}
        self._loaded = False
        self._should_save = False
        self._save_scheduled = False
        self._lock = threading.RLock()
        self.save_delay = save_delay

    def Reset(self):
        self._log.fw(logging.INFO, ('datakit', 24), 'Resetting the dictionary')
        with self._lock:
            self._check_loaded()
            self._should_save = False
            remove_if_exists(self._path)
            self._load_defaults()

    def Save(self):
        self._should_save = True
        self._really_save()

    def __getitem__(self, key):
        with self._lock:
            self._check_loaded()
            if key in self._dict:
                return self._dict[key]
            return None

    def __setitem__(self, key, value):
        with self._lock:
            self._check_loaded()
            self._dict[key] = value
            self._schedule_save()

    def __delitem__(self, key):
        with self._lock:
            self._check_loaded()
            del self._dict[key]
            self._schedule_save()

    def __iter__(self):
        with self._lock:
            self._check_loaded()
            return iter(list(self._dict))

    def __len__(self):
        with self._lock:
            self._check_loaded()
            return len(self._dict)

    def __contains__(self, key):
        with self._lock:
            self._check_loaded()
            return key in self._dict

    def _check_loaded(self):
        if not self._loaded:
            self._load()

    def _load(self):
        if os.path.exists(self._path):
            try:
                self._dict = pickle.loads(self._storage.load(self._path))
                self._log.fw(logging.INFO, ('datakit', 93), 'Loaded the dictionary file')
            except Exception:
                self._log.fw(logging.ERROR, ('datakit', 95), "The dictionary file is corrupt and couldn't be loaded")
                self._load_defaults()
        else:
            self._load_defaults()
        self._loaded = True

    def _load_defaults(self):
        if os.path.exists(self._default_path):
            try:
                raw = self._storage.load(self._default_path)
                self._dict = json.loads(raw.decode('utf-8'))
                self._log.fw(logging.INFO, ('datakit', 113), 'Loaded the default dictionary')
            except Exception:
                self._log.fw(logging.CRITICAL, ('datakit', 115),
                             'Unable to load the default dictionary - excpetion thrown')
                self._dict = {}
        else:
            self._log.fw(logging.INFO, ('datakit', 118), 'No default dictionary file')

    def _schedule_save(self):
        if not self._save_scheduled:
            self._threads.create_timer(self.save_delay, self._really_save, name='_really_save')
            self._save_scheduled = True
        self._should_save = True

    def _really_save(self):
        with self._lock:
            if self._should_save:
                # pickle.dumps default protocol on 2.7 (0), readable by both Pythons.
                self._storage.save(self._path, pickle.dumps(self._dict, 0))
                self._log.fw(logging.INFO, ('datakit', 131), 'Saved the dictionary file')
            self._save_scheduled = False
            self._should_save = False

    def flush(self):
        """Emulator-only: write a pending save now (tests; the framework would lose it)."""
        if self._should_save:
            self._really_save()
