"""schemathesis hooks for the StoRegister contract check.

The server reads integer fields also from decimal strings ("205", as an HTML <select> sends
them) and booleans also from "true"/"false" (docs/api.md, "Our choices"); the document states
the intended types. A request schemathesis generates as invalid (negative) that only uses these
documented spellings would be accepted, correctly: such values are spelled invalid instead
(a string of digits gets a letter), which only a request meant to be invalid can contain.
"""

import re

import schemathesis

INTEGERS = {"region", "countryId", "country"}
BOOLEANS = {"canCreateLoginCredentials"}
DECIMAL = re.compile(r"\s*[+-]?[0-9]+\s*")


def _respell(value):
    """The body with every documented alternative spelling made plainly invalid."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, str) and key in INTEGERS and DECIMAL.fullmatch(item):
                item = f"{item}x"
            elif isinstance(item, str) and key in BOOLEANS and item.strip() in ("true", "false"):
                item = f"{item.strip()}ish"
            out[key] = _respell(item)
        return out
    if isinstance(value, list):
        return [_respell(item) for item in value]
    return value


@schemathesis.hook
def map_body(ctx, body):
    return _respell(body)
