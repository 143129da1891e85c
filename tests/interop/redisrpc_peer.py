#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""RedisRPC peers written from the protocol's description, not from
Redactor's code, with Debian's python3-redis. Each builds the exact bytes of
one reference implementation (Python, Ruby or PHP) and behaves like it,
without evaluating anything it reads.

  redisrpc_peer.py --port P client --style S [--queue calc]
      the calculator check against a server on the queue: clr, add 5, sub 3,
      mul 4, div 2, val() == 4, missing_method() raises, the style's keyword
      call, a timeout on an unserved queue. Exit 0 when all hold.
  redisrpc_peer.py --port P server --style S [--queue calc]
      the calculator served the style's way until SIGTERM.
  redisrpc_peer.py --port P jsonrpc [--queue calc:jsonrpc]
      JSON-RPC 2.0 calls in FastStream frames with a Pub/Sub reply_to:
      results, a batch, a notification and each standard error code.
Add --cluster for a Redis Cluster (the port is a seed node's).
"""
import argparse
import json
import os
import random
import signal
import string
import sys
import uuid

import redis
from redis.cluster import RedisCluster

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faststream_peer import faststream_encode, spec_decode  # noqa: E402

ALPHABETS = {
    "python": string.ascii_uppercase + string.digits,
    "ruby": string.digits + string.ascii_uppercase,
    "php": string.ascii_letters + string.digits,
}


class RemoteException(Exception):
    pass


class TimeoutException(Exception):
    pass


def php_json(value):
    """json_encode with no flags: compact, "/" escaped, \\u escapes, and a
    float without a fraction printed as an integer."""
    def fix(v):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        return v
    return json.dumps(fix(value), separators=(",", ":")).replace("/", "\\/")


def encode(style, value):
    if style == "python":
        return json.dumps(value)
    if style == "ruby":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return php_json(value)


class Client:
    def __init__(self, r, queue, style, timeout=5):
        self.r, self.queue, self.style, self.timeout = r, queue, style, timeout

    def call(self, name, *args, **kwargs):
        fc = {"name": name}
        if self.style == "python":
            if args:
                fc["args"] = list(args)
            if kwargs:
                fc["kwargs"] = kwargs
        elif self.style == "ruby":
            fc["args"] = list(args) + ([kwargs] if kwargs else [])
        else:  # php 8: named arguments make args an object
            if kwargs:
                named = {str(i): a for i, a in enumerate(args)}
                named.update(kwargs)
                fc["args"] = named
            elif args:
                fc["args"] = list(args)
        suffix = "".join(random.choice(ALPHABETS[self.style]) for _ in range(8))
        response_queue = "%s:rpc:%s" % (self.queue, suffix)
        request = encode(self.style, {"function_call": fc,
                                      "response_queue": response_queue})
        self.r.rpush(self.queue, request)
        popped = self.r.blpop(response_queue, self.timeout)
        if popped is None:
            if self.style == "ruby":
                self.r.lrem(self.queue, 0, request)
            raise TimeoutException()
        response = json.loads(popped[1])
        if self.style == "ruby":
            failed = "exception" in response
        else:
            failed = response.get("exception") is not None
        if failed:
            raise RemoteException(response["exception"])
        if "return_value" not in response:
            raise RemoteException("Malformed RPC Response message")
        return response["return_value"]


def run_client(r, queue, style):
    failures = []
    c = Client(r, queue, style)
    try:
        for name, args in [("clr", ()), ("add", (5,)), ("sub", (3,)),
                           ("mul", (4,)), ("div", (2,))]:
            c.call(name, *args)
        if c.call("val") != 4:
            failures.append("val() != 4")
        c.call("clr")
        if c.call("add", number=1) != 1:  # Python kwargs, Ruby/PHP named
            failures.append("add(number=1) != 1")
    except Exception as e:  # noqa: BLE001 - report whatever went wrong
        failures.append("core: %r" % e)
    try:
        c.call("missing_method")
        failures.append("missing_method() did not raise")
    except RemoteException as e:
        print("missing_method raised: %s" % e)
    try:
        Client(r, queue + ":unserved", style, timeout=1).call("val")
        failures.append("no timeout on an unserved queue")
    except TimeoutException:
        pass
    for f in failures:
        print("FAIL (%s client): %s" % (style, f))
    print("%s client: %s" % (style, "FAIL" if failures else "OK"))
    return 1 if failures else 0


class Calculator:
    def __init__(self):
        self.acc = 0.0

    def clr(self):
        self.acc = 0.0
        return self.acc

    def add(self, number):
        self.acc += number
        return self.acc

    def sub(self, number):
        self.acc -= number
        return self.acc

    def mul(self, number):
        self.acc *= number
        return self.acc

    def div(self, number):
        self.acc /= number
        return self.acc

    def val(self):
        return self.acc


METHODS = ("clr", "add", "sub", "mul", "div", "val")


def run_server(r, queue, style):
    calc = Calculator()
    # At once, even inside a blocking read (RedisCluster's retry wrapper
    # would report a SystemExit raised there).
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if style != "ruby":  # Ruby's run does not DEL
        r.delete(queue)
    print("serving", flush=True)
    while True:
        _, raw = r.blpop(queue, 0)
        try:
            request = json.loads(raw)
            fc = request["function_call"]
            response_queue = request["response_queue"]
        except (ValueError, KeyError, TypeError):
            continue
        try:
            if fc["name"] not in METHODS:
                raise AttributeError(
                    "'Calculator' object has no attribute '%s'" % fc["name"])
            args = fc.get("args", [])
            kwargs = fc.get("kwargs", {})
            if isinstance(args, dict):
                args = []
            result = {"return_value": getattr(calc, fc["name"])(*args, **kwargs)}
        except Exception as e:  # noqa: BLE001 - the reference servers do
            result = {"exception": repr(e)}
            if style == "ruby":
                result = {"exception": str(e), "backtrace": ["redisrpc.rb:116"]}
        text = encode(style, result)
        if style == "ruby":
            # MULTI; on a cluster a plain pipeline (one key, one node).
            pipe = r.pipeline(transaction=not isinstance(r, RedisCluster))
            pipe.rpush(response_queue, text)
            pipe.expire(response_queue, 1)
            pipe.execute()
        else:
            r.rpush(response_queue, text)


def run_jsonrpc(r, queue):
    inbox = "".join(random.choice(string.ascii_letters + string.digits)
                    for _ in range(22))  # a FastStream-style inbox name
    sub = r.pubsub()
    sub.subscribe(inbox)
    sub.get_message(timeout=2)  # the confirmation
    failures = []

    def call(body):
        cid = str(uuid.uuid4())
        frame = faststream_encode(body.encode(), [
            ("correlation_id", cid), ("content-type", "application/json"),
            ("reply_to", inbox)])
        r.rpush(queue, frame)
        msg = sub.get_message(timeout=5)
        if msg is None:
            return None
        headers, reply = spec_decode(msg["data"])
        if dict(headers).get("correlation_id") != cid:
            failures.append("reply without the request's correlation_id")
        if "reply_to" in dict(headers):
            failures.append("reply carries reply_to")
        return json.loads(reply) if reply else None

    def expect(body, want):
        got = call(body)
        if got != want:
            failures.append("%s -> %r, want %r" % (body, got, want))

    expect('{"jsonrpc": "2.0", "id": 1, "method": "clr"}',
           {"jsonrpc": "2.0", "result": 0.0, "id": 1})
    expect('{"jsonrpc": "2.0", "id": 2, "method": "add", "params": [5]}',
           {"jsonrpc": "2.0", "result": 5.0, "id": 2})
    expect('{"jsonrpc": "2.0", "id": "m", "method": "mul", '
           '"params": {"number": 2}}',
           {"jsonrpc": "2.0", "result": 10.0, "id": "m"})
    expect('[{"jsonrpc": "2.0", "id": 3, "method": "val"}, '
           '{"jsonrpc": "2.0", "method": "clr"}]',
           [{"jsonrpc": "2.0", "result": 10.0, "id": 3}])
    expect('{"jsonrpc": "2.0", "method": "add", "params": [1]}', None)
    for body, code in [
            ("{bad json", -32700),
            ('{"jsonrpc": "2.0", "id": 4}', -32600),
            ('{"jsonrpc": "2.0", "id": 5, "method": "pow"}', -32601),
            ('{"jsonrpc": "2.0", "id": 6, "method": "add", "params": []}',
             -32602),
            ('{"jsonrpc": "2.0", "id": 7, "method": "div", "params": [0]}',
             -32000)]:
        got = call(body) or {}
        if got.get("error", {}).get("code") != code:
            failures.append("%s -> %r, want code %d" % (body, got, code))
    for f in failures:
        print("FAIL (jsonrpc): %s" % f)
    print("jsonrpc client: %s" % ("FAIL" if failures else "OK"))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("mode", choices=["client", "server", "jsonrpc"])
    parser.add_argument("--style", choices=sorted(ALPHABETS), default="python")
    parser.add_argument("--queue")
    parser.add_argument("--tls-ca", help="TLS, trusting this CA (PEM)")
    parser.add_argument("--cluster", action="store_true",
                        help="a Redis Cluster, through RedisCluster")
    args = parser.parse_args()
    tls = {"ssl": True, "ssl_ca_certs": args.tls_ca} if args.tls_ca else {}
    client = RedisCluster if args.cluster else redis.Redis
    r = client(host="127.0.0.1", port=args.port, **tls)
    if args.mode == "client":
        return run_client(r, args.queue or "calc", args.style)
    if args.mode == "server":
        return run_server(r, args.queue or "calc", args.style)
    return run_jsonrpc(r, args.queue or "calc:jsonrpc")


if __name__ == "__main__":
    sys.exit(main())
