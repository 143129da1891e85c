#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""deploy/ against the real thing: the shipped Prometheus config passes
promtool and, made to point at a live redactor-calc-server, is scraped by
Debian's prometheus (checked through its HTTP API); every metric the Grafana
dashboard queries exists in that server's /metrics; the compose file and the
systemd unit hold together.

  deploy_test.py [unittest arguments]   REDACTOR_APPS_DIR=<build>/apps
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "apps"))
from apps_test import (PKI, RedisCase, app, free_port,  # noqa: E402
                       start_redis)

DEPLOY = os.path.join(HERE, "..", "..", "deploy")
PROMETHEUS_YML = os.path.join(DEPLOY, "prometheus", "prometheus.yml")
DASHBOARD = os.path.join(DEPLOY, "grafana", "dashboards", "redactor.json")
GRAFANA_SCHEMA = os.path.join(HERE, "..", "data", "grafana",
                              "dashboard_types.gen.d.ts")

# PromQL words that are not metric names.
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left",
                "group_right", "and", "or", "unless", "bool", "offset", "le",
                "inf", "nan"}


def http_get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode()


def metric_names(expr):
    """The metric names a PromQL expression (or Grafana query) reads."""
    # Grafana's label_values(metric, label): the label is no metric.
    expr = re.sub(r"label_values\(([^,()]+),\s*\w+\)", r"\1", expr)
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)        # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                 # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                # ranges
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\$\w+", "", expr)                     # Grafana variables
    names = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        rest = expr[m.end():].lstrip()
        if rest.startswith("("):
            continue  # a function
        if m.group(0).lower() in PROMQL_WORDS:
            continue
        names.add(m.group(0))
    return names


def load_dashboard():
    with open(DASHBOARD) as f:
        return json.load(f)


def dashboard_queries(prefix="redactor"):
    """Each query, with the dashboard's metric prefix variable set."""
    dash = load_dashboard()
    for panel in dash["panels"]:
        for target in panel["targets"]:
            yield panel["title"], target["expr"].replace("${prefix}", prefix)
    for var in dash["templating"]["list"]:
        if var["type"] == "query":
            yield ("variable " + var["name"],
                   var["query"]["query"].replace("${prefix}", prefix))


def datasources(node):
    """Every datasource reference in the dashboard."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                yield value
            else:
                yield from datasources(value)
    elif isinstance(node, list):
        for value in node:
            yield from datasources(value)


def exported_names(text):
    """Every sample name /metrics can give, histogram series included."""
    names = set()
    for line in text.splitlines():
        m = re.match(r"# TYPE (\S+) (\S+)", line)
        if m:
            names.add(m.group(1))
            if m.group(2) == "histogram":
                names.update(m.group(1) + s for s in
                             ("_bucket", "_sum", "_count"))
        elif line and not line.startswith("#"):
            names.add(re.match(r"[^{ ]+", line).group(0))
    return names


class ServiceCase(RedisCase):
    """The calculator service with metrics on a free port, after the
    calculator client's 7 calls."""

    def setUp(self):
        super().setUp()
        p = self.background([app("redactor-calc-server"), "--url", self.url,
                             "--metrics", "127.0.0.1:0"], wait_for="serving")
        line = p.stdout.readline()
        m = re.search(r"http://(\S+)/metrics", line)
        self.assertIsNotNone(m, line)
        self.exporter = m.group(1)
        out = self.run_app(app("redactor-calc-client"), "--url", self.url)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def scrape(self):
        status, text = http_get("http://%s/metrics" % self.exporter)
        self.assertEqual(status, 200)
        return text


