/** The realm of every benchmark account, in the engine's bench registrar and in the simulator's users. */
export const BENCH_REALM = "bench.example";
