#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A FastStream 0.7.4 peer written from the wire format's description
(BinaryMessageFormatV1), not from Redactor's code, with Debian's
python3-redis. It checks the frames Redactor wrote and writes frames the way
FastStream does, for the C++ side to check.

  faststream_peer.py --port P check   decode interop:cpp, compare with
                                      interop:cpp:expect
  faststream_peer.py --port P write   RPUSH FastStream-style payloads to
                                      interop:py, meanings to interop:py:expect
  faststream_peer.py --port P check-stream --channel S
                                      reads stream S as a FastStream
                                      StreamSub(group=...) does (XREADGROUP,
                                      XACK), compares the bodies with the
                                      list S:expect
  faststream_peer.py --port P write-stream --channel S --count N
                                      XADDs N frames to stream S as a
                                      FastStream stream publisher does
                                      (field __data__), bodies "entry <i>",
                                      correlation ids "py-stream-<i>"
  faststream_peer.py --port P request --channel C --count N
                                      FastStream RPC: N requests to channel C,
                                      each answer checked ("echo:<body>")
  faststream_peer.py --port P serve --channel C --count N
                                      answers N requests on channel C as a
                                      FastStream handler does ("pong:<body>");
                                      prints "ready" once subscribed. With
                                      --reply-correlation-id ID, answers as
                                      FastStream's documented
                                      Response(correlation_id=ID,
                                      headers={"x-responder": "faststream"})