class DashboardMetrics(ServiceCase):
    def test_every_dashboard_metric_is_exported(self):
        exported = exported_names(self.scrape())
        checked = set()
        for where, expr in dashboard_queries():
            names = metric_names(expr)
            self.assertTrue(names, "%s: no metric in %r" % (where, expr))
            for name in names:
                self.assertIn(name, exported, "%s: %r" % (where, expr))
            checked |= names
        # The dashboard covers what the issue asks for.
        for wanted in ("redactor_received_messages_total",
                       "redactor_received_processed_messages_duration_seconds_bucket",
                       "redactor_received_processed_messages_exceptions_total",
                       "redactor_rpc_pending_requests",
                       "redactor_stream_lag",
                       "redactor_connection_reconnects_total"):
            self.assertIn(wanted, checked)

    def test_import_asks_for_the_datasource_and_the_prefix_is_a_variable(self):
        dash = load_dashboard()
        self.assertEqual([(i["name"], i["type"], i["pluginId"])
                          for i in dash["__inputs"]],
                         [("DS_PROMETHEUS", "datasource", "prometheus")])
        refs = list(datasources(dash["panels"])) + list(
            datasources(dash["templating"]))
        self.assertTrue(refs)
        for ref in refs:
            self.assertEqual(ref, {"type": "prometheus",
                                   "uid": "${DS_PROMETHEUS}"})
        variables = {v["name"]: v for v in dash["templating"]["list"]}
        # Provisioned from files, Grafana does not fill __inputs: the
        # datasource variable of the same name resolves it there.
        self.assertEqual(variables["DS_PROMETHEUS"]["type"], "datasource")
        self.assertEqual(variables["prefix"]["query"], "redactor")
        # FastStream's names: no query names a prefix of its own.
        for where, expr in dashboard_queries("faststream"):
            for name in metric_names(expr):
                self.assertTrue(name.startswith("faststream_"),
                                "%s: %s" % (where, name))

    def test_extraction_finds_names_not_functions(self):
        self.assertEqual(
            metric_names('histogram_quantile(0.99, sum by (le, handler) '
                         '(rate(a_bucket{x=~"$app"}[$__rate_interval])))'),
            {"a_bucket"})
        self.assertEqual(metric_names("label_values(b_total, app_name)"),
                         {"b_total"})
        self.assertEqual(metric_names("sum(increase(c_total[5m])) / d"),
                         {"c_total", "d"})

    def test_health_and_the_served_counts(self):
        status, body = http_get("http://%s/healthz" % self.exporter)
        self.assertEqual((status, body.split("\n")[0]), (200, "ok"))
        self.assertRegex(body, r"\ncommands: 127\.0\.0\.1:\d+ master up\n")
        self.assertIn('redactor_received_messages_total{app_name="redactor",'
                      'broker="redis",handler="calc"} 7', self.scrape())

    def test_the_asyncapi_document_is_served_beside_the_metrics(self):
        status, body = http_get("http://%s/asyncapi.json" % self.exporter)
        self.assertEqual(status, 200)
        printed = self.run_app(app("redactor-calc-server"), "--url", self.url,
                               "--asyncapi")
        self.assertEqual(printed.returncode, 0, printed.stderr)
        self.assertEqual(json.loads(body), json.loads(printed.stdout))


