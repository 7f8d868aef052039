/**
 * The simulated registrar's script as a scenario builds it: rule by rule and default by default
 * (Given steps), or whole (a shipped script from fixtures/scripts, or a text in the scenario).
 */
import { readFile } from "node:fs/promises";
import { stringify } from "yaml";
import { parseScript, type CompiledScript } from "../../simulator/index.js";

/** A YAML script rule as the simulator reads it (simulator/README.md "Scripts"). */
export type ScriptRule = Readonly<Record<string, unknown>>;

/** The settings of a script's `defaults` that are lists (simulator/README.md "Defaults"). */
export type DefaultListSetting = "algorithms" | "qop";

const SHIPPED_SCRIPTS = new URL("../../fixtures/scripts/", import.meta.url);

export class ScenarioScript {
  readonly #rules: ScriptRule[] = [];
  /** List settings of the script's `defaults`, built up by the Given steps. */
  readonly #defaults = new Map<DefaultListSetting, string[]>();
  #source: { readonly text: string; readonly name: string } | null = null;
  #shipped: string | null = null;

  addRule(rule: ScriptRule): void {
    this.#mustBuildFromRules();
    this.#rules.push(rule);
  }

  /**
   * Adds values to a list setting of the script's `defaults`, keeping those earlier steps added:
   * the registrar's own checks verify only answers to what its defaults offer (simulator/README.md
   * "Defaults"), so every algorithm and qop a scripted challenge offers must be listed there.
   */
  addDefaultValues(setting: DefaultListSetting, values: readonly string[]): void {
    this.#mustBuildFromRules();
    const listed = this.#defaults.get(setting) ?? [];
    this.#defaults.set(setting, [...listed, ...values.filter((value) => !listed.includes(value))]);
  }

  useText(text: string): void {
    this.#onlyOneWholeScript();
    this.#source = { text, name: "the scenario's script" };
  }

  useShipped(name: string): void {
    this.#onlyOneWholeScript();
    this.#shipped = name.endsWith(".yaml") ? name : `${name}.yaml`;
  }

  /** The script's text and name, or null when the scenario gave the registrar none. */
  async text(): Promise<{ readonly text: string; readonly name: string } | null> {
    if (this.#shipped !== null) {
      const path = new URL(this.#shipped, SHIPPED_SCRIPTS).pathname;
      return { text: await readFile(path, "utf8"), name: `fixtures/scripts/${this.#shipped}` };
    }
    if (this.#source !== null) return this.#source;
    if (this.#rules.length === 0) return null;
    const defaults = this.#defaults.size === 0 ? {} : { defaults: Object.fromEntries(this.#defaults) };
    return { text: stringify({ ...defaults, rules: this.#rules }), name: "the scenario's registrar" };
  }

  static compile(source: { readonly text: string; readonly name: string }): CompiledScript {
    return parseScript(source.text, source.name);
  }

  /** Rules and defaults build the script, never next to a whole script. */
  #mustBuildFromRules(): void {
    if (this.#source !== null || this.#shipped !== null) throw new Error("the scenario already gave the registrar a whole script");
  }

  #onlyOneWholeScript(): void {
    if (this.#source !== null || this.#shipped !== null || this.#rules.length > 0 || this.#defaults.size > 0) {
      throw new Error("the scenario already set up the registrar's script");
    }
  }
}
