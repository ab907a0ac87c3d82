"""Expands windows with python-dateutil's rrule and the standard library's zoneinfo: an
implementation independent of the console's, for tests/unit/calendar/expand-dateutil.test.ts.

Reads a JSON list of {start, timeZone, rrule, exdates, from, to, limit} on stdin; writes, for each,
the occurrences starting in [from, to) (epoch ms), at most limit: [local start, epoch ms].
A local time that happens twice takes the first (fold=0); one in a DST gap is read with the
offset before the gap, so it lands later by the gap: both as RFC 5545 section 3.3.5 says.
"""
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr, rruleset


def expand(case):
    zone = ZoneInfo(case["timeZone"])
    start = datetime.fromisoformat(case["start"])
    rules = rruleset()
    rules.rrule(rrulestr(case["rrule"], dtstart=start))
    for exdate in case.get("exdates", []):
        rules.exdate(datetime.fromisoformat(exdate))
    found = []
    for local in rules:
        epoch_ms = round(local.replace(tzinfo=zone).timestamp() * 1000)
        if epoch_ms >= case["to"] or len(found) >= case["limit"]:
            break
        if epoch_ms >= case["from"]:
            found.append([local.strftime("%Y-%m-%dT%H:%M"), epoch_ms])
    return found


json.dump([expand(case) for case in json.load(sys.stdin)], sys.stdout)
