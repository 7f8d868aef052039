// Types of bin/choose-entry.js for the TypeScript that imports it (the build script's test, the benches).
export declare const SOURCE_FOLDERS: readonly string[];
export declare const BUILD_CONFIGS: readonly string[];
export declare const STAMP_FILE: string;
export declare const DIST_ENTRY: string;
export type Entry = "dist" | "source";
export declare function sourceFingerprint(root: string): string;
export declare function readStamp(root: string): string | null;
export declare function chooseEntry(input: { readonly stamp: string | null; readonly fingerprint: string; readonly forceSource: boolean }): Entry;
export declare function entryFor(root: string, env?: NodeJS.ProcessEnv): Entry;
