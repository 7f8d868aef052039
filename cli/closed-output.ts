/**
 * When the reader of uacreg's output goes away (`uacreg run | head`, a log shipper that died),
 * the next write raises EPIPE, which Node turns into an uncaught error: the process would die
 * and take every registration with it. Output to a closed pipe is dropped instead and the
 * process runs on; any other stream error still ends it as before.
 */
export function dropOutputToClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}
