#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Redactor's AsyncAPI documents against the AsyncAPI 3.0 JSON Schema
(python3-jsonschema), and what they say: the calculator service's
(redactor-calc-server --asyncapi, which connects to nothing) and a sample
broker's with every kind of subscription and publisher.

  asyncapi_test.py [unittest arguments]
      REDACTOR_APPS_DIR=<build>/apps REDACTOR_ASYNCAPI_SAMPLE=<program>
"""
import copy
import json
import os
import socket
import subprocess
import unittest

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "..", "data", "asyncapi",
                      "asyncapi-3.0.0.schema.json")


class LocalRefs(jsonschema.RefResolver):
    """Resolves the schema's own "#/definitions/..." references by pointer.
    Debian's jsonschema 4.10 first looks for subschemas with an "$id", and
    trips over the JSON Schema meta-schema bundled in the AsyncAPI schema,
    where "$id" is a property name with an object value."""

    def resolve(self, ref):
        if ref.startswith("#"):
            return ref, self.resolve_fragment(self.referrer, ref[1:])
        return super().resolve(ref)


def load_schema():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, resolver=LocalRefs.from_schema(schema))


def document(*command):
    out = subprocess.run(command, capture_output=True, text=True, timeout=60,
                         check=True)
    return json.loads(out.stdout)


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resolve(doc, ref):
    node = doc
    for part in ref["$ref"].lstrip("#/").split("/"):
        node = node[part]
    return node


class Validation(unittest.TestCase):
    def assert_valid(self, doc):
        errors = sorted(self.validator.iter_errors(doc), key=str)
        self.assertEqual([], [f"{list(e.absolute_path)}: {e.message}"
                              for e in errors])

    def assert_refs_resolve(self, doc):
        for name, op in doc["operations"].items():
            channel = resolve(doc, op["channel"])
            for m in op["messages"] + op.get("reply", {}).get("messages", []):
                self.assertIn("payload", resolve(doc, m), name)
            self.assertIn("messages", channel, name)


class CalculatorDocument(Validation):
    @classmethod
    def setUpClass(cls):
        cls.validator = load_schema()
        # Nothing listens on that port: --asyncapi must not connect.
        cls.doc = document(
            os.path.join(os.environ["REDACTOR_APPS_DIR"], "redactor-calc-server"),
            "--url", f"redis://127.0.0.1:{unused_port()}", "--asyncapi")

    def test_it_is_a_valid_asyncapi_3_document(self):
        self.assert_valid(self.doc)
        self.assert_refs_resolve(self.doc)

    def test_it_names_the_service_and_the_server(self):
        self.assertEqual("redactor-calc-server", self.doc["info"]["title"])
        self.assertEqual("redis", self.doc["servers"]["redis"]["protocol"])

    def test_redisrpc_answers_on_the_response_queue(self):
        op = self.doc["operations"]["receive.list.calc"]
        self.assertEqual("receive", op["action"])
        self.assertEqual("$message.payload#/response_queue",
                         op["reply"]["address"]["location"])
        request = resolve(self.doc, op["messages"][0])["payload"]
        names = request["properties"]["function_call"]["properties"]["name"]
        self.assertEqual(["add", "clr", "div", "mul", "sub", "val"],
                         names["enum"])
        channel = resolve(self.doc, op["channel"])
        self.assertEqual({"channel": "calc", "method": "lpop",
                          "bindingVersion": "custom"},
                         channel["bindings"]["redis"])

    def test_jsonrpc_answers_on_the_list_its_id_names(self):
        op = self.doc["operations"]["receive.list.calc_jsonrpc"]
        self.assertEqual("$message.payload#/id",
                         op["reply"]["address"]["location"])
        channel = resolve(self.doc, op["channel"])
        self.assertEqual("calc:jsonrpc", channel["address"])
        self.assertEqual("rpop", channel["bindings"]["redis"]["method"])
        request = resolve(self.doc, op["messages"][0])["payload"]
        single, batch = request["oneOf"]
        self.assertEqual("array", batch["type"])
        self.assertIn("val", single["properties"]["method"]["enum"])


class SampleDocument(Validation):
    @classmethod
    def setUpClass(cls):
        cls.validator = load_schema()
        cls.doc = document(os.environ["REDACTOR_ASYNCAPI_SAMPLE"])

    def binding(self, op):
        channel = resolve(self.doc, self.doc["operations"][op]["channel"])
        return channel["bindings"]["redis"]

    def payload(self, op, reply=False):
        node = self.doc["operations"][op]
        if reply:
            node = node["reply"]
        return resolve(self.doc, node["messages"][0])["payload"]

    def test_it_is_a_valid_asyncapi_3_document(self):
        self.assert_valid(self.doc)
        self.assert_refs_resolve(self.doc)
        self.assertEqual({"title": "asyncapi-sample", "version": "1.2.3",
                          "description":
                              "Every kind of subscription and publisher."},
                         self.doc["info"])

    def test_a_broken_document_is_refused(self):
        # The schema check is strict enough to fail: without an action, or
        # with a field AsyncAPI does not know.
        broken = copy.deepcopy(self.doc)
        del broken["operations"]["receive.list.orders"]["action"]
        self.assertTrue(list(self.validator.iter_errors(broken)))
        broken = copy.deepcopy(self.doc)
        broken["channels"]["list.orders"]["queue"] = "orders"
        self.assertTrue(list(self.validator.iter_errors(broken)))

    def test_each_subscription_is_a_receive_operation_with_its_method(self):
        methods = {op: self.binding(op)["method"]
                   for op in self.doc["operations"] if op.startswith("receive.")}
        self.assertEqual({
            "receive.channel.news": "subscribe",
            "receive.channel.events._": "psubscribe",
            "receive.channel.shard": "ssubscribe",
            "receive.channel.users._id_": "psubscribe",
            "receive.list.orders": "lpop",
            "receive.list.audit": "rpop",
            "receive.stream.payments.billing": "xreadgroup",
            "receive.stream.payments": "xread",
            "receive.list.rpc": "lpop",
            "receive.list.tallies": "lpop",
        }, methods)
        self.assertEqual({"channel": "payments", "method": "xreadgroup",
                          "groupName": "billing", "consumerName": "billing-1",
                          "bindingVersion": "custom"},
                         self.binding("receive.stream.payments.billing"))

    def test_handlers_that_answer_have_a_reply_on_reply_to(self):
        # Not list.tallies: a batch handler's result goes to publish_to.
        replies = sorted(op for op, o in self.doc["operations"].items()
                         if "reply" in o)
        self.assertEqual(["receive.channel.events._",
                          "receive.channel.users._id_", "receive.list.orders",
                          "receive.list.rpc", "receive.stream.payments.billing"],
                         replies)
        self.assertEqual(
            "$message.header#/reply_to",
            self.doc["operations"]["receive.list.orders"]["reply"]["address"]
            ["location"])

    def test_typed_handlers_carry_their_json_schemas(self):
        order = self.payload("receive.list.orders")
        self.assertEqual(["id", "lines", "urgency", "prices"],
                         order["required"])
        props = order["properties"]
        self.assertEqual({"type": ["string", "null"]}, props["note"])
        self.assertEqual({"type": "string", "enum": ["low", "high"]},
                         props["urgency"])
        self.assertEqual({"type": "integer", "minimum": 0},
                         props["lines"]["items"]["properties"]["count"])
        self.assertEqual({"type": "object",
                          "additionalProperties": {"type": "number"}},
                         props["prices"])
        # null is no name of the enum: an empty optional is allowed beside it
        self.assertEqual({"anyOf": [{"type": "string", "enum": ["low", "high"]},
                                    {"type": "null"}]}, props["rush"])
        receipt = self.payload("receive.list.orders", reply=True)
        self.assertEqual(["id", "accepted"], receipt["required"])
        message = resolve(self.doc, self.doc["operations"]
                          ["receive.list.orders"]["messages"][0])
        self.assertEqual("application/json", message["contentType"])
        self.assertEqual("$message.header#/correlation_id",
                         message["correlationId"]["location"])
        # Undeclared: any JSON.
        self.assertEqual({}, self.payload("receive.channel.shard"))
        self.assertEqual({}, self.payload("receive.stream.payments.billing",
                                          reply=True))

    def test_publishers_are_send_operations(self):
        sends = {op: self.binding(op)["method"]
                 for op in self.doc["operations"] if op.startswith("send.")}
        self.assertEqual({"send.channel.out": "publish",
                          "send.channel.out.sharded": "spublish",
                          "send.list.outbox": "rpush",
                          "send.stream.ledger": "xadd",
                          "send.stream._tally__totals": "xadd"}, sends)
        # A hash tag is no address expression: the binding names the key.
        tally = resolve(self.doc, self.doc["operations"]
                        ["send.stream._tally__totals"]["channel"])
        self.assertIsNone(tally["address"])
        self.assertEqual("{tally}:totals", tally["bindings"]["redis"]["channel"])
        outbox = resolve(self.doc,
                         self.doc["operations"]["send.list.outbox"]["messages"][0])
        self.assertEqual("application/json", outbox["contentType"])


if __name__ == "__main__":
    unittest.main()
