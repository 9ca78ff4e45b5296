# -*- coding: utf-8 -*-
"""The simulated server's HTTP API: token check, request logging and routing.

PlexImprovement talks to PMS only through these paths, and judges refreshes partly from
the Request/Completed lines PMS logs around each request, so both are reproduced here.
"""
from __future__ import absolute_import, division, print_function

import time

from . import http
from .library import now_ts
from .xml import SERVER_VERSION, XML_TYPE, el, xml_reply

UNAUTHORIZED_BODY = (u'<html><head><title>Unauthorized</title></head><body><h1>401 '
                     u'Unauthorized</h1></body></html>')
OWNER = 'simowner'
# Replies as (status, body, content type, extra headers); the headers dict is only read.
OK_EMPTY = (200, b'', 'text/html', {})
NOT_FOUND = (404, b'<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>',
             'text/html', {})


class PMSHandler(http.QuietHandler):
    """The API. Every path but /identity needs the token (header or query)."""

    server_version = 'PlexMediaServer/' + SERVER_VERSION

    def do_GET(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def dispatch(self):
        sim = self.server.context
        started = time.time()
        path, query, _raw = http.split_target(self.path)
        with sim.lock:
            sim.live += 1
            sim.request_counter += 1
            live = sim.live
        shown = redact_token(self.path)
        peer = '%s:%d' % (self.client_address[0], self.client_address[1])
        token = self.headers.get('X-Plex-Token') or query.get(u'X-Plex-Token')
        authorized = token == sim.token or path == u'/identity'
        sim.server_log.debug(u'Request: [%s (Loopback)] %s %s (%d live) %s' % (
            peer, self.command, shown, live,
            u'Signed-in Token (%s)' % OWNER if authorized else u'Unauthenticated'))
        try:
            if not authorized:
                status, body, ctype, extra = 401, http.to_bytes(UNAUTHORIZED_BODY), 'text/html', {}
            else:
                status, body, ctype, extra = self.route(sim, path, query)
        except Exception as exc:  # pragma: no cover - a sim bug answers 500 like PMS would
            sim.server_log.error(u'Exception handling %s: %r' % (shown, exc))
            status, body, ctype, extra = 500, b'', 'text/html', {}
        body = http.to_bytes(body)
        elapsed = int((time.time() - started) * 1000)
        with sim.lock:
            sim.live -= 1
        # Logged before the body goes out, so a client that got its answer finds the line.
        sim.server_log.debug(u'Completed: [%s] %d %s %s (%d live) %dms %d bytes' % (
            peer, status, self.command, shown, live, elapsed, len(body)))
        self.send_body(status, body, ctype, extra)

    def route(self, sim, path, query):
        parts = [p for p in path.split(u'/') if p]
        method = self.command
        if not parts:
            return xml_reply(sim.root_xml())
        if parts == [u'identity']:
            return xml_reply(el('MediaContainer', {'size': 0, 'claimed': 0,
                                                   'machineIdentifier': sim.machine_identifier,
                                                   'version': sim.kind.version}))
        if not sim.kind.serves(parts):          # kinds.py: a server without the legacy plug-in host
            return NOT_FOUND
        if parts == [u':', u'prefs']:
            return xml_reply(sim.kind.prefs_xml(sim.root_xml().get('friendlyName')))
        if parts == [u'media', u'providers', u'metadata']:
            providers = sim.kind.providers_xml()
            return NOT_FOUND if providers is None else xml_reply(providers)
        if parts == [u'activities']:
            return xml_reply(sim.activities_xml())
        if parts == [u'library']:
            return xml_reply(sim.library_xml())
        if parts[0] == u'library':
            return self.route_library(sim, parts[1:], query, method) or NOT_FOUND
        if parts[0] == u'system' and parts[1:2] == [u'agents']:
            return self.route_agents(sim, parts[2:], query, self.command)
        if parts[0] == u':' and parts[1:2] == [u'plugins']:
            return self.route_plugins(sim, parts[2:], query, method) or NOT_FOUND
        if parts == [u'log']:
            level = {u'0': 'ERROR', u'1': 'WARN', u'2': 'INFO', u'3': 'DEBUG'}.get(query.get(u'level', u'2'), 'VERBOSE')
            sim.server_log.log(level, u'[%s] %s' % (query.get(u'source', u''), query.get(u'message', u'')))
            return OK_EMPTY
        return NOT_FOUND

    def route_library(self, sim, parts, query, method):
        paging = self.paging(query)
        if parts == [u'sections']:
            root = el('MediaContainer', {'size': len(sim.sections), 'allowSync': 0, 'title1': 'Plex Library'})
            for section_id in sorted(sim.sections):
                sim.section_xml(sim.sections[section_id], root)
            return xml_reply(root)
        if len(parts) >= 2 and parts[0] == u'sections':
            if parts[1] == u'all' and parts[2:] == [u'refresh']:
                for section_id in sorted(sim.sections):
                    sim.refresh_section(section_id, force=query.get(u'force') == u'1')
                return OK_EMPTY
            try:
                section = sim.sections[int(parts[1])]
            except (ValueError, KeyError):
                return None
            if parts[2:] == []:
                root = el('MediaContainer', {'size': 2, 'allowSync': 0, 'content': 'secondary',
                                             'librarySectionID': section.id, 'title1': section.title,
                                             'viewGroup': 'secondary'})
                el('Directory', {'key': 'all', 'title': 'All Movies'}, root)
                el('Directory', {'key': 'unmatched', 'title': 'Unmatched'}, root)
                return xml_reply(root)
            if parts[2:] == [u'all']:
                items = list(section.items)
                wanted_type = query.get(u'type')
                if wanted_type not in (None, u'', u'1'):
                    items = []
                if query.get(u'unmatched') == u'1':
                    items = [i for i in items if not i.matched]
                title_filter = query.get(u'title')
                if title_filter:
                    items = [i for i in items if title_filter.lower() in i.title.lower()]
                start, size = paging
                page = items[start:start + size] if size is not None else items[start:]
                root = sim.library_container(section, {'size': len(page), 'totalSize': len(items),
                                                       'offset': start, 'title2': 'All Movies'})
                for item in page:
                    sim.video_xml(item, root)
                return xml_reply(root)
            if parts[2:] == [u'refresh']:
                if method == 'DELETE':
                    sim.cancel_section(section.id)
                else:
                    sim.refresh_section(section.id, force=query.get(u'force') == u'1')
                return OK_EMPTY
            return None
        if len(parts) >= 2 and parts[0] == u'metadata':
            keys = []
            for piece in parts[1].split(u','):
                try:
                    keys.append(int(piece))
                except ValueError:
                    return None
            items = [sim.items[k] for k in keys if k in sim.items]
            if not items:
                return None
            item = items[0]
            rest = parts[2:]
            if rest == []:
                root = sim.library_container(item.section, {'size': len(items)})
                for one in items:
                    sim.video_xml(one, root, detail=True)
                return xml_reply(root)
            if rest == [u'tree']:
                return xml_reply(sim.tree_xml(item))
            if rest == [u'refresh'] and method in ('PUT', 'GET', 'POST'):
                if sim.assumptions.item_refresh_force == 'forced':
                    force = query.get(u'force') != u'0'
                else:
                    force = query.get(u'force') == u'1'
                for one in items:
                    sim.refresh_item(one.rating_key, force=force)
                return OK_EMPTY
            if rest == [u'unmatch'] and method == 'PUT':
                for one in items:
                    one.reset()
                    one.updated_at = now_ts()
                return OK_EMPTY
            if rest == [u'matches']:
                return self.matches(sim, item, query)
            if rest == [u'match'] and method == 'PUT':
                guid = query.get(u'guid')
                if not guid or u'://' not in guid:
                    return 400, b'', 'text/html', {}
                item.guid = guid
                item.agent_id = guid.split(u'://', 1)[0]
                sim.refresh_item(item.rating_key, force=True)
                return OK_EMPTY
            if rest == [u'children']:
                return xml_reply(sim.library_container(item.section, {'size': 0}))
        return None

    def matches(self, sim, item, query):
        """Manual match candidates: the agent's search with manual=True (synchronous)."""
        host = sim.hosts.get(query.get(u'agent') or item.section.agent)
        root = el('MediaContainer', {'size': 0, 'identifier': 'com.plexapp.plugins.library'})
        if host is None:
            return xml_reply(root)
        hints = sim.hints_for(item)
        if query.get(u'title'):
            hints['name'] = query.get(u'title')
        if query.get(u'year'):
            hints['year'] = query.get(u'year')
        try:
            results = host.ensure().agent_search(hints, media_type='Movie', lang=query.get(u'language', u'en'),
                                                 manual=True, primary=True) or []
        except Exception:
            results = []
        for result in results:
            guid = u'%s://%s?lang=%s' % (host.identifier, result.get('id'), result.get('lang') or 'en')
            el('SearchResult', {'type': 'movie', 'guid': guid,
                                'name': result.get('name'), 'year': result.get('year'),
                                'score': result.get('score'), 'thumb': result.get('thumb'),
                                'matched': 0}, root)
        root.set('size', str(len(results)))
        return xml_reply(root)

    def route_agents(self, sim, parts, query, method):
        """/system/agents, its contributors and each primary agent's configuration (contributors.py)."""
        if not parts:
            return xml_reply(sim.agents_xml(query.get(u'mediaType')))
        if parts == [u'contributors']:
            return xml_reply(sim.contributors_xml(query.get(u'mediaType'), query.get(u'primaryAgent')))
        if len(parts) == 3 and parts[1] == u'config':
            if method == 'PUT':
                sim.set_agent_config(parts[0], query.get(u'order'))
            return xml_reply(sim.agent_config_xml(parts[0], parts[2]))
        return NOT_FOUND

    def route_plugins(self, sim, parts, query, method):
        if not parts:
            return xml_reply(sim.plugins_xml())
        identifier = parts[0]
        rest = parts[1:]
        if rest == [u'restart'] and method in ('GET', 'PUT'):
            return OK_EMPTY if sim.restart_plugin(identifier) else None
        if identifier not in dict(sim.installed_plugins()):
            return None
        host = sim.hosts.get(identifier)
        if rest in ([u'prefs'], [u'prefs', u'set']):
            if host is not None and host.running:
                response = host.emulator.request(u'/:/plugins/%s/%s' % (identifier, u'/'.join(rest)),
                                                 query=dict(query), headers={'X-Plex-Token': sim.token})
                return (response.status, response.body, response.content_type or XML_TYPE, {})
            if rest == [u'prefs']:
                return xml_reply(sim.prefs_xml(identifier))
            values = dict((k, v) for k, v in query.items() if k != u'X-Plex-Token')
            sim.write_plugin_prefs(identifier, values)
            return OK_EMPTY
        return None

    def paging(self, query):
        start = self.headers.get('X-Plex-Container-Start') or query.get(u'X-Plex-Container-Start') or '0'
        size = self.headers.get('X-Plex-Container-Size') or query.get(u'X-Plex-Container-Size')
        try:
            start = max(0, int(start))
        except ValueError:
            start = 0
        try:
            size = None if size in (None, '') else max(0, int(size))
        except ValueError:
            size = None
        return start, size


def redact_token(target):
    """PMS logs request paths with the token value masked."""
    marker = 'X-Plex-Token='
    at = target.find(marker)
    if at < 0:
        return http.to_text(target)
    end = target.find('&', at)
    end = len(target) if end < 0 else end
    return http.to_text(target[:at + len(marker)] + 'xxxxxxxxxxxxxxxxxxxx' + target[end:])
