/**
 * The transports of the `listen` section: every socket opened or none (when one fails, those
 * already open are closed before the error), TLS ones with the certificate and key files read
 * first so that a missing file is named as such.
 */
import { readFile } from "node:fs/promises";
import type { Clock } from "../clock.js";
import type { Listener } from "../config/index.js";
import type { Logger } from "../log.js";
import { createTcpTransport, createTlsTransport, createUdpTransport, formatSocketName, type Transport } from "../transport/index.js";
import { ServiceError } from "./errors.js";

/** As the simulator: the default receive buffer overflows at a few thousand datagrams a second. */
const UDP_BUFFER_BYTES = 4 * 1024 * 1024;

export async function openListeners(listen: readonly Listener[], clock: Clock, logger: Logger): Promise<Transport[]> {
  const transports: Transport[] = [];
  try {
    for (const listener of listen) transports.push(await open(listener, clock, logger));
  } catch (error) {
    await Promise.allSettled(transports.map((t) => t.close()));
    throw error;
  }
  return transports;
}

async function open(listener: Listener, clock: Clock, logger: Logger): Promise<Transport> {
  const { socket } = listener;
  const bind = { host: socket.host, port: socket.port };
  const name = formatSocketName(socket);
  try {
    if (listener.tls !== null) {
      const files = await readTlsFiles(name, listener.tls);
      return await createTlsTransport({ bind, clock, logger, server: { cert: files.cert, key: files.key }, client: files.ca === null ? {} : { ca: files.ca } });
    }
    if (socket.protocol === "tcp") return await createTcpTransport({ bind, clock, logger });
    return await createUdpTransport({ bind, logger, recvBufferBytes: UDP_BUFFER_BYTES });
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError("listen_failed", `listen ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function readTlsFiles(name: string, tls: NonNullable<Listener["tls"]>): Promise<{ cert: string; key: string; ca: string | null }> {
  const read = async (key: string, path: string): Promise<string> => {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
      throw new ServiceError("tls_files_unreadable", `listen ${name}: ${key} ${path}: ${reason}`, { cause: error });
    }
  };
  return {
    cert: await read("certificate", tls.certificate),
    key: await read("private_key", tls.privateKey),
    ca: tls.caList === null ? null : await read("ca_list", tls.caList),
  };
}