class RealPrometheus(ServiceCase):
    def test_promtool_accepts_the_shipped_config(self):
        out = subprocess.run(["promtool", "check", "config", PROMETHEUS_YML],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_prometheus_scrapes_the_service(self):
        with open(PROMETHEUS_YML) as f:
            config = yaml.safe_load(f)
        config["global"]["scrape_interval"] = "1s"
        job = config["scrape_configs"][0]
        job["static_configs"][0]["targets"] = [self.exporter]
        scratch = tempfile.mkdtemp(prefix="redactor-prometheus-")
        self.addCleanup(shutil.rmtree, scratch, True)
        config_file = os.path.join(scratch, "prometheus.yml")
        with open(config_file, "w") as f:
            yaml.safe_dump(config, f)
        port = free_port()
        prom = subprocess.Popen(
            ["prometheus", "--config.file", config_file,
             "--storage.tsdb.path", os.path.join(scratch, "data"),
             "--web.listen-address", "127.0.0.1:%d" % port],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(prom.wait, 10)
        self.addCleanup(prom.terminate)

        def query(q):
            url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (
                port, urllib.parse.quote(q))
            try:
                _, body = http_get(url)
            except OSError:
                return None
            result = json.loads(body)["data"]["result"]
            return float(result[0]["value"][1]) if result else None

        up = 'up{job="%s"}' % job["job_name"]
        calls = 'sum(redactor_received_messages_total{handler="calc"})'
        deadline = time.time() + 30
        while time.time() < deadline:
            if query(up) == 1 and query(calls) == 7:
                break
            time.sleep(0.2)
        self.assertEqual(query(up), 1)
        self.assertEqual(query(calls), 7)
        self.assertEqual(query('redactor_published_messages_total'), None)


def grafana_schema_module():
    """Grafana's dashboard types as a module a JSON literal can be checked
    against: JSON carries an enum's values, never its members, so each
    `declare enum` becomes the union of its values."""
    with open(GRAFANA_SCHEMA) as f:
        source = f.read()
    members = {}

    def to_union(m):
        values = []
        for item in m.group(2).split(","):
            if "=" in item:
                member, value = (s.strip() for s in item.split("=", 1))
                members["%s.%s" % (m.group(1), member)] = value
                values.append(value)
        return "export type %s = %s;" % (m.group(1), " | ".join(values))

    source = re.sub(r"export declare enum (\w+) \{([^}]*)\}", to_union, source)
    for member, value in members.items():
        source = re.sub(r"\b%s\b" % re.escape(member), value, source)
    return source


class GrafanaSchema(unittest.TestCase):
    """The dashboard as an object literal typed as Grafana's `Dashboard`:
    the compiler refuses a missing required field, a wrong type and (the
    types have no index signatures) any field the schema does not know."""

    def check(self, dash):
        scratch = tempfile.mkdtemp(prefix="redactor-grafana-")
        self.addCleanup(shutil.rmtree, scratch, True)
        with open(os.path.join(scratch, "dashboard.d.ts"), "w") as f:
            f.write(grafana_schema_module())
        # __inputs and __requires wrap an exported dashboard for import;
        # they are not part of the model (the deploy tests check them).
        model = {k: v for k, v in dash.items() if not k.startswith("__")}
        with open(os.path.join(scratch, "check.ts"), "w") as f:
            f.write("import { Dashboard } from './dashboard';\n"
                    "export const dashboard: Dashboard = %s;\n"
                    % json.dumps(model, indent=1))
        self.assertIsNotNone(shutil.which("tsc"),
                             "tsc missing: run deploy/install-deps.sh")
        return subprocess.run(["tsc", "--noEmit", "--strict", "--pretty",
                               "false", "check.ts"], cwd=scratch,
                              capture_output=True, text=True)

    def test_the_dashboard_matches_grafanas_schema(self):
        out = self.check(load_dashboard())
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_a_field_grafana_does_not_know_is_refused(self):
        dash = load_dashboard()
        dash["panels"][0]["gridPos"]["depth"] = 1
        out = self.check(dash)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("""'"depth"' does not exist in type 'GridPos'""",
                      out.stdout)

    def test_a_value_outside_an_enum_is_refused(self):
        dash = load_dashboard()
        dash["templating"]["list"][0]["hide"] = 7
        out = self.check(dash)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("not assignable to type 'VariableHide", out.stdout)


class ShippedFiles(unittest.TestCase):
    def test_compose_mounts_what_exists(self):
        with open(os.path.join(DEPLOY, "docker-compose.yml")) as f:
            compose = yaml.safe_load(f)
        services = compose["services"]
        self.assertEqual(set(services),
                         {"redis", "calc", "prometheus", "grafana"})
        for name, svc in services.items():
            for volume in svc.get("volumes", []):
                source = volume.split(":")[0]
                self.assertTrue(os.path.exists(os.path.join(DEPLOY, source)),
                                "%s mounts %s" % (name, source))
        command = services["calc"]["command"]
        metrics = command[command.index("--metrics") + 1]
        with open(PROMETHEUS_YML) as f:
            targets = yaml.safe_load(f)["scrape_configs"][0][
                "static_configs"][0]["targets"]
        self.assertEqual(targets, ["calc:" + metrics.split(":")[1]])
        self.assertTrue(os.path.exists(os.path.join(
            DEPLOY, "..", services["calc"]["build"]["dockerfile"])))

    def test_tls_variant_serves_over_tls(self):
        """docker-compose.tls.yml's own commands, with its certificates made
        by the script it names: only the paths and ports are local."""
        with open(os.path.join(DEPLOY, "docker-compose.tls.yml")) as f:
            services = yaml.safe_load(f)["services"]
        certs = tempfile.mkdtemp(prefix="redactor-compose-tls-")
        self.addCleanup(shutil.rmtree, certs, True)
        subprocess.run(["bash", PKI, certs, "DNS:redis,DNS:localhost"],
                       check=True, capture_output=True)

        def local(args, ports):
            out = []
            for a in args:
                a = ports.get(a, a)
                out.append(a.replace("/tls/", certs + "/"))
            return out

        plain, tls = free_port(), free_port()
        redis_args = services["redis"]["command"]
        self.assertEqual(redis_args[redis_args.index("--port") + 1], "0")
        # The plain port only for start_redis()'s readiness check.
        redis_proc = start_redis(plain, *local(
            redis_args[1:], {"0": str(plain), "6379": str(tls)}))
        self.addCleanup(redis_proc.wait)
        self.addCleanup(redis_proc.terminate)
        calc_args = local(services["calc"]["command"], {
            "rediss://redis:6379": "rediss://127.0.0.1:%d" % tls,
            "0.0.0.0:9464": "127.0.0.1:0"})
        # The certificate names the compose host "redis".
        calc = subprocess.Popen([app("redactor-calc-server"), *calc_args,
                                 "--sni", "redis"],
                                stdout=subprocess.PIPE, text=True)
        self.addCleanup(calc.wait)
        self.addCleanup(calc.terminate)
        # start() returned: connected over TLS, certificate verified.
        self.assertIn("serving", calc.stdout.readline())
        line = calc.stdout.readline()
        m = re.search(r"http://(\S+)/metrics", line)
        self.assertIsNotNone(m, line)
        status, body = http_get("http://%s/healthz" % m.group(1))
        self.assertEqual((status, body.split("\n")[0]), (200, "ok"), body)

    @unittest.skipUnless(shutil.which("systemd-analyze"),
                         "systemd-analyze is not installed")
    def test_systemd_unit_verifies(self):
        scratch = tempfile.mkdtemp(prefix="redactor-unit-")
        self.addCleanup(shutil.rmtree, scratch, True)
        with open(os.path.join(DEPLOY, "systemd",
                               "redactor-calc-server.service")) as f:
            unit = f.read()
        # Verified against the binary just built, not an installed one.
        unit = unit.replace("/usr/local/bin/redactor-calc-server",
                            os.path.abspath(app("redactor-calc-server")))
        path = os.path.join(scratch, "redactor-calc-server.service")
        with open(path, "w") as f:
            f.write(unit)
        out = subprocess.run(["systemd-analyze", "verify", path],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


if __name__ == "__main__":
    unittest.main()
