"""Reads an iCalendar file's VTIMEZONEs with python-dateutil's tzical (which follows their
observances and RRULEs) and compares each with the standard library's zoneinfo of the same
name: an implementation independent of the console's, for
tests/unit/calendar/vtimezone-dateutil.test.ts.

Reads {"ics": text, "from": year, "to": year} on stdin; writes, per TZID, the days (local noon,
each day of the years from..to inclusive) whose UTC offset the VTIMEZONE gives otherwise than
zoneinfo: {"days": n, "wrong": [first few "YYYY-MM-DD vtimezone zoneinfo"], "wrongCount": n}.
"""
import io
import json
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.tz import tzical


def compare(ical, tzid, first, last):
    vtimezone = ical.get(tzid)
    zone = ZoneInfo(tzid)
    day = datetime(first, 1, 1, 12)
    days = 0
    wrong = []
    while day.year <= last:
        given = day.replace(tzinfo=vtimezone).utcoffset()
        expected = day.replace(tzinfo=zone).utcoffset()
        if given != expected:
            wrong.append(f"{day.date()} {given} {expected}")
        days += 1
        day += timedelta(days=1)
    return {"days": days, "wrong": wrong[:5], "wrongCount": len(wrong)}


request = json.load(sys.stdin)
ical = tzical(io.StringIO(request["ics"]))
json.dump({tzid: compare(ical, tzid, request["from"], request["to"]) for tzid in ical.keys()}, sys.stdout)
