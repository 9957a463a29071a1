"""YAML in and out: loading keeps line numbers for error messages; dumping keeps text readable."""
from __future__ import annotations

from typing import Any

import yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=schema/{schema}.schema.json\n"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        # A value used twice is written twice: the loader refuses aliases (E005).
        return True


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_representer)


def dump_plan(plan: dict, schema: str = "plan") -> str:
    body = yaml.dump(plan, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=None)
    return SCHEMA_COMMENT.format(schema=schema) + body


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
