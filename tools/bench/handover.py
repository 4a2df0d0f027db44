#!/usr/bin/env python3
"""Handover figures of one bench run on the testbed: per move, the time from the mobile
node's carrier coming back (ip -ts monitor in the MN) to the first answered ping at the home
address (tb_interruptions) and to the home agent's Binding Acknowledgement (a capture on the
MN's link). Prints JSON lines for results.jsonl.
usage: handover.py TB_DIR LABEL"""
import datetime
import json
import re
import statistics
import sys

tb, label = sys.argv[1], sys.argv[2]
restored = [int(m.group(1)) for m in re.finditer(r"restored_ms (\d+)", open(tb + "/interruptions.txt").read())]
moves = sum(1 for _ in open(tb + "/moves.txt"))
# Binding Acknowledgements from the home agent as tcpdump saw them on the MN's link (the
# same wall clock as ip monitor's link events); a lifetime of 0 would be a deregistration.
bas = []
for line in open(tb + "/mh.txt"):
    m = re.match(r"(\d+\.\d+) IP6 .*mobility: BA status=0 seq#=\d+ lifetime=([1-9]\d*)", line)
    if m:
        bas.append(float(m.group(1)))
ups = []
down_seen = False
for line in open(tb + "/mn-link.txt"):
    m = re.match(r"\[(\S+)\] \d+: mn0[@:].*<([^>]*)>", line)
    if not m:
        continue
    t = datetime.datetime.fromisoformat(m.group(1)).timestamp()
    carrier = "LOWER_UP" in m.group(2).split(",")
    if not carrier:
        down_seen = True
    elif down_seen:
        ups.append(t)
        down_seen = False
ba_ms = []
for u in ups:
    after = [b for b in bas if b > u]
    if after:
        ba_ms.append(int((after[0] - u) * 1000))


def emit(name, values):
    if not values:
        print(json.dumps({"name": name, "unit": "ms", "value": None, "moves": moves}))
        return
    print(json.dumps({"name": name + " median", "unit": "ms", "value": int(statistics.median(values)),
                      "moves": moves, "measured": len(values)}))
    print(json.dumps({"name": name + " worst", "unit": "ms", "value": max(values),
                      "moves": moves, "measured": len(values)}))


emit("handover %s: link up -> traffic restored" % label, restored)
emit("handover %s: link up -> BA" % label, ba_ms)
