#!/usr/bin/env python3
"""What is still C, and where unsafe is (issue 13's counts): non-blank, non-comment lines
of C per file, functions with more than one branch point (if, for, while, case, ?:, &&,
||), Rust `unsafe` in kernel code (rust/) outside rust/knet, and hand-written extern "C" blocks.
Usage: scripts/census.py (from anywhere in the tree)."""
import pathlib, re, subprocess, sys

top = pathlib.Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())
files = subprocess.check_output(["git", "ls-files", "*.c", "*.rs"], cwd=top, text=True).split()

def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), src, flags=re.S)
    return re.sub(r"//[^\n]*", "", src)

total = 0
heavy = []
print("C lines (code, no blanks or comments):")
for f in sorted(x for x in files if x.endswith(".c") and "selftests" not in x):
    src = strip_comments((top / f).read_text())
    lines = [l for l in src.splitlines() if l.strip()]
    total += len(lines)
    print(f"  {len(lines):5d} {f}")
    # Function bodies: a line starting a definition at column 0, up to the closing brace.
    for m in re.finditer(r"^(?:static\s+)?[a-z_][^\n;]*?\b(\w+)\([^;{]*\)\s*\n\{(.*?)\n\}", src, flags=re.S | re.M):
        body = re.sub(r'"([^"\\]|\\.)*"', '""', m.group(2))
        n = len(re.findall(r"\b(if|for|while|case)\b|\?|&&|\|\|", body))
        if n > 1:
            heavy.append((n, m.group(1), f))
print(f"  {total:5d} total")
print(f"C functions with more than one branch point: {len(heavy)}")
for n, name, f in sorted(heavy, reverse=True):
    print(f"  {n:3d} {name} ({f})")
unsafe_out = 0
for f in files:
    if f.endswith(".rs") and f.startswith("rust/") and not f.startswith("rust/knet/"):
        src = strip_comments((top / f).read_text())
        unsafe_out += len(re.findall(r"\bunsafe\b", src))
externs = sum(len(re.findall(r'extern "C"\s*\{', strip_comments((top / f).read_text()))) for f in files if f.endswith(".rs"))
print(f"unsafe in kernel code outside rust/knet: {unsafe_out}")
print(f'hand-written extern "C" blocks: {externs}')
