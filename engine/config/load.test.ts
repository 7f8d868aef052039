/**
 * The lab configuration loader: every problem placed on its file, line, column and key path with
 * a reason; `${ENV}` references; defaults filled in; secrets masked in what `config check` shows.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseConfig, showConfig } from "./index.js";

const FILE = "lab.yaml";

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, FILE, { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message.split("\n");
  }
  assert.fail("the configuration was accepted");
}

describe("lab configuration", () => {
  it("fills in OpenSIPS's defaults and ours for everything not written", () => {
    const config = parseConfig("listen: [udp:127.0.0.1:5070]\n", FILE, { env: {} });
    assert.deepEqual(config.engine, {
      hash_size: 1,
      timer_interval: 100,
      default_expires: 3600,
      failure_retry_interval: 0,
      reregister_expiry_percentage: 100,
      enable_clustering: 0,
      drop_foreign_replies: 1,
      honour_retry_after: 0,
      retry_after_max: 3600,
      retry_backoff: 0,
      retry_base: 30,
      retry_max: 1800,
      auth_failure_retry_interval: 0,
      rejected_retry_interval: 0,
      min_refresh_interval: 0,
      startup_spread: 0,
      register_rate_limit: 0,
      registrar_circuit: 0,
      registrar_circuit_probe_interval: 60,
      learn_received: 0,
      dns_failover: 0,
      keepalive_interval: 0,
      keepalive_timeout: 10,
      transaction_timeout: 30,
      user_agent: "uacreg/0.1.0",
    });
    assert.equal(config.dbUrl, "sqlite:./uacreg.db");
    assert.equal(config.dnsServers, null);
    assert.equal(config.tableNames.binding_URI_column, "binding_URI");
    assert.deepEqual(config.listen, [{ socket: { protocol: "udp", host: "127.0.0.1", port: 5070 }, tls: null }]);
    assert.equal(config.runLog, null);
    assert.deepEqual(config.log, { level: "info", format: "auto" });
  });

  it("keeps renamed table and columns", () => {
    const config = parseConfig("listen: [udp:127.0.0.1:5070]\ntable_name: trunks\nbinding_URI_column: contact_uri\n", FILE, { env: {} });
    assert.equal(config.tableNames.table_name, "trunks");
    assert.equal(config.tableNames.binding_URI_column, "contact_uri");
  });

  it("persist_state is off by default (every record starts fresh, §13); on, with its own table name, it shows and loads back", () => {
    const plain = parseConfig("listen: [udp:127.0.0.1:5070]\n", FILE, { env: {} });
    assert.equal(plain.persistState, false);
    assert.equal(plain.dialogStateTable, "uacreg_dialog_state");
    assert.equal(parseConfig("listen: [udp:127.0.0.1:5070]\nenable_clustering: 1\n", FILE, { env: {} }).persistState, false, "clustering alone (no cluster section) keeps the default");
    const on = parseConfig("listen: [udp:127.0.0.1:5070]\npersist_state: 1\ndialog_state_table: lab_dialogs\n", FILE, { env: {} });
    assert.equal(on.persistState, true);
    assert.equal(on.dialogStateTable, "lab_dialogs");
    const shown = showConfig(on);
    assert.match(shown, /^persist_state: 1$/m);
    assert.equal(parseConfig(shown, "shown.yaml", { env: {} }).dialogStateTable, "lab_dialogs");
  });

  it("a dialog_state_table that is not a plain SQL name, and a persist_state that is not 0 or 1, are named", () => {
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\ndialog_state_table: 'x; drop'\n").join("\n"), /\/dialog_state_table.*not a plain SQL name/);
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\npersist_state: 2\n").join("\n"), /\/persist_state/);
  });

  it("an unknown key: file, line, column, key path and the keys allowed", () => {
    const [line] = problemsOf("listen: [udp:127.0.0.1:5070]\nhash_sise: 2\n");
    assert.match(line ?? "", /^lab\.yaml:2:12: \/hash_sise: unknown field "hash_sise" \(allowed here: .*hash_size/);
  });

  it("a wrong type names the key, what is allowed and what was found", () => {
    assert.deepEqual(problemsOf("listen: [udp:127.0.0.1:5070]\ntimer_interval: soon\n"), [
      'lab.yaml:2:17: /timer_interval: must be a whole number, got string "soon"',
    ]);
  });

  it("a module parameter out of range is placed on its line with D4's reason", () => {
    assert.deepEqual(problemsOf("listen: [udp:127.0.0.1:5070]\nhash_size: 3\ntimer_interval: 4\n"), [
      "lab.yaml:3:17: /timer_interval: must be at least 2^hash_size = 8 (one bucket visit per second at most), got 4",
    ]);
  });

  it("D37: a keepalive_timeout not below keepalive_interval is placed on its line, naming both; the default timeout is named when left out", () => {
    assert.match(
      problemsOf("listen: [udp:127.0.0.1:5070]\nkeepalive_interval: 30\nkeepalive_timeout: 30\n").join("\n"),
      /^lab\.yaml:3:20: \/keepalive_timeout: must be below keepalive_interval 30, got 30: keepalive_interval is the longest/,
    );
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\nkeepalive_interval: 10\n").join("\n"), /\/keepalive_timeout: must be below keepalive_interval 10, got 10/);
  });

  it("a missing listen list, and an empty one", () => {
    assert.deepEqual(problemsOf("hash_size: 1\n"), ['lab.yaml:1:1: (document): the field "listen" is missing']);
    assert.deepEqual(problemsOf("listen: []\n"), ["lab.yaml:1:9: /listen: must list at least 1"]);
  });

  it("a bad listen socket says what is wrong with it", () => {
    const lines = problemsOf("listen:\n  - udp:127.0.0.1:5070\n  - sctp:127.0.0.1:5060\n  - udp:localhost:5060\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? "", /^lab\.yaml:3:5: \/listen\/1: socket name "sctp:127\.0\.0\.1:5060": protocol "sctp" is not supported/);
    assert.match(lines[1] ?? "", /^lab\.yaml:4:5: \/listen\/2: .*host "localhost" is not an IP address/);
  });

  it("a tls socket needs a certificate and key; a udp one must not have them; a socket listed twice is named", () => {
    const lines = problemsOf(
      [
        "listen:",
        "  - tls:127.0.0.1:5061",
        "  - { socket: udp:127.0.0.1:5060, certificate: c.pem, private_key: k.pem }",
        "  - udp:127.0.0.1:5062",
        "  - udp:127.0.0.1:5062",
        "  - { socket: tls:127.0.0.1:5063, certificate: c.pem }",
      ].join("\n"),
    );
    assert.match(lines[0] ?? "", /^lab\.yaml:6:5: \/listen\/4: the field "private_key" is missing/);
    const semantic = problemsOf(
      ["listen:", "  - tls:127.0.0.1:5061", "  - { socket: udp:127.0.0.1:5060, certificate: c.pem, private_key: k.pem }", "  - udp:127.0.0.1:5062", "  - udp:127.0.0.1:5062"].join("\n"),
    );
    assert.equal(semantic.length, 3);
    assert.match(semantic[0] ?? "", /^lab\.yaml:2:5: \/listen\/0: a tls: socket needs its certificate/);
    assert.match(semantic[1] ?? "", /^lab\.yaml:3:15: \/listen\/1\/socket: certificate and private_key are for tls: sockets/);
    assert.match(semantic[2] ?? "", /^lab\.yaml:5:5: \/listen\/3: udp:127\.0\.0\.1:5062 is already listed at \/listen\/2/);
  });

  it("a TLS listener keeps its files", () => {
    const config = parseConfig("listen:\n  - { socket: tls:127.0.0.1:5061, certificate: c.pem, private_key: k.pem, ca_list: ca.pem }\n", FILE, { env: {} });
    assert.deepEqual(config.listen[0]?.tls, { certificate: "c.pem", privateKey: "k.pem", caList: "ca.pem" });
  });

  it("${NAME} is replaced from the environment; a variable that is not set is named", () => {
    const text = "listen: [udp:127.0.0.1:5070]\ndb_url: postgres://lab:${DB_PASSWORD}@127.0.0.1/test\nuser_agent: lab $${literal}\n";
    const config = parseConfig(text, FILE, { env: { DB_PASSWORD: "s3cret" } });
    assert.equal(config.dbUrl, "postgres://lab:s3cret@127.0.0.1/test");
    assert.equal(config.engine.user_agent, "lab ${literal}");
    assert.deepEqual(problemsOf(text), ["lab.yaml:2:9: /db_url: environment variable DB_PASSWORD is not set"]);
    assert.deepEqual(problemsOf("listen: [udp:127.0.0.1:5070]\nuser_agent: ${1X}\n"), [
      "lab.yaml:2:13: /user_agent: ${1X} is not an environment variable reference (${NAME}, letters, digits and _)",
    ]);
  });

  it("a db_url without a driver, and a table name that is not a plain SQL name", () => {
    const lines = problemsOf("listen: [udp:127.0.0.1:5070]\ndb_url: oracle://x@h/db\nstate_column: state; drop\n");
    assert.match(lines[0] ?? "", /^lab\.yaml:2:9: \/db_url: scheme "oracle:" is not supported/);
    assert.match(lines[1] ?? "", /^lab\.yaml:3:15: \/state_column: "state; drop" is not a plain SQL name/);
  });

  it("dns_server lists the DNS servers to ask (D36); an entry that is not IP[:port] is named", () => {
    const config = parseConfig("listen: [udp:127.0.0.1:5070]\ndns_server: 127.0.0.1:5353, [::1]:53, 192.0.2.1\n", FILE, { env: {} });
    assert.deepEqual(config.dnsServers, ["127.0.0.1:5353", "[::1]:53", "192.0.2.1"]);
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\ndns_server: 127.0.0.1:53, ns.example.net\n")[0] ?? "", /^lab\.yaml:2:13: \/dns_server: "ns\.example\.net" is not a DNS server address/);
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\ndns_server: ::1:53\n")[0] ?? "", /"::1:53" is not a DNS server address \(IP\[:port\], an IPv6 address in brackets when a port follows\)/);
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\ndns_server: 127.0.0.1:70000\n")[0] ?? "", /"127\.0\.0\.1:70000" is not a DNS server address/);
  });

  it("YAML syntax errors and a second document are placed too", () => {
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070\n")[0] ?? "", /^lab\.yaml:\d+:\d+: \(document\): YAML: /);
    assert.deepEqual(problemsOf("listen: [udp:127.0.0.1:5070]\n---\nhash_size: 2\n"), [
      "lab.yaml:2:1: (document): a configuration is one YAML document; this file has more (---)",
    ]);
  });

  it("showConfig masks the database password and never prints it", () => {
    const config = parseConfig("listen: [udp:127.0.0.1:5070]\ndb_url: mysql://root:${PW}@127.0.0.1:3306/test\n", FILE, { env: { PW: "hunter2" } });
    const shown = showConfig(config);
    assert.ok(!shown.includes("hunter2"));
    assert.match(shown, /^db_url: mysql:\/\/root:\*\*\*@127\.0\.0\.1:3306\/test$/m);
    assert.deepEqual(parseConfig(shown, "shown.yaml", { env: {} }).listen, config.listen, "what check prints is itself a valid configuration");
  });

  it("a webhook's batch_size and linger_ms reach the sink's options; a negative linger is refused by name", () => {
    const sink = (extra: string): string => `listen: [udp:127.0.0.1:5070]\nevents:\n  sinks: [{ type: webhook, url: 'http://127.0.0.1:9999/hook'${extra} }]\n`;
    const config = parseConfig(sink(", batch_size: 500, linger_ms: 200"), FILE, { env: {} });
    assert.deepEqual(config.management.events?.sinks?.[0], { type: "webhook", url: "http://127.0.0.1:9999/hook", batchSize: 500, lingerMs: 200 });
    assert.throws(() => parseConfig(sink(", linger_ms: -1"), FILE, { env: {} }), (error: unknown) => error instanceof ConfigError && /linger_ms/.test(error.message));
  });

  it("showConfig masks the MI token and the webhooks' header values, and what it prints still loads", () => {
    const text = "listen: [udp:127.0.0.1:5070]\nmi: { host: 0.0.0.0, token: '${MI_TOKEN}' }\nevents:\n  sinks: [{ type: webhook, url: 'http://127.0.0.1:9999/hook', headers: { Authorization: 'Bearer ${HOOK}' } }]\n";
    const config = parseConfig(text, FILE, { env: { MI_TOKEN: "mi-token-0123456789abcdef", HOOK: "hook-secret-42" } });
    assert.equal(config.management.mi?.token, "mi-token-0123456789abcdef");
    const shown = showConfig(config);
    assert.doesNotMatch(shown, /mi-token-0123456789abcdef|hook-secret-42/);
    assert.match(shown, /token: "?\*{16}"?/);
    assert.ok(parseConfig(shown, "shown.yaml", { env: {} }).management.mi !== null);
  });
});
