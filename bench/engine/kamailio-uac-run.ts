/**
 * Kamailio's `uac` module's run of the CPU benchmark, on the same plan and against the same
 * responder as the engine's: record i's first REGISTER is due floor(i / rate) s after the wave
 * starts, so it leaves as `rate` REGISTERs a second, as the engine's bucket timer sends them. The
 * figure is the CPU (user + system, every process of its tree, from /proc) from the table's
 * reload until the responder accepted every record's credentials (or the limit); start-up is not
 * in it. Then, if asked, it rests `plan.restSec` and stays idle for `plan.idleSec` more (its timer
 * process still walks the table every second), and its CPU over each is measured too.
 */
import { freePorts } from "../../interop/harness/sipp.js";
import { startKamailioUac } from "../../interop/harness/kamailio-uac.js";
import { udpCounters } from "../proc.js";
import { BENCH_REALM } from "../realm.js";
import { processTreeCpu } from "../simulator/process-cpu.js";
import { BENCH_PASSWORD } from "./registrar.js";
import { BUFFER_ERRORS, RUN_LIMIT_MS, type RegistrationRun, type RunPlan } from "./registration-run.js";
import { retransmissionsSeen, waitUntilQuiet, type ResponderProcess } from "./responder-process.js";

const POLL_MS = 100;
const SETTLE_MS = 3_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runKamailioUac(responder: ResponderProcess, plan: RunPlan, workDir: string): Promise<RegistrationRun> {
  const accounts = Array.from({ length: plan.records }, (_, i) => ({ user: `u${i}`, password: BENCH_PASSWORD, delaySec: Math.floor(i / plan.rate) }));
  const [port = 0] = await freePorts(1);
  const uac = await startKamailioUac({ workDir, port, registrar: `127.0.0.1:${responder.port}`, realm: BENCH_REALM, expirySec: 3600, accounts });
  try {
    // Kamailio answers OPTIONS before every process finished its start: a reload that soon left
    // records registering twice (a second REGISTER, 401, "authentication failed") in our trials.
    await sleep(SETTLE_MS);
    await waitUntilQuiet(responder);
    responder.resetAccepted();
    const statsBefore = await responder.stats();
    const bufferErrorsBefore = udpCounters(BUFFER_ERRORS);
    const cpuBefore = await processTreeCpu(uac.pid);
    const wallBefore = performance.now();
    await uac.begin();
    let stats = statsBefore;
    while (stats.accepted - statsBefore.accepted < plan.records && performance.now() - wallBefore < RUN_LIMIT_MS) {
      await sleep(POLL_MS);
      stats = await responder.stats();
    }
    const cpuAfter = await processTreeCpu(uac.pid);
    const wallSec = (performance.now() - wallBefore) / 1000;
    const bufferErrorsAfter = udpCounters(BUFFER_ERRORS);
    const registered = stats.accepted - statsBefore.accepted;
    let idle: RegistrationRun["idle"] = null;
    if (plan.idleSec > 0 && registered === plan.records) {
      // Idle means idle: the wave's stray retransmissions and their answers are over first.
      await waitUntilQuiet(responder);
      const restSec = plan.restSec ?? 0;
      const restBefore = await processTreeCpu(uac.pid);
      await sleep(restSec * 1000);
      const idleBefore = await processTreeCpu(uac.pid);
      await sleep(plan.idleSec * 1000);
      const idleAfter = await processTreeCpu(uac.pid);
      const spent = (from: typeof idleBefore, to: typeof idleBefore): number => to.userMs + to.systemMs - from.userMs - from.systemMs;
      idle = { sec: plan.idleSec, cpuMs: spent(idleBefore, idleAfter), restSec, restCpuMs: spent(restBefore, idleBefore) };
    }
    const statsAfter = await responder.stats();
    return {
      registrant: "kamailio uac",
      records: plan.records,
      rate: plan.rate,
      registered,
      wallSec,
      userMs: cpuAfter.userMs - cpuBefore.userMs,
      systemMs: cpuAfter.systemMs - cpuBefore.systemMs,
      retransmissions: retransmissionsSeen(statsBefore, statsAfter),
      kernelBufferErrors: bufferErrorsBefore === null || bufferErrorsAfter === null ? null : bufferErrorsAfter - bufferErrorsBefore,
      idle,
    };
  } finally {
    await uac.stop();
  }
}
