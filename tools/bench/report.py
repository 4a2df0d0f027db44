#!/usr/bin/env python3
"""Turns the measurements of one bench run (results.jsonl) into the table and bench.json:
for each figure our value, the baseline measured in the same run, and ours / baseline.
usage: report.py RESULTS.jsonl BENCH.json"""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
val = {r["name"]: r.get("value") for r in rows}
# Repeated measurements (iperf): the value is the median, "runs" every run's value.
runs = {r["name"]: [float(x) for x in r["runs"].split()] for r in rows if r.get("runs")}
unit = {r["name"]: r.get("unit", "") for r in rows}

# (figure, ours, baseline, what the baseline is)
PAIRS = []
for d, dname in (("cn->mn", "CN -> MN home address"), ("mn->cn", "MN -> CN (reverse tunnel)")):
    PAIRS += [
        ("1/2 HA tunnel TCP, %s" % dname, "mip6-ha tcp %s" % d, "ip6tnl tcp %s" % d, "kernel ip6tnl ip6ip6"),
        ("1/2 HA tunnel UDP 64 B, %s" % dname, "mip6-ha udp64 %s" % d, "ip6tnl udp64 %s" % d, "kernel ip6tnl ip6ip6"),
    ]
for d in ("cn->mn", "mn->cn"):
    PAIRS += [
        ("3 route optimised TCP, %s" % d, "mip6-ro tcp %s" % d, "forwarding tcp %s" % d, "plain IPv6 forwarding"),
        ("3 route optimised UDP 64 B, %s" % d, "mip6-ro udp64 %s" % d, "forwarding udp64 %s" % d, "plain IPv6 forwarding"),
    ]
PAIRS += [
    ("4 HA tunnel TCP with 1 binding", "mip6-ha tcp cn->mn", "ip6tnl tcp cn->mn", "kernel ip6tnl ip6ip6"),
    ("4 HA tunnel TCP with %s bindings" % val.get("bindings at the HA (10k step)"), "scale 10k tcp cn->mn", "ip6tnl tcp cn->mn", "kernel ip6tnl ip6ip6"),
    ("4 HA tunnel TCP with %s bindings" % val.get("bindings at the HA (100k step)"), "scale 100k tcp cn->mn", "ip6tnl tcp cn->mn", "kernel ip6tnl ip6ip6"),
    ("4 kernel memory per binding", "kernel slab memory per binding", None, "-"),
    ("5 signalling: BUs answered (BA) per second", "signalling BU->BA", "signalling echo baseline", "ICMPv6 echo, same generator"),
]
for what in ("traffic restored", "BA"):
    for stat in ("median", "worst"):
        PAIRS.append((
            "6 handover link up -> %s, %s (fastest radvd)" % (what, stat),
            "handover fastest: link up -> %s %s" % (what, stat),
            "handover howto: link up -> %s %s" % (what, stat),
            "HOWTO radvd (Min 1 s, Max 3 s)",
        ))

figures = []
for fig, ours, base, bname in PAIRS:
    o = val.get(ours)
    b = val.get(base) if base else None
    ratio = round(o / b, 3) if isinstance(o, (int, float)) and isinstance(b, (int, float)) and b else None
    figures.append({"figure": fig, "unit": unit.get(ours, ""), "ours": o, "baseline": b,
                    "baseline_is": bname, "ratio": ratio,
                    "ours_runs": runs.get(ours), "baseline_runs": runs.get(base)})
out = {"accelerator": val.get("accelerator"), "figures": figures,
       "raw": rows}
json.dump(out, open(sys.argv[2], "w"), indent=1)

fmt = "%-58s %12s %12s %7s  %s"
print("mip6 benchmarks (accelerator: %s; ratios are ours / baseline, same VM run;"
      " throughput: median of %s runs)" % (out["accelerator"], max((len(v) for v in runs.values()), default=1)))
print(fmt % ("figure", "ours", "baseline", "ratio", "unit; baseline"))
for f in figures:
    show = lambda v: "-" if v is None else ("%g" % v if isinstance(v, (int, float)) else str(v))
    print(fmt % (f["figure"], show(f["ours"]), show(f["baseline"]), show(f["ratio"]), "%s; %s" % (f["unit"], f["baseline_is"])))
rated = [f for f in figures if f["ratio"] is not None and not f["figure"].startswith("6")]
if rated:
    worst = min(rated, key=lambda f: f["ratio"])
    print("slowest ratio: %s (%s)" % (worst["figure"], worst["ratio"]))
missing = [f["figure"] for f in figures if f["ours"] is None]
if missing:
    print("MISSING: " + "; ".join(missing))
    sys.exit(1)
