#!/usr/bin/env python3
"""A TCP transfer whose bytes are checked end to end (the mobility and ro selftests).

  tcp_xfer.py recv ADDR PORT RESULT           listen on [ADDR]:PORT, take one connection,
                                              read to EOF
  tcp_xfer.py send ADDR PORT RATE STOP RESULT  send pseudo-random bytes at about RATE
                                              bytes/s until the file STOP exists (so the
                                              transfer spans the handovers); a RATE of
                                              10 MB/s or more: as fast as TCP takes them

Each side writes {"bytes": N, "sha256": HEX} to RESULT when done; the receiver first
creates RESULT.ready once it listens, the sender STOP.started once it is connected.
"""
import hashlib
import os
import json
import socket
import sys
import time


def stream():
    """Deterministic, incompressible bytes in 1000-byte chunks."""
    block = b"mip6"
    while True:
        block = hashlib.sha512(block).digest() * 16          # 1024 bytes
        yield block[:1000]


def main(argv):
    mode, addr, port = argv[1], argv[2], int(argv[3])
    h, n = hashlib.sha256(), 0
    if mode == "recv":
        result = argv[4]
        srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((addr, port))
        srv.listen(1)
        open(result + ".ready", "w").close()
        conn, _ = srv.accept()
        while True:
            data = conn.recv(65536)
            if not data:
                break
            h.update(data)
            n += len(data)
    else:
        rate, stop, result = float(argv[4]), argv[5], argv[6]
        deadline = time.monotonic() + 60
        while True:     # the first SYN may meet a neighbour entry still resolving
            try:
                conn = socket.create_connection((addr, port), timeout=120)
                break
            except OSError as e:
                if time.monotonic() > deadline:
                    raise
                print("connect:", e, file=sys.stderr)
                time.sleep(1)
        open(stop + ".started", "w").close()     # connected: the caller times from here
        start = time.monotonic()
        chunks = stream()
        # Unthrottled (RATE >= 10 MB/s): 64 kB writes, so that TCP builds GSO packets.
        burst = 64 if rate >= 1e7 else 1
        while not os.path.exists(stop):
            data = b"".join(next(chunks) for _ in range(burst))
            conn.sendall(data)
            h.update(data)
            n += len(data)
            ahead = n / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(1)                                       # wait for the peer's close
    conn.close()
    with open(result, "w") as f:
        json.dump({"bytes": n, "sha256": h.hexdigest()}, f)


if __name__ == "__main__":
    main(sys.argv)
