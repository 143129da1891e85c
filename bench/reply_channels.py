#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What the RPC reply design costs Redis, measured on a private
redis-server (persistence off) with redis-benchmark and python3-redis.

Every PUBLISH on a server pays for the patterns subscribed there (Redis
matches each channel against every pattern) but not for exact channels (one
hash lookup). This compares a server's PUBLISH rate on an unrelated channel
(redis-benchmark -c 50 -P 32, medians of 3 with ranges) with:
  - no requesters,
  - 1 and 1,000 requester processes each holding a PSUBSCRIBE pattern
    (one inbox pattern per process: the design Redactor did not take),
  - 1 and 1,000 requester processes each holding 64 exact reply channels
    (one channel per request in flight: what Redactor does),
and what one reply channel's SUBSCRIBE plus UNSUBSCRIBE costs Redis, from
INFO commandstats, beside one PUBLISH. Each row has a fresh server: Redis
7.0 keeps the table its patterns grew, and scans it on every PUBLISH even
after they are gone, so a row measured after the pattern rows is slowed by
them.

  bench/reply_channels.py [--requesters 1000] [--channels 64]
"""
import argparse
import socket
import statistics
import subprocess
import time
import uuid

import redis


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resp(args):
    out = "*%d\r\n" % len(args)
    for a in args:
        out += "$%d\r\n%s\r\n" % (len(a.encode()), a)
    return out.encode()


class Server:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--maxclients", "10000"],
            stdout=subprocess.DEVNULL)
        self.r = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                self.r.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def publish_rate(port):
    """PUBLISH/s on a channel nobody reads: median, min, max of 3 runs."""
    rates = []
    for _ in range(3):
        out = subprocess.run(
            ["redis-benchmark", "-p", str(port), "-q", "-n", "300000",
             "-c", "50", "-P", "32", "PUBLISH", "app:events", "x" * 100],
            capture_output=True, text=True, check=True).stdout
        line = [l for l in out.replace("\r", "\n").split("\n")
                if "requests per second" in l][-1]
        rates.append(float(line.split(" requests per second")[0]
                           .split(":")[-1]))
    return statistics.median(rates), min(rates), max(rates)


def hold(port, n, command):
    """n connections, each having sent command(i); closed by the caller."""
    conns = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(resp(command(i)))
        conns.append(s)
    time.sleep(1)
    return conns


def subscription_cost(server, channels=32, rounds=300):
    """Redis CPU per reply channel (SUBSCRIBE + UNSUBSCRIBE) and per
    PUBLISH, in microseconds, from INFO commandstats."""
    server.r.config_resetstat()
    s = socket.create_connection(("127.0.0.1", server.port))
    f = s.makefile("rb")
    for _ in range(rounds):
        names = ["redactor:inbox:%s.%d" % (uuid.uuid4(), k)
                 for k in range(channels)]
        s.sendall(resp(["SUBSCRIBE"] + names) + resp(["UNSUBSCRIBE"] + names))
        for _ in range(2 * channels * 4):  # 2 x channels replies, 4 lines
            f.readline()
    s.close()
    for _ in range(rounds * channels):
        server.r.publish("app:events", "x" * 100)
    stats = server.r.info("commandstats")
    usec = {c: stats["cmdstat_" + c]["usec"] for c in
            ("subscribe", "unsubscribe", "publish")}
    per_channel = (usec["subscribe"] + usec["unsubscribe"]) / (rounds *
                                                               channels)
    return per_channel, usec["publish"] / (rounds * channels)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requesters", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=64)
    args = parser.parse_args()
    def row(name, n, command):
        server = Server()
        try:
            conns = hold(server.port, n, command) if n else []
            rate = publish_rate(server.port)
            for c in conns:
                c.close()
            return name, rate
        finally:
            server.stop()

    def pattern(i):
        return ["PSUBSCRIBE", "redactor:inbox:%s.*" % uuid.uuid4()]

    def channels(i):
        return ["SUBSCRIBE"] + ["redactor:inbox:%s.%d" % (uuid.uuid4(), k)
                                for k in range(args.channels)]

    rows = [row("no requesters", 0, None)]
    for n in (1, args.requesters):
        rows.append(row("%d requester(s), a pattern each" % n, n, pattern))
        rows.append(row("%d requester(s), %d reply channels each" %
                        (n, args.channels), n, channels))
    base = rows[0][1][0]
    print("PUBLISH/s on an unrelated channel (median of 3, range):")
    for name, (median, low, high) in rows:
        print("  %-42s %10.0f  (%.0f-%.0f)  %.2fx" %
              (name, median, low, high, median / base))
    server = Server()
    try:
        per_channel, per_publish = subscription_cost(server)
    finally:
        server.stop()
    print("Redis CPU per reply channel (SUBSCRIBE + UNSUBSCRIBE, 32 per "
          "command): %.2f us; per PUBLISH: %.2f us" %
          (per_channel, per_publish))


if __name__ == "__main__":
    main()
