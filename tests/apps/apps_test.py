#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The programs in apps/ from the outside, against a private redis-server on
a free loopback port (persistence off): the calculator service and client
with the foreign RedisRPC and JSON-RPC peers, and the redactor CLI's
behaviour and exit codes.

  apps_test.py [unittest arguments]   REDACTOR_APPS_DIR=<build>/apps
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import redis

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "..", "interop", "redisrpc_peer.py")
JSONRPC_CLIENT = os.path.join(HERE, "..", "interop", "jsonrpc_list_client.rb")
JSONRPC_SERVER = os.path.join(HERE, "..", "interop", "jsonrpc_list_server.py")
PKI = os.path.join(HERE, "..", "..", "deploy", "tls", "make-certs.sh")
APPS = os.environ.get("REDACTOR_APPS_DIR", "")


def app(name):
    return os.path.join(APPS, name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port, *extra):
    """redis-server on loopback `port`, persistence off, once it answers
    PING there."""
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", *extra],
        stdout=subprocess.DEVNULL)
    r = redis.Redis(port=port)
    for _ in range(100):
        try:
            r.ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


def ipv6_loopback_works():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class RedisCase(unittest.TestCase):
    """A redis-server of its own for each test class."""

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.redis_proc = start_redis(cls.port)
        cls.url = "redis://127.0.0.1:%d" % cls.port
        cls.r = redis.Redis(port=cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.redis_proc.terminate()
        cls.redis_proc.wait()

    def setUp(self):
        self.r.flushall()
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            p.terminate()
            p.wait(timeout=10)
            if p.stdout:
                p.stdout.close()

    def background(self, args, wait_for=None):
        """Starts a process; with wait_for, until that text is printed."""
        p = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        self.procs.append(p)
        if wait_for:
            line = p.stdout.readline()
            self.assertIn(wait_for, line)
        return p

    def until(self, predicate, what):
        for _ in range(200):
            if predicate():
                return
            time.sleep(0.025)
        self.fail("timed out waiting for " + what)

    def scratch(self):
        """A directory removed after the test."""
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        return d

    def run_app(self, *args, timeout=30):
        return subprocess.run(list(args), capture_output=True, text=True,
                              timeout=timeout)

    def peer(self, *args):
        return self.run_app(sys.executable, PEER, "--port", str(self.port),
                            *args)


class CalculatorInterop(RedisCase):
    def start_server(self):
        self.background([app("redactor-calc-server"), "--url", self.url],
                        wait_for="serving")

    def test_reference_clients_against_our_server(self):
        self.start_server()
        for style in ("python", "ruby", "php"):
            out = self.peer("client", "--style", style)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_our_client_against_reference_servers(self):
        for style in ("python", "ruby", "php"):
            queue = "calc-" + style
            self.background([sys.executable, PEER, "--port", str(self.port),
                             "server", "--style", style, "--queue", queue],
                            wait_for="serving")
            out = self.run_app(app("redactor-calc-client"), "--url", self.url,
                               "--queue", queue)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertIn("val() = 4", out.stdout)
            self.assertIn("missing_method() raised", out.stdout)

    def test_our_client_and_server(self):
        self.start_server()
        out = self.run_app(app("redactor-calc-client"), "--url", self.url)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_client_without_a_server_times_out(self):
        out = self.run_app(app("redactor-calc-client"), "--url", self.url,
                           "--timeout", "300ms")
        self.assertEqual(out.returncode, 3, out.stdout + out.stderr)

    def test_jsonrpc_peer_against_our_server(self):
        self.start_server()
        out = self.peer("jsonrpc")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_ruby_jsonrpc_list_client_against_our_server(self):
        # Bare JSON-RPC on the same list as the FastStream-framed calls.
        self.start_server()
        ruby = shutil.which("ruby")
        self.assertIsNotNone(ruby, "ruby (ruby-redis) is not installed")
        out = self.run_app(ruby, JSONRPC_CLIENT, "--port", str(self.port))
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("ok: a batch is answered", out.stdout)

    def test_our_jsonrpc_client_against_a_python_list_server(self):
        self.background([sys.executable, JSONRPC_SERVER, "--port",
                         str(self.port), "--list", "py:jsonrpc"],
                        wait_for="serving")
        out = self.run_app(app("redactor-calc-client"), "--url", self.url,
                           "--queue", "py", "--jsonrpc")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("val() = 4", out.stdout)
        self.assertIn("Method not found (-32601)", out.stdout)

    def test_cli_request_against_the_jsonrpc_service(self):
        self.start_server()
        out = self.run_app(app("redactor"), "request", "--url", self.url,
                           "--list", "calc:jsonrpc", "--json",
                           '{"jsonrpc":"2.0","id":1,"method":"add",'
                           '"params":[2]}')
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["result"], 2.0)
        # One number style everywhere, as the server wrote it (not 2E0).
        self.assertIn('"result":2.0', out.stdout)


