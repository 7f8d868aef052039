/**
 * A script's `defaults` laid over the registrar's options: a script describes a whole registrar,
 * so what it says wins over the options it is started with.
 */
import type { RegistrarOptions } from "../registrar-options.js";
import type { ScriptSettings } from "./model.js";

export function applyScriptSettings(options: RegistrarOptions, settings: ScriptSettings): RegistrarOptions {
  const auth = {
    ...options.auth,
    ...(settings.realm === undefined ? {} : { realms: [settings.realm] }),
    ...(settings.algorithms === undefined ? {} : { algorithms: settings.algorithms }),
    ...(settings.qop === undefined ? {} : { qop: settings.qop }),
    ...(settings.opaque === undefined ? {} : { opaque: settings.opaque }),
    ...(settings.status === undefined ? {} : { status: settings.status }),
    ...(settings.wrongCredentials === undefined ? {} : { wrongCredentials: settings.wrongCredentials }),
    ...(settings.nonceLifetimeSec === undefined ? {} : { nonceLifetimeSec: settings.nonceLifetimeSec }),
  };
  return {
    ...options,
    ...(settings.realm === undefined ? {} : { realm: settings.realm }),
    auth,
    ...(settings.defaultExpiresSec === undefined ? {} : { defaultExpiresSec: settings.defaultExpiresSec }),
    ...(settings.minExpiresSec === undefined ? {} : { minExpiresSec: settings.minExpiresSec }),
    ...(settings.maxExpiresSec === undefined ? {} : { maxExpiresSec: settings.maxExpiresSec }),
    ...(settings.aorMatching === undefined ? {} : { aorMatching: settings.aorMatching }),
  };
}
