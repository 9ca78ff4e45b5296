# -*- coding: utf-8 -*-
"""`python -m pleximprovement <command>`: the table of commands and the usage line."""
from __future__ import absolute_import, division, print_function

from pleximprovement import cli


def test_registry_is_a_dict_of_functions():
    assert callable(cli.COMMANDS['aggregate'])
    assert cli.main(['no-such-command']) == 2
