# -*- coding: utf-8 -*-
"""Menu pages as data: titles made harmless for Kitana, paths with their query strings."""
from __future__ import absolute_import, division, print_function

from pleximprovement.menu import views


def test_safe_titles_and_paths():
    assert views.safe(u'a<b>c\x00\n') == u'a\u2039b\u203ac  '
    assert len(views.safe(u'x' * 500)) == views.MAX_TITLE
    assert views.safe(b'\xff') == u'\ufffd'
    assert views.path_with('/r', name=u'caf\xe9 1', page=2) == '/r?name=caf%C3%A9+1&page=2'


def test_every_text_on_a_page_is_redacted():
    line = u"Error opening URL 'https://h/s?api_key=K3yK3y' for bob@example.com in /home/alice/x"
    page = views.view(line, [views.entry(line, '/status', summary=line)], header=line, message=line)
    for text in (page['title'], page['header'], page['message'], page['entries'][0]['title'],
                 page['entries'][0]['summary']):
        assert u'K3yK3y' not in text and u'bob@' not in text and u'alice' not in text
        assert u'api_key=\u2039redacted\u203a' in text
