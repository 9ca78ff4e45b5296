# -*- coding: utf-8 -*-
"""Request dispatch, `@handler`/`@route`/`Callback`, and response construction (§4.1-§4.5).

Parameters arrive as strings; only `@route(..., count=int)` type hints and the framework's
default-type conversion (with its co_varnames bug, code/sandbox.py) change them. Failed
conversion = no route = 404, as in the framework. Exceptions answer 500 with the
`<Response code="2000" status="…"><Traceback>` body and a `CRITICAL (runtime:889)` entry.
"""
from __future__ import absolute_import, division, print_function

import base64
import json
import logging
import re

from . import xmlutil
from .compat import (PY2, parse_qs, pickle, quote, string_types, text_type, to_bytes, to_text, unquote,
                     urlencode, URLError)
from .errors import BadRequestException, FrameworkException, PlexError, UnauthorizedException
from .logkit import traceback_text

_VAR_RE = re.compile(r'\{([A-Za-z0-9_]+)\}')


class Response(object):
    """What a client gets back: status, content type, body bytes, headers."""

    def __init__(self, status, content_type, body, headers):
        self.status = status
        self.content_type = content_type
        self.body = body
        self.headers = headers

    def xml(self):
        return xmlutil.from_string(self.body)

    def text(self):
        return self.body.decode('utf-8', 'replace')

    def __repr__(self):
        return '<Response %d %s, %d bytes>' % (self.status, self.content_type, len(self.body))


class Route(object):
    def __init__(self, path, method, f, arg_types):
        self.path = path
        self.method = method
        self.f = f
        self.arg_types = arg_types
        pattern = ''
        pos = 0
        for match in _VAR_RE.finditer(path):
            pattern += re.escape(path[pos:match.start()]) + '(?P<%s>[^/]+)' % match.group(1)
            pos = match.end()
        pattern += re.escape(path[pos:])
        self.regex = re.compile('^' + pattern + '$')
        self.variables = _VAR_RE.findall(path)

    def match(self, path):
        found = self.regex.match(path)
        return found.groupdict() if found else None


def _func_defaults(f):
    return getattr(f, '__defaults__', None) if not PY2 else f.func_defaults


def format_kwargs_for_function(f, kwargs):
    """code/sandbox.py: convert by the type of the defaults, mapped onto the LAST co_varnames."""
    defaults = _func_defaults(f)
    if not defaults:
        return
    varnames = f.__code__.co_varnames
    while len(varnames) > 0 and varnames[-1][0] == '_':
        varnames = varnames[:-1]
    varnames = varnames[-len(defaults):]
    for i in range(len(varnames)):
        name = varnames[i]
        if name in kwargs:
            kind = type(defaults[i])
            value = kwargs[name]
            if kind == bool:
                kwargs[name] = (value is True or str(value).lower() == 'true' or str(value) == '1')
            elif kind == int:
                kwargs[name] = int(value)
            # float defaults: the framework writes `kwargs[n] == float(v)` (a no-op); same here.


