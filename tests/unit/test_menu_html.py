# -*- coding: utf-8 -*-
"""menu/html.py: a view as one standalone HTML page (every text escaped, links that keep
format=html and carry no token, no outside request) and as JSON."""
from __future__ import absolute_import, division, print_function

import json
import re

from pleximprovement.menu import html as menu_html
from pleximprovement.menu.html import escape as escape_html
from pleximprovement.menu import views
from pleximprovement.names import PREFIX

SCRIPT = u'<script>alert(1)</script>'
MARKDOWN = u'**bold** [click](http://evil.example/) `code` # head'


def raw_view(text):
    """A view that did not go through views.safe(): html.py must be safe on its own."""
    return {'title': text, 'header': text, 'message': text, 'entries': [
        {'title': text, 'path': '/reports/view?name=a&page=2', 'summary': text, 'kind': views.DIRECTORY, 'icon': None},
        {'title': text, 'path': None, 'summary': None, 'kind': views.PREFS, 'icon': None},
        {'title': u'Back', 'path': '', 'summary': None, 'kind': views.DIRECTORY, 'icon': None}]}


def test_escape_covers_markup_and_quotes():
    assert escape_html(u'<a href="x">\'&') == u'&lt;a href=&quot;x&quot;&gt;&#39;&amp;'
    assert escape_html(None) == u'' and escape_html(3) == u'3'
    assert escape_html(b'caf\xc3\xa9') == u'caf\xe9'


def test_script_in_any_text_shows_as_text():
    page = menu_html.render(raw_view(SCRIPT))
    assert SCRIPT not in page and u'<script>alert' not in page
    assert page.count(u'&lt;script&gt;alert(1)&lt;/script&gt;') == 7  # title, h1, h2, message, 2 entries, summary
    assert page.count(u'<script>') == 1                                  # only the page's own token script


def test_markdown_stays_literal_and_makes_no_link():
    page = menu_html.render(raw_view(MARKDOWN))
    assert u'**bold** [click](http://evil.example/) `code` # head' in page
    assert u'href="http://evil.example' not in page and u'<strong>' not in page and u'<code>' not in page


def test_links_stay_in_the_plugin_keep_the_format_and_carry_no_token():
    page = menu_html.render(raw_view(u'x'))
    links = re.findall(u'href="([^"]*)"', page)
    assert links == [PREFIX + u'/reports/view?name=a&amp;page=2&amp;format=html', PREFIX + u'?format=html']
    assert u'X-Plex-Token=' not in page and u'http' not in page.replace(u'http-equiv', u'')


def test_every_entry_kind_is_drawn():
    page = menu_html.render(raw_view(u'x'))
    assert page.count(u'<li>') == 3
    assert u'<li><span>x</span></li>' in page                            # preferences: text, no link
    assert u'<p class="summary">x</p>' in page


def test_the_page_is_standalone():
    nav = [views.entry(u'Status', '/status'), views.entry(u'Prefs', None, kind=views.PREFS)]
    page = menu_html.page(u'T', u'<p>body</p>', nav_entries=nav)
    assert page.startswith(u'<!DOCTYPE html>') and page.rstrip().endswith(u'</html>')
    assert u"default-src 'none'" in page                     # the browser refuses any outside request
    assert u'<link' not in page and u'<img' not in page and u' src=' not in page
    assert u'<nav><a href="%s/status?format=html">Status</a></nav>' % PREFIX in page
    assert u'<p>body</p>' in page and u'<title>T</title>' in page


def test_a_token_in_text_is_redacted_before_it_reaches_the_page():
    line = u"GET http://127.0.0.1:32400/library?X-Plex-Token=S3cr3tT0k3n failed"
    page = menu_html.render(views.view(line, [views.entry(line, '/status', line)], header=line, message=line))
    assert u'S3cr3tT0k3n' not in page


def test_json_form_is_the_view_with_a_version_and_full_keys():
    view = views.view(SCRIPT, [views.entry(u'caf\xe9', '/status', icon='icon-status.png'),
                               views.entry(u'Preferences', None, kind=views.PREFS), views.back_entry(lambda k: k)])
    data = menu_html.as_json(view)
    assert data['format'] == menu_html.JSON_VERSION and data['title'] == views.safe(SCRIPT)
    assert [e['key'] for e in data['entries']] == [PREFIX + '/status', None, PREFIX]
    assert data['entries'][0]['icon'] == 'icon-status.png' and data['entries'][1]['kind'] == views.PREFS
    assert json.loads(json.dumps(data)) == data