Add --tls-ca FILE to speak TLS (ssl=True), trusting that CA, and --cluster
to talk to a Redis Cluster through redis.cluster.RedisCluster, as
FastStream's RedisClusterBroker does (the port is a seed node's).
"""
import argparse
import json
import struct
import sys
import uuid

import redis
from redis.cluster import RedisCluster

MAGIC = b"\x89BIN\r\n\x1a\n"


def faststream_encode(body, headers, char_lengths=False):
    """BinaryMessageFormatV1.encode. With char_lengths, header lengths are
    len(str) as FastStream 0.7.4 writes them (wrong for non-ASCII)."""
    block = bytearray()
    for key, value in headers:
        for text in (key, value):
            raw = text.encode()
            block += struct.pack(">H", len(text) if char_lengths else len(raw))
            block += raw
    headers_start = 18
    data_start = headers_start + 2 + len(block)
    return (MAGIC + struct.pack(">HII", 1, headers_start, data_start)
            + struct.pack(">H", len(headers)) + bytes(block) + body)


def spec_decode(frame):
    """Reads a frame strictly by the spec: byte lengths, bounds checked."""
    if frame[:8] != MAGIC:
        raise ValueError("magic missing")
    version, headers_start, data_start = struct.unpack(">HII", frame[8:18])
    if version != 1:
        raise ValueError("version %d" % version)
    (count,) = struct.unpack(">H", frame[headers_start:headers_start + 2])
    pos, headers = headers_start + 2, []
    for _ in range(count):
        pair = []
        for _ in range(2):
            (n,) = struct.unpack(">H", frame[pos:pos + 2])
            if pos + 2 + n > len(frame):
                raise ValueError("length past the end")
            pair.append(frame[pos + 2:pos + 2 + n].decode())
            pos += 2 + n
        headers.append(pair)
    if pos != data_start:
        raise ValueError("data_start %d, headers end at %d" % (data_start, pos))
    return headers, frame[data_start:]


def check(r):
    frames = r.lrange("interop:cpp", 0, -1)
    expects = r.lrange("interop:cpp:expect", 0, -1)
    if not frames or len(frames) != len(expects):
        print("expected matching non-empty lists, got %d frames and %d "
              "expectations" % (len(frames), len(expects)))
        return 1
    failures = 0
    for frame, expect in zip(frames, expects):
        want = json.loads(expect)
        headers, body = spec_decode(frame)
        if headers != want["headers"] or body.hex() != want["body_hex"]:
            print("mismatch: got %r %r, want %r" % (headers, body, want))
            failures += 1
    print("checked %d frames from Redactor, %d failed" % (len(frames), failures))
    return 1 if failures else 0


def check_stream(r, stream):
    try:
        r.xgroup_create(stream, "faststream", id="0", mkstream=True)
    except redis.ResponseError:
        pass  # BUSYGROUP: made before
    read = r.xreadgroup("faststream", "fs-1", {stream: ">"}, count=1000)
    entries = read[0][1] if read else []
    want = [w.decode() for w in r.lrange(stream + ":expect", 0, -1)]
    got = []
    for entry_id, fields in entries:
        headers, body = spec_decode(fields[b"__data__"])
        if not dict(headers).get("correlation_id"):
            print("entry %s has no correlation_id" % entry_id)
            return 1
        got.append(body.decode())
        r.xack(stream, "faststream", entry_id)
    print("read %d entries from Redactor" % len(got))
    if not want or got != want:
        print("got %r, want %r" % (got, want))
        return 1
    return 0


def write_stream(r, stream, count):
    for i in range(count):
        headers = [("correlation_id", "py-stream-%d" % i),
                   ("content-type", "text/plain")]
        r.xadd(stream, {"__data__": faststream_encode(
            ("entry %d" % i).encode(), headers)})
    print("added %d entries" % count)
    return 0


def write(r):
    def push(payload, meaning):
        r.rpush("interop:py", payload)
        r.rpush("interop:py:expect", json.dumps(meaning))

    def frame_case(body, content_type, reply_to, user, char_lengths=False):
        # MessageFormat.build: correlation_id, content-type, reply_to, user.
        headers = {"correlation_id": "py-cid"}
        if content_type:
            headers["content-type"] = content_type
        if reply_to:
            headers["reply_to"] = reply_to
        headers.update(user)
        push(faststream_encode(body, list(headers.items()), char_lengths),
             {"format": "binary_v1", "headers": list(headers.items()),
              "body_hex": body.hex(), "correlation_id": headers["correlation_id"],
              "reply_to": reply_to})

    frame_case("hi".encode(), "text/plain", "inbox-1", {"x-h": "v"})
    frame_case(json.dumps({"n": 1}).encode(), "application/json", "", {})
    frame_case(b"\x00\xffraw", "", "", {})
    frame_case(b"", "", "", {"correlation_id": "overridden"})
    # Non-ASCII header values exactly as FastStream 0.7.4 writes them.
    frame_case("body".encode(), "text/plain", "", {"name": "Zoë", "city": "Łódź"},
               char_lengths=True)
    push(json.dumps({"data": "legacy", "headers": {"correlation_id": "old",
                                                   "reply_to": "r"}}),
         {"format": "json_envelope", "headers": [["correlation_id", "old"],
                                                  ["reply_to", "r"]],
          "body_hex": b"legacy".hex(), "correlation_id": "old",
          "reply_to": "r"})
    push(b'{"id": 1}', {"format": "raw", "headers": [],
                        "body_hex": b'{"id": 1}'.hex(), "reply_to": ""})
    print("wrote %d payloads" % r.llen("interop:py"))
    return 0


def request(r, channel, count):
    """FastStream's request(): a fresh reply channel, subscribed before the
    request goes out; the answer is whatever comes back on it."""
    inbox = uuid.uuid4().hex
    sub = r.pubsub()
    sub.subscribe(inbox)
    sub.get_message(timeout=5)  # the subscribe confirmation
    failures = 0
    for i in range(count):
        cid = "fs-%d" % i
        body = "ping%d" % i
        r.publish(channel, faststream_encode(body.encode(), [
            ("correlation_id", cid), ("content-type", "text/plain"),
            ("reply_to", inbox)]))
        msg = sub.get_message(timeout=5)
        if msg is None or msg["type"] != "message":
            print("no answer to request %d" % i)
            failures += 1
            continue
        headers, answer = spec_decode(msg["data"])
        if dict(headers).get("correlation_id") != cid or \
                answer != ("echo:" + body).encode():
            print("bad answer to %d: %r %r" % (i, headers, answer))
            failures += 1
    print("%d requests answered, %d failed" % (count - failures, failures))
    return 1 if failures else 0


def serve(r, channel, count, reply_correlation_id=None):
    """A FastStream handler's answer: PUBLISH reply_to, correlation_id kept
    unless the handler's Response sets its own."""
    sub = r.pubsub()
    sub.subscribe(channel)
    sub.get_message(timeout=5)
    print("ready", flush=True)
    served = 0
    while served < count:
        msg = sub.get_message(timeout=10)
        if msg is None:
            print("only %d of %d requests came" % (served, count))
            return 1
        if msg["type"] != "message":
            continue
        headers, body = spec_decode(msg["data"])
        headers = dict(headers)
        answer = [("correlation_id",
                   reply_correlation_id or headers["correlation_id"]),
                  ("content-type", "text/plain")]
        if reply_correlation_id:
            answer.append(("x-responder", "faststream"))
        r.publish(headers["reply_to"],
                  faststream_encode(b"pong:" + body, answer))
        served += 1
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("mode", choices=["check", "write", "check-stream",
                                         "write-stream", "request", "serve"])
    parser.add_argument("--channel")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--reply-correlation-id")
    parser.add_argument("--tls-ca", help="TLS, trusting this CA (PEM)")
    parser.add_argument("--cluster", action="store_true")
    args = parser.parse_args()
    tls = {"ssl": True, "ssl_ca_certs": args.tls_ca} if args.tls_ca else {}
    client = RedisCluster if args.cluster else redis.Redis
    r = client(host="127.0.0.1", port=args.port, **tls)
    if args.mode == "request":
        return request(r, args.channel, args.count)
    if args.mode == "serve":
        return serve(r, args.channel, args.count, args.reply_correlation_id)
    if args.mode == "check-stream":
        return check_stream(r, args.channel)
    if args.mode == "write-stream":
        return write_stream(r, args.channel, args.count)
    return check(r) if args.mode == "check" else write(r)


if __name__ == "__main__":
    sys.exit(main())