class Routing(object):
    def __init__(self, emu):
        self.emu = emu
        self.prefixes = []        # dicts: prefix, name, thumb, art, f
        self.routes = []          # Route, user routes (prefix handlers included)
        self.view_groups = {}

    # ---- registration ------------------------------------------------------------------
    def add_prefix_handler(self, prefix, f, name, thumb=None, art=None, titleBar=None, share=False,
                           allow_sync=False):
        self.emu.plugin_log.fw(logging.DEBUG, ('runtime', 640), "Adding a prefix handler for '%s' ('%s')",
                               name, prefix)
        self.prefixes.append({'prefix': prefix, 'name': name, 'thumb': thumb, 'art': art, 'f': f})
        self.routes.append(Route(prefix, 'GET', f, {}))

    def add_route(self, path, f, method='GET', arg_types=None):
        if not path.startswith('/'):
            path = '/' + path
        self.routes.append(Route(path, method.upper(), f, arg_types or {}))

    def handler(self, prefix, name, thumb=None, art=None, titleBar=None, share=False, allow_sync=False):
        def decorator(f):
            self.add_prefix_handler(prefix, f, name, thumb, art, titleBar, share, allow_sync)
            return f
        return decorator

    def route(self, path, method='GET', allow_sync=False, **kwargs):
        arg_types = dict((k, v) for k, v in kwargs.items() if isinstance(v, type))

        def decorator(f):
            self.add_route(path, f, method, arg_types)
            return f
        return decorator

    def add_view_group(self, name, viewMode='List', mediaType='items', type=None, menu=None, cols=None,
                       rows=None, thumb=None, summary=None):
        self.view_groups[name] = {'viewmode': viewMode, 'contenttype': mediaType, 'viewType': type,
                                  'viewMenu': menu, 'viewThumb': thumb, 'viewCols': cols, 'viewRows': rows,
                                  'viewSummary': summary}

    # ---- URL generation ------------------------------------------------------------------
    def current_prefix(self):
        prefix = self.emu.context.prefix
        if prefix:
            return prefix
        return self.prefixes[0]['prefix'] if self.prefixes else ''

    def callback(self, f, ext=None, **kwargs):
        route = None
        for candidate in self.routes:
            if candidate.f is f or getattr(candidate.f, '__name__', None) == getattr(f, '__name__', '') and \
                    candidate.f.__code__ is getattr(f, '__code__', None):
                route = candidate
                break
        if route is None:
            self.emu.plugin_log.fw(logging.WARNING, ('runtime', 1065),
                                   'Generating a callback path for a function with no route: %s', str(f))
            query = ''
            if kwargs:
                packed = base64.urlsafe_b64encode(pickle.dumps(kwargs, 0))
                query = '?' + urlencode({'function_args': to_text(packed)})
            ext = '.' + ext if (ext and ext[0] != '.') else ''
            return '%s/:/function/%s%s%s' % (self.current_prefix(), f.__name__, ext, query)
        values = dict(kwargs)
        for name, kind in route.arg_types.items():
            if name in values and values[name] is not None:
                value = values[name]
                if not isinstance(value, kind):
                    raise FrameworkException(
                        "The argument '%s' of function %s expects a value of type '%s', but received a value of "
                        "type '%s'." % (name, f.__name__, kind.__name__, type(value).__name__))
                if kind in (list, tuple, dict):
                    values[name] = json.dumps(value)
                elif kind == bool:
                    values[name] = '1' if value else '0'
        for name in list(values):
            if values[name] is None:
                values[name] = '__NONE__'
        path = route.path
        for var in route.variables:
            if var not in values:
                raise FrameworkException('Missing value for route variable %r' % var)
            path = path.replace('{%s}' % var, quote(to_bytes(_as_text(values.pop(var))), safe=''))
        if values:
            pairs = sorted((k, to_bytes(_as_text(v))) for k, v in values.items())
            path += '?' + urlencode(pairs)
        return path

    # ---- dispatch ----------------------------------------------------------------------
    def dispatch(self, path, query, headers, method, body):
        """Returns (status, headers, body bytes)."""
        emu = self.emu
        log = emu.plugin_log
        uri = path + ('?' + query if query else '')
        log.fw(logging.DEBUG, ('runtime', 717), 'Handling request %s %s', method, uri)
        kwargs = {}
        for key, values in parse_qs(query or '', keep_blank_values=True).items():
            kwargs[key] = values[0] if values[0] != '' else None
        headers = dict(headers or {})
        for token_key in ('X-Plex-Token', 'auth_token'):
            if token_key in kwargs:
                headers['X-Plex-Token'] = kwargs.pop(token_key)
        pref_values = None
        if 'X-Plex-Preferences' in headers:
            pref_values = {}
            for part in headers['X-Plex-Preferences'].split('&'):
                if '=' in part:
                    name, value = part.split('=', 1)
                    pref_values[name] = unquote(value)
        emu.context.begin(headers=headers, method=method, body=body, pref_values=pref_values,
                          locale=headers.get('X-Plex-Language'))
        original_type = None
        status, out_headers, out_body = 500, {}, b''
        try:
            try:
                result = self._route(path, kwargs, method)
                original_type = type(result)
                status, out_headers, out_body = self.construct_response(result)
            except UnauthorizedException:
                log.fw(logging.DEBUG, ('runtime', 869), 'Unauthorized')
                status, out_headers, out_body = 401, {}, b''
            except BadRequestException:
                log.fw(logging.DEBUG, ('runtime', 875), 'Bad Request')
                status, out_headers, out_body = 400, {}, b''
            except Exception as exc:
                original_type = None
                if isinstance(exc, URLError) and exc.args and type(exc.args[0]).__name__ == 'timeout':
                    status, out_headers, out_body = 504, {}, b''
                else:
                    log.fw_exception(('runtime', 889), 'Exception')
                    if isinstance(exc, PlexError):
                        code, status_text, tb = exc.code, exc.status, exc.traceback
                    else:
                        code = 2000
                        status_text = '%s: %s' % (type(exc).__name__, _message(exc))
                        tb = traceback_text()
                    el = xmlutil.element('Response', code=str(code), status=status_text)
                    if tb:
                        el.append(xmlutil.element('Traceback', tb))
                    status, out_headers, out_body = 500, {'Content-Type': 'application/xml'}, xmlutil.to_string(el)
            if emu.context.response_status is not None:
                status = emu.context.response_status
            if status != 401:
                final = dict(emu.context.response_headers or {})
                final.update(out_headers)
                out_headers = final
        finally:
            emu.context.clear()
            log.fw(logging.DEBUG, ('runtime', 924), 'Response: [%d] %s%d bytes', status,
                   (original_type.__name__ + ', ') if original_type else '', len(out_body))
        return status, out_headers, out_body

    def _route(self, path, kwargs, method):
        """The route's result (None when nothing matched). Mirrors handle_request's path handling and route groups."""
        emu = self.emu
        if path == '/':
            return 'OK\n'
        full_path = path.replace('+', '%20')
        if len(full_path) > 1 and full_path.endswith('/'):
            full_path = full_path[:-1]
        nouns = [unquote(n) for n in full_path.split('/')[1:]]
        full_path = '/' + '/'.join(nouns)
        group = None
        if nouns and nouns[0] == ':':
            if len(nouns) > 2 and nouns[1] == 'plugins':
                group, nouns = 'internal', nouns[3:]
            else:
                group, nouns = 'management', nouns[1:]
        route_path = '/' + '/'.join(nouns)
        for entry in self.prefixes:
            if full_path.startswith(entry['prefix']):
                emu.context.set('prefix', entry['prefix'])
                if route_path.startswith(entry['prefix'] + '/:/'):
                    group = 'internal'
                    route_path = route_path[len(entry['prefix']) + 2:]
                break
        f, d = self._match(route_path, method, group, kwargs)
        if f is None:
            emu.plugin_log.fw(logging.ERROR, ('runtime', 846), 'Could not find route matching ' + full_path)
            return None
        emu.plugin_log.fw(logging.DEBUG, ('runtime', 814), 'Found route matching ' + full_path)
        for flag in ('indirect', 'syncable'):
            d.pop(flag, None)
        return self._call_route(f, d)

    def _call_route(self, f, d):
        return f(**d)

    def _match(self, route_path, method, group, kwargs):
        try:
            if group == 'internal':
                return self._internal(route_path, kwargs)
            if group == 'management':
                return self._management(route_path, kwargs)
            for route in self.routes:
                if route.method not in (method, 'GET' if method == 'HEAD' else method):
                    continue
                found = route.match(route_path)
                if found is None:
                    continue
                d = dict(found)
                d.update(kwargs)
                for name in list(d):
                    value = d[name]
                    if value == '__NONE__':
                        d[name] = None
                    elif name in route.arg_types:
                        kind = route.arg_types[name]
                        if kind in (list, tuple, dict):
                            value = json.loads(value)
                        elif kind == bool:
                            value = True if value == '1' else False
                        d[name] = kind(value)
                format_kwargs_for_function(route.f, d)
                return route.f, d
            raise FrameworkException("No route found matching '%s'" % route_path)
        except Exception:
            self.emu.plugin_log.fw_exception(('runtime', 493), 'Exception matching route for path "%s"', route_path)
            return None, None

    # ---- framework routes -----------------------------------------------------------------
    def _internal(self, route_path, kwargs):
        emu = self.emu
        if route_path in ('/prefs', '/prefs/list'):
            show = route_path == '/prefs'
            return (lambda: self.prefs_container(show)), {}
        if route_path == '/prefs/set':
            def set_prefs(**values):
                emu.prefs.update_user_values(**values)
                result = emu.sandbox.call_named_function('ValidatePrefs')
                return result if result is not None else ''
            return set_prefs, dict(kwargs)
        match = re.match(r'^/function/([^/.]+)(\.[^/]*)?$', route_path)
        if match:
            name = match.group(1)
            args = {}
            packed = kwargs.pop('function_args', None)
            if packed:
                args = pickle.loads(base64.urlsafe_b64decode(to_bytes(packed)))
            args.update(kwargs)
            f = emu.sandbox.environment.get(name)
            if f is None:
                raise FrameworkException('No function named %r' % name)
            format_kwargs_for_function(f, args)
            return f, args
        match = re.match(r'^/resources/([^/]+)$', route_path)
        if match:
            return (lambda **kw: emu.resource_data(match.group(1))), dict(kwargs)
        if route_path == '/root' and self.prefixes:
            return self.prefixes[0]['f'], {}
        raise FrameworkException("No route found matching '%s'" % route_path)

    def _management(self, route_path, kwargs):
        if route_path == '/prefixes':
            return self.prefixes_container, {}
        raise FrameworkException("No route found matching '%s'" % route_path)

    def prefixes_container(self):
        mc = self.emu.objects['MediaContainer']()
        for entry in self.prefixes:
            item = self.emu.objects['DirectoryItem'](entry['prefix'], entry['name'])
            item.tagName = 'Prefix'
            item.identifier = self.emu.identifier
            item.hasPrefs = self.emu.prefs_available()
            mc.Append(item)
        return mc

    def prefs_container(self, show_values=True):
        emu = self.emu
        mc = emu.objects['MediaContainer']()
        for pref, encoded in emu.prefs.settings():
            value = pref.encode(emu.prefs[pref.id])
            info = {'label': emu.localization.localize(pref.label, emu.context.locale), 'type': pref.type,
                    'secure': 'true' if pref.secure else 'false', 'default': pref.default_value}
            if show_values:
                info['value'] = pref.default_value if value is None else value
            if pref.type == 'text':
                info['option'] = ','.join(pref.options)
            if pref.type == 'enum':
                info['values'] = '|'.join(emu.localization.localize(v, emu.context.locale) for v in pref.values)
            setting = emu.objects['DirectoryItem']('', '')
            setting.__dict__.clear()
            setting.tagName = 'Setting'
            setting.id = pref.id
            for key, val in info.items():
                setattr(setting, key, val)
            mc.Append(setting)
        return mc

    # ---- responses ------------------------------------------------------------------------
    def construct_response(self, result):
        from .objects import Object, LegacyObject  # local: objects imports nothing from here
        emu = self.emu
        headers = {}
        body = None
        status = 200
        if result is None:
            body, status = b'', 404
        elif isinstance(result, Object):
            body = xmlutil.to_string(result._to_xml())
            headers = dict(result.headers)
            if getattr(result, 'no_cache', None) is True:
                headers['Cache-Control'] = 'no-cache'
        elif isinstance(result, LegacyObject):
            body = to_bytes(result.Content())
            headers = dict(result.Headers())
            status = result.Status()
            if getattr(result, 'noCache', None) is True:
                headers['Cache-Control'] = 'no-cache'
        elif isinstance(result, bool):
            body, status = b'', (200 if result else 404)
        elif isinstance(result, string_types):
            body, headers = to_bytes(result), {'Content-type': 'text/plain'}
        elif isinstance(result, (list, dict)):
            body, headers = to_bytes(json.dumps(result)), {'Content-type': 'application/json'}
        elif hasattr(result, 'tag') and hasattr(result, 'attrib'):
            body, headers = xmlutil.to_string(result), {'Content-type': 'application/xml'}
        if body is None:
            body, status, headers = b'', 500, {}
            emu.plugin_log.fw(logging.DEBUG, ('runtime', 1027), 'Unable to handle response type: %s',
                              str(type(result)))
        headers.update(emu.context.response_headers or {})
        return status, headers, body


def _as_text(value):
    if isinstance(value, (bytes, text_type)):
        return to_text(value)
    return text_type(value)


def _message(exc):
    """Python 2's e.message (the single argument, else '')."""
    if len(exc.args) == 1:
        return to_text(exc.args[0]) if isinstance(exc.args[0], string_types) else text_type(exc.args[0])
    return ''


def content_type_of(headers):
    """The content type a client sees. The framework's header dict is case-sensitive: a
    'Content-Type' set through Response.Headers does not replace its own 'Content-type', both
    are sent (run_bundle, docs/decisions.md), and a client then reads them joined."""
    values = [value for key, value in sorted(headers.items()) if key.lower() == 'content-type']
    return ', '.join(values) if values else None
