import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TripleMap } from "./triple-map.js";

const id = (aor: string, contact: string, registrar: string) => ({ aor, contact, registrar });

describe("TripleMap (D3: a record is its full triple)", () => {
  it("D3 triples that share an AOR, or an AOR and a contact, are different keys", () => {
    const map = new TripleMap<number>();
    map.set(id("sip:a@x", "sip:a@1.2.3.4", "sip:r1"), 1);
    map.set(id("sip:a@x", "sip:a@1.2.3.4", "sip:r2"), 2);
    map.set(id("sip:a@x", "sip:a@5.6.7.8", "sip:r1"), 3);
    map.set(id("sip:b@x", "sip:a@1.2.3.4", "sip:r1"), 4);
    assert.deepEqual(
      [["sip:a@x", "sip:a@1.2.3.4", "sip:r1"], ["sip:a@x", "sip:a@1.2.3.4", "sip:r2"], ["sip:a@x", "sip:a@5.6.7.8", "sip:r1"], ["sip:b@x", "sip:a@1.2.3.4", "sip:r1"]].map(
        ([a, c, r]) => map.get(id(a!, c!, r!)),
      ),
      [1, 2, 3, 4],
    );
  });

  it("D3 compares byte for byte: case, and the parts split differently, are other triples", () => {
    const map = new TripleMap<string>();
    map.set(id("sip:a@x", "sip:c", "sip:r"), "kept");
    assert.equal(map.get(id("sip:A@x", "sip:c", "sip:r")), undefined);
    assert.equal(map.get(id("sip:a@x", "sip:c", "sip:R")), undefined);
    assert.equal(map.get(id("sip:a@x", "sip:cs", "ip:r")), undefined);
    assert.equal(map.get(id("sip:a@x", "sip:c", "sip:r")), "kept");
  });

  it("set replaces the value of a triple already there, whichever link of its AOR it is", () => {
    const map = new TripleMap<string>();
    map.set(id("sip:a@x", "sip:c1", "sip:r"), "first");
    map.set(id("sip:a@x", "sip:c2", "sip:r"), "second");
    map.set(id("sip:a@x", "sip:c1", "sip:r"), "first again");
    map.set(id("sip:a@x", "sip:c2", "sip:r"), "second again");
    assert.equal(map.get(id("sip:a@x", "sip:c1", "sip:r")), "first again");
    assert.equal(map.get(id("sip:a@x", "sip:c2", "sip:r")), "second again");
  });
});
