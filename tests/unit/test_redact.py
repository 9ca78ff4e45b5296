# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

from pleximprovement.redact import redact


def test_tokens_keys_emails_homes_accounts():
    line = (u"GET /x?X-Plex-Token=abc123&y=1 https://api.example/s?api_key=SECRET&q=a "
            u"mail bob@example.com /home/alice/Movies /Users/bob/Library C:\\Users\\carol\\AppData "
            u"Signed-in Token (dave) {'X-Plex-Token': 'zzz'}")
    out = redact(line)
    for secret in (u'abc123', u'SECRET', u'bob@example.com', u'alice', u'/Users/bob', u'carol', u'dave', u'zzz'):
        assert secret not in out
    assert u'q=a' in out and u'y=1' in out
    assert u'X-Plex-Token=<redacted>' in out


def test_bytes_in_text_out():
    assert redact(b'/home/eve/x \xff') == u'/home/<user>/x \ufffd'
