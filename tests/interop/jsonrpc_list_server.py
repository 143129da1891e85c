#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A server of the JSON-RPC 2.0 list convention, written from the
convention (not from Redactor's code) with Debian's python3-redis: BRPOPs
bare requests from the list and RPUSHes each response onto the list named
by the request's id, with an EXPIRE.

  jsonrpc_list_server.py --port P [--list calc:jsonrpc]

Serves the calculator (clr, add, sub, mul, div, val; parameters by position
or by name), batches and notifications, until SIGTERM. Prints "serving"
once it reads.
"""
import argparse
import json
import os
import signal
import sys

import redis

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from redisrpc_peer import Calculator  # noqa: E402 - the seeds' calculator

STANDARD = {-32700: "Parse error", -32600: "Invalid Request",
            -32601: "Method not found", -32602: "Invalid params"}


def error(code, id_, message=None):
    return {"jsonrpc": "2.0", "id": id_,
            "error": {"code": code, "message": message or STANDARD[code]}}


def run_one(calc, req):
    """The response to one request object; None for a notification."""
    if not isinstance(req, dict) or req.get("jsonrpc") != "2.0" \
            or not isinstance(req.get("method"), str):
        return error(-32600, req.get("id") if isinstance(req, dict) else None)
    fn = getattr(calc, req["method"], None)
    if fn is None or req["method"].startswith("_"):
        response = error(-32601, req.get("id"))
    else:
        params = req.get("params", [])
        try:
            if isinstance(params, dict):
                value = fn(**params)
            else:
                value = fn(*params)
            response = {"jsonrpc": "2.0", "result": value, "id": req.get("id")}
        except TypeError as e:
            response = error(-32602, req.get("id"), "Invalid params: %s" % e)
        except Exception as e:  # noqa: BLE001 - the method's own failure
            response = error(-32000, req.get("id"), str(e))
    return response if "id" in req else None


def answer(calc, text):
    """(reply list, response text), or None when nothing is owed."""
    try:
        doc = json.loads(text)
    except ValueError:
        return None  # no id to answer to
    if isinstance(doc, list):
        if not doc:
            return None
        responses = [r for r in (run_one(calc, q) for q in doc) if r]
        if not responses:
            return None
        return str(responses[0]["id"]), json.dumps(responses)
    response = run_one(calc, doc)
    if response is None or response["id"] is None:
        return None
    return str(response["id"]), json.dumps(response)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--list", default="calc:jsonrpc")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    r = redis.Redis(port=args.port)
    calc = Calculator()
    print("serving JSON-RPC on list", args.list, flush=True)
    while True:
        popped = r.brpop(args.list, timeout=1)
        if not popped:
            continue
        owed = answer(calc, popped[1])
        if owed:
            reply_to, text = owed
            r.rpush(reply_to, text)
            r.expire(reply_to, 30)


if __name__ == "__main__":
    main()