class OverTls(unittest.TestCase):
    """The programs and the foreign RedisRPC peers (python3-redis with
    ssl=True) over redis-server's TLS port, with certificates made now."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        subprocess.run(["bash", PKI, cls.dir], check=True,
                       capture_output=True)
        cls.ca = os.path.join(cls.dir, "ca.crt")
        cls.port, cls.tls_port = free_port(), free_port()
        cls.redis_proc = start_redis(
            cls.port, "--tls-port", str(cls.tls_port),
            "--tls-cert-file", os.path.join(cls.dir, "server.crt"),
            "--tls-key-file", os.path.join(cls.dir, "server.key"),
            "--tls-ca-cert-file", cls.ca, "--tls-auth-clients", "no")
        cls.url = "rediss://127.0.0.1:%d" % cls.tls_port

    @classmethod
    def tearDownClass(cls):
        cls.redis_proc.terminate()
        cls.redis_proc.wait()
        shutil.rmtree(cls.dir)

    def run_app(self, *args):
        return subprocess.run(list(args), capture_output=True, text=True,
                              timeout=60)

    def peer(self, *args):
        return self.run_app(sys.executable, PEER, "--port", str(self.tls_port),
                            "--tls-ca", self.ca, *args)

    def test_foreign_clients_call_our_server_over_tls(self):
        server = subprocess.Popen(
            [app("redactor-calc-server"), "--url", self.url, "--cacert",
             self.ca, "--queue", "tls-calc"], stdout=subprocess.PIPE,
            text=True)
        try:
            self.assertIn("serving", server.stdout.readline())
            out = self.peer("client", "--style", "python", "--queue",
                            "tls-calc")
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stdout.close()

    def test_our_client_calls_a_foreign_server_over_tls(self):
        server = subprocess.Popen(
            [sys.executable, PEER, "--port", str(self.tls_port), "--tls-ca",
             self.ca, "server", "--style", "ruby", "--queue", "tls-ruby"],
            stdout=subprocess.PIPE, text=True)
        try:
            self.assertIn("serving", server.stdout.readline())
            out = self.run_app(app("redactor-calc-client"), "--url", self.url,
                               "--cacert", self.ca, "--queue", "tls-ruby")
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertIn("val() = 4", out.stdout)
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stdout.close()

    def test_an_untrusted_server_is_refused_with_advice(self):
        out = self.run_app(app("redactor"), "publish", "--url", self.url,
                           "--list", "l", "x")
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("not signed by a trusted CA", out.stderr)
        out = self.run_app(app("redactor"), "publish", "--url", self.url,
                           "--insecure", "--list", "l", "x")
        self.assertEqual(out.returncode, 0, out.stderr)


class Cli(RedisCase):
    def cli(self, *args, timeout=30):
        return self.run_app(app("redactor"), *args, timeout=timeout)

    def test_every_program_tells_its_version(self):
        for program in ("redactor", "redactor-calc-server",
                        "redactor-calc-client"):
            out = self.run_app(app(program), "--version")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertRegex(out.stdout, r"^%s \d+\.\d+\.\d+\n$" % program)

    def test_usage_errors_exit_2_with_a_usage_message(self):
        for args in [(), ("frobnicate",), ("publish", "x"),
                     ("publish", "--list", "a", "--channel", "b", "x"),
                     ("publish", "--list", "a", "--timeout", "2x", "x"),
                     ("publish", "--list", "a", "--header", "novalue", "x"),
                     ("subscribe", "--list", "a", "--group", "g"),
                     ("subscribe", "--stream", "s", "--group", "g"),
                     ("reply", "--list", "a"),
                     ("request", "--list", "a", "--count", "x", "y"),
                     ("publish", "--list", "a", "--group", "g", "x"),
                     ("subscribe", "--list", "a", "--maxlen", "3"),
                     ("subscribe", "--list", "a", "--from", "0"),
                     ("publish", "--stream", "s", "--maxlen-exact", "x"),
                     ("subscribe", "--list", "a", "--metrics", "nowhere")]:
            out = self.cli(*args)
            self.assertEqual(out.returncode, 2, "%s: %s" % (args, out.stderr))
            self.assertTrue(out.stderr, args)

    def test_metrics_on_a_taken_port_is_a_clear_error(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            address = "127.0.0.1:%d" % taken.getsockname()[1]
            out = self.cli("subscribe", "--url", self.url, "--channel", "c",
                           "--metrics", address)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn('cannot listen on "%s"' % address, out.stderr)
            out = self.run_app(app("redactor-calc-server"), "--url", self.url,
                               "--metrics", address)
            self.assertEqual(out.returncode, 1, out.stderr)
            self.assertIn("Address already in use", out.stderr)

    def test_unreachable_redis_exits_1(self):
        out = self.cli("publish", "--url", "redis://127.0.0.1:1", "--list",
                       "a", "x")
        self.assertEqual(out.returncode, 1)
        self.assertIn("cannot connect", out.stderr)

    def test_the_url_comes_from_redis_url_and_the_password_from_a_file(self):
        secret = "s3cret-Pw"
        self.r.config_set("requirepass", secret)
        try:
            env = dict(os.environ, REDIS_URL=self.url)
            with open(os.path.join(self.scratch(), "pw"), "w") as f:
                f.write(secret + "\n")
            out = subprocess.run(
                [app("redactor"), "publish", "--list", "l",
                 "--password-file", f.name, "x"],
                env=env, capture_output=True, text=True, timeout=30)
            self.assertEqual(out.returncode, 0, out.stderr)
            out = subprocess.run([app("redactor"), "publish", "--list", "l",
                                  "x"], env=env, capture_output=True,
                                 text=True, timeout=30)
            self.assertEqual(out.returncode, 1, out.stderr)
        finally:
            redis.Redis(port=self.port, password=secret).config_set(
                "requirepass", "")
        self.assertEqual(self.r.llen("l"), 1)

    def test_errors_never_print_the_password(self):
        for url in ("redis://app:s3cret-Pw@127.0.0.1:notaport",
                    "redis://app:s3cret-Pw@127.0.0.1:1"):
            for program in (["redactor", "publish", "--list", "l", "x"],
                            ["redactor-calc-client", "--timeout", "1s"]):
                out = self.run_app(app(program[0]), *program[1:], "--url",
                                   url)
                self.assertIn(out.returncode, (1, 2), out.stderr)
                self.assertNotIn("s3cret", out.stdout + out.stderr)
                self.assertIn("app:***@", out.stderr)

    def test_request_without_a_responder_exits_3(self):
        out = self.cli("request", "--url", self.url, "--list", "nobody",
                       "--timeout", "200ms", "x")
        self.assertEqual(out.returncode, 3, out.stderr)

    def test_subscribe_count_not_reached_exits_3(self):
        out = self.cli("subscribe", "--url", self.url, "--channel", "c",
                       "--count", "1", "--timeout", "300ms")
        self.assertEqual(out.returncode, 3, out.stderr)

    def test_publish_to_each_kind(self):
        out = self.cli("publish", "--url", self.url, "--list", "l",
                       "--header", "k=v", "--correlation-id", "c-1", "hi")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.r.llen("l"), 1)
        out = self.cli("publish", "--url", self.url, "--stream", "s",
                       "--maxlen", "5", "hi")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("as entry", out.stdout)
        self.assertEqual(self.r.xlen("s"), 1)

    def test_subscribe_prints_json_lines(self):
        sub = self.background([app("redactor"), "subscribe", "--url",
                               self.url, "--list", "l", "--count", "2",
                               "--json"])
        self.cli("publish", "--url", self.url, "--list", "l", "--header",
                 "k=v", "--correlation-id", "c-1", "héllo")
        # Not UTF-8: the body comes as base64.
        self.r.rpush("l", b"\xff\xfe")
        out, _ = sub.communicate(timeout=10)
        self.assertEqual(sub.returncode, 0)
        lines = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(lines[0]["body"], "héllo")
        self.assertEqual(lines[0]["correlation_id"], "c-1")
        self.assertEqual(lines[0]["headers"]["k"], "v")
        self.assertEqual(base64.b64decode(lines[1]["body_base64"]),
                         b"\xff\xfe")

    def test_reply_echo_and_fixed_body_with_request(self):
        self.background([app("redactor"), "reply", "--url", self.url,
                         "--stream", "svc", "--group", "g", "--consumer",
                         "c", "--echo", "--count", "1"])
        # The group reads entries added after it was created.
        self.until(lambda: self.r.exists("svc") and self.r.xinfo_groups("svc"),
                   "the consumer group")
        out = self.cli("request", "--url", self.url, "--stream", "svc",
                       "--timeout", "5s", "--json", "ping")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout), "ping")
        self.background([app("redactor"), "reply", "--url", self.url,
                         "--channel", "svc2", "pong"])
        self.until(lambda: self.r.pubsub_numsub("svc2")[0][1] > 0,
                   "the channel subscription")
        out = self.cli("request", "--url", self.url, "--channel", "svc2",
                       "--correlation-id", "cid-9", "ping")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, "pong\n")
        out = self.cli("request", "--url", self.url, "--channel", "svc2",
                       "--correlation-id", "cid-9", "-v", "ping")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("pong", out.stdout)
        self.assertIn("cid-9", out.stdout)

    def test_typos_get_a_suggestion(self):
        for args, hint in [(("pubish", "x"), "did you mean 'publish'"),
                           (("publish", "--chanel", "c", "x"),
                            "did you mean '--channel'"),
                           (("subscribe", "--list", "a", "--jsn"),
                            "did you mean '--json'")]:
            out = self.cli(*args)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn(hint, out.stderr)

    def test_each_command_offers_only_its_own_flags(self):
        offered = {"publish": ["--raw", "--maxlen-exact", "--content-type"],
                   "subscribe": ["--from", "--count", "--metrics"],
                   "request": ["--verbose", "--correlation-id"],
                   "reply": ["--echo", "--from", "--content-type"]}
        foreign = {"publish": ["--group", "--count", "--metrics", "--from"],
                   "subscribe": ["--maxlen", "--correlation-id", "--raw",
                                 "--header"],
                   "request": ["--count", "--group", "--metrics", "--raw"],
                   "reply": ["--maxlen", "--raw", "--correlation-id"]}
        for command in offered:
            out = self.cli(command, "--help")
            self.assertEqual(out.returncode, 0, out.stderr)
            for flag in offered[command]:
                self.assertIn(flag, out.stdout, command)
            for flag in foreign[command]:
                self.assertNotRegex(out.stdout, flag + r"\b", command)

    def test_subscribe_says_when_it_listens(self):
        sub = subprocess.Popen(
            [app("redactor"), "subscribe", "--url", self.url, "--list", "l",
             "--count", "1"], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.procs.append(sub)
        self.assertIn('listening on list "l"', sub.stderr.readline())
        self.r.rpush("l", "x")
        self.assertEqual(sub.wait(timeout=10), 0)
        sub.stderr.close()

    def test_stream_reads_start_from_the_backlog(self):
        for i in range(3):
            self.r.xadd("s", {"__data__": "old-%d" % i})
        for extra in ([], ["--group", "g", "--consumer", "c"]):
            out = self.cli("subscribe", "--url", self.url, "--stream", "s",
                           "--from", "0", "--count", "3", "--timeout", "5s",
                           "--json", *extra)
            self.assertEqual(out.returncode, 0, out.stderr)
            bodies = [json.loads(l)["body"] for l in out.stdout.splitlines()]
            self.assertEqual(bodies, ["old-0", "old-1", "old-2"], extra)

    def test_a_closed_pipe_loses_no_list_item(self):
        # `| head -1`: the first item is printed; the one read after head
        # exited cannot be written and goes back to the list.
        sub = subprocess.Popen(
            [app("redactor"), "subscribe", "--url", self.url, "--list", "q",
             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.procs.append(sub)
        head = subprocess.Popen(["head", "-1"], stdin=sub.stdout,
                                stdout=subprocess.PIPE)
        sub.stdout.close()  # head holds the only read end
        self.assertIn(b"listening", sub.stderr.readline())
        self.r.rpush("q", "one")
        self.assertEqual(json.loads(head.stdout.read())["body"], "one")
        self.assertEqual(head.wait(timeout=10), 0)
        head.stdout.close()
        self.r.rpush("q", "two")
        self.assertEqual(sub.wait(timeout=10), 0)
        sub.stderr.close()
        self.assertEqual(self.r.lrange("q", 0, -1), [b"two"])

    def test_publish_reads_messages_from_stdin(self):
        lines = "".join("line %d\n" % i for i in range(500))
        out = subprocess.run(
            [app("redactor"), "publish", "--url", self.url, "--list", "l",
             "-"], input=lines, capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("published 500 messages", out.stdout)
        self.assertEqual(self.r.llen("l"), 500)
        out = subprocess.run(
            [app("redactor"), "publish", "--url", self.url, "--stream", "s",
             "--maxlen", "3", "--maxlen-exact", "--json", "-"],
            input=lines, capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        published = [json.loads(l) for l in out.stdout.splitlines()]
        self.assertEqual(len(published), 500)
        self.assertEqual(published[-1]["entry_id"],
                         self.r.xrevrange("s", count=1)[0][0].decode())
        self.assertEqual(self.r.xlen("s"), 3)

    def test_publish_raw_and_with_a_content_type(self):
        out = self.cli("publish", "--url", self.url, "--list", "plain",
                       "--raw", '{"x": 1}')
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.r.lpop("plain"), b'{"x": 1}')
        sub = self.background([app("redactor"), "subscribe", "--url",
                               self.url, "--list", "typed", "--count", "1",
                               "--json"])
        out = self.cli("publish", "--url", self.url, "--list", "typed",
                       "--content-type", "application/json", '{"x": 1}')
        self.assertEqual(out.returncode, 0, out.stderr)
        got = json.loads(sub.stdout.readline())
        self.assertEqual(got["headers"]["content-type"], "application/json")

    def test_errors_are_json_with_json(self):
        out = self.cli("request", "--url", self.url, "--list", "nobody",
                       "--timeout", "200ms", "--json", "x")
        self.assertEqual(out.returncode, 3, out.stderr)
        error = json.loads(out.stderr)
        self.assertIn("no reply", error["error"] + error["detail"])

    def test_metrics_take_any_interface(self):
        for listen, shown in [(":0", "http://0.0.0.0:"),
                              ("127.0.0.1:0", "http://127.0.0.1:")]:
            sub = subprocess.Popen(
                [app("redactor"), "subscribe", "--url", self.url, "--channel",
                 "c", "--metrics", listen], stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)
            self.procs.append(sub)
            sub.stderr.readline()  # listening
            self.assertIn(shown, sub.stderr.readline(), listen)
            sub.terminate()
            sub.wait(timeout=10)
            sub.stderr.close()

    @unittest.skipUnless(socket.has_ipv6 and ipv6_loopback_works(),
                         "this machine has no IPv6 loopback")
    def test_metrics_on_ipv6(self):
        sub = subprocess.Popen(
            [app("redactor"), "subscribe", "--url", self.url, "--channel",
             "c", "--metrics", "[::1]:0"], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        self.procs.append(sub)
        sub.stderr.readline()  # listening
        line = sub.stderr.readline()
        m = re.search(r"http://(\[::1\]:\d+)/metrics", line)
        self.assertIsNotNone(m, line)
        with urllib.request.urlopen("http://%s/healthz" % m.group(1),
                                    timeout=5) as r:
            self.assertEqual(r.status, 200)
            self.assertEqual(r.read().decode().split("\n")[0], "ok")
        sub.terminate()
        sub.wait(timeout=10)
        sub.stderr.close()

if __name__ == "__main__":
    unittest.main()
