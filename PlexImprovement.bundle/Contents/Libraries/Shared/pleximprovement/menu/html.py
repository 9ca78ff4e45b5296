# -*- coding: utf-8 -*-
"""Menu views as one standalone HTML5 page, and as JSON, for Kitana and a plain browser.

In: a view dict (views.py: title, header, message, entries of title/path/summary/kind) or a
title plus a body already made of escaped HTML (the dashboard). Out: a text HTML document
with inline CSS only, no external asset and no request outside the page's own origin (a
Content-Security-Policy says so to the browser), or the view as a JSON-safe dict.

Every text is escaped here, whatever views.safe() did before: titles come from log and
library text. The page never holds the owner's token: links are the plug-in's own paths
with `format=html`, and a tiny inline script copies the X-Plex-Token of the page's own
address onto a same-origin link when it is followed, so a browser session opened with
?X-Plex-Token=... keeps working without the token being written into any page.
"""
from __future__ import absolute_import, division, print_function

from ..names import PREFIX
from .views import PREFS

FORMAT_HTML = 'html'
CONTENT_TYPE = 'text/html; charset=utf-8'
FORMAT_JSON = 'json'
JSON_VERSION = 1

ESCAPES = ((u'&', u'&amp;'), (u'<', u'&lt;'), (u'>', u'&gt;'), (u'"', u'&quot;'), (u"'", u'&#39;'))

CSP = (u"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       u"img-src data:; form-action 'none'; base-uri 'none'")

CSS = (u'body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#1f2326;color:#e8e8e8}'
       u'main{max-width:60em;margin:0 auto;padding:1em}'
       u'h1{font-size:1.4em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:.8em 0 .3em}'
       u'a{color:#e5a00d}nav{padding:.5em 1em;background:#15181a}nav a{margin-right:1em}'
       u'.msg{white-space:pre-wrap;background:#2a2f33;padding:.6em .8em;border-radius:4px}'
       u'ul.entries{list-style:none;padding:0}ul.entries li{padding:.5em 0;border-bottom:1px solid #333}'
       u'ul.entries a{font-weight:600;text-decoration:none}.summary{color:#b8b8b8;margin:.2em 0 0}')

# Adds the current page's X-Plex-Token (if any) to a same-origin link when it is followed.
TOKEN_SCRIPT = (u"(function(){var k='X-Plex-Token',t=new URLSearchParams(location.search).get(k);"
                u"if(!t)return;function f(e){var a=e.target.closest?e.target.closest('a[href]'):null;"
                u"if(!a||a.origin!==location.origin)return;var u=new URL(a.href);"
                u"if(!u.searchParams.has(k)){u.searchParams.set(k,t);a.href=u.href;}}"
                u"document.addEventListener('click',f,true);document.addEventListener('auxclick',f,true);})();")


def text_of(value):
    """Any value as text: bytes are UTF-8 (undecodable bytes replaced), None is empty."""
    if value is None:
        return u''
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    if not isinstance(value, type(u'')):
        return u'%s' % (value,)
    return value


def escape(text):
    """Text made safe for HTML content and quoted attribute values."""
    text = text_of(text)
    for char, entity in ESCAPES:
        text = text.replace(char, entity)
    return text


def href(path, fmt=FORMAT_HTML):
    """The plug-in's own address for a view path, keeping the format; never with a token."""
    path = PREFIX + text_of(path)
    return path + (u'&' if u'?' in path else u'?') + u'format=' + fmt


def nav_html(nav_entries):
    links = [u'<a href="%s">%s</a>' % (escape(href(item['path'])), escape(item['title']))
             for item in nav_entries or () if item.get('kind') != PREFS]
    return u'<nav>%s</nav>' % u''.join(links) if links else u''


def page(title, body_html, nav_entries=None):
    """A complete HTML5 document: `title` is plain text (escaped here), `body_html` is HTML
    the caller built and escaped, `nav_entries` are view entries shown as a link bar."""
    return (u'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            u'<meta http-equiv="Content-Security-Policy" content="%s">'
            u'<meta name="viewport" content="width=device-width,initial-scale=1">'
            u'<meta name="referrer" content="no-referrer">'
            u'<title>%s</title><style>%s</style></head><body>%s<main><h1>%s</h1>%s</main>'
            u'<script>%s</script></body></html>\n') % (
        CSP, escape(title), CSS, nav_html(nav_entries), escape(title), body_html, TOKEN_SCRIPT)


def entry_html(item):
    """One entry: a link to its page, or a plain line for the preferences entry (a browser
    cannot open the framework's preferences screen)."""
    if item.get('kind') == PREFS or item.get('path') is None:
        head = u'<span>%s</span>' % escape(item['title'])
    else:
        head = u'<a href="%s">%s</a>' % (escape(href(item['path'])), escape(item['title']))
    summary = item.get('summary')
    if summary:
        head += u'<p class="summary">%s</p>' % escape(summary)
    return u'<li>%s</li>' % head


def render(view):
    """A view dict as a standalone HTML document."""
    body = []
    if view.get('header'):
        body.append(u'<h2>%s</h2>' % escape(view['header']))
    if view.get('message'):
        body.append(u'<p class="msg">%s</p>' % escape(view['message']))
    body.append(u'<ul class="entries">%s</ul>' % u''.join(entry_html(item) for item in view.get('entries', ())))
    return page(view.get('title'), u''.join(body))


def as_json(view):
    """The view as a JSON-safe dict for any client: every entry also carries its plug-in path."""
    entries = []
    for item in view.get('entries', ()):
        entry = dict((key, text_of(value) if value is not None else None) for key, value in item.items())
        entry['key'] = PREFIX + text_of(item['path']) if item.get('path') is not None else None
        entries.append(entry)
    return {'format': JSON_VERSION, 'title': text_of(view.get('title')),
            'header': text_of(view['header']) if view.get('header') else None,
            'message': text_of(view['message']) if view.get('message') else None, 'entries': entries}
