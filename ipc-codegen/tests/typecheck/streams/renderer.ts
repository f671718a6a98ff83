// A stream is an async iterator of its items: `for await`, a signal, `break`.
import type { FeedLine, FeedTailError, IpcStreamOptions } from "../../fixtures/streams/expected/ipc.js";

/** Reads the lines of a file until the signal aborts or the stream ends. */
export async function tail(file: string, signal: AbortSignal): Promise<FeedLine[]> {
  const lines: FeedLine[] = [];
  try {
    for await (const line of window.feed.tail(file, 100, { signal })) {
      lines.push(line);
    }
  } catch (error) {
    const failed = error as FeedTailError;
    if (failed.code === "ERR_HANDLER") {
      // The Rust error type, before the first line or in the middle.
      const reason: "NoFile" | "Gone" = failed.data;
      console.log(reason);
    }
  }
  return lines;
}

/** The first few numbers, one `next()` at a time, then `return()`. */
export async function firstThree(): Promise<number[]> {
  const numbers = window.feed.numbers(0, null);
  const taken: number[] = [];
  for (let i = 0; i < 3; i++) {
    const result = await numbers.next();
    if (result.done) break;
    taken.push(result.value);
  }
  await numbers.return?.();
  return taken;
}

/** A gated stream is absent from a window that was not granted its capability. */
export async function audit(): Promise<void> {
  const audit = window.feed.audit;
  if (audit !== undefined) {
    for await (const n of audit()) {
      if (n > 10) break;
    }
  }
}

export const options: IpcStreamOptions = { signal: new AbortController().signal };

export function misuse(): void {
  // @ts-expect-error the items are numbers
  const line: AsyncIterable<FeedLine> = window.feed.numbers(0, 1);
  // @ts-expect-error a stream takes no timeout
  window.feed.numbers(0, 1, { timeout: 5 });
  // @ts-expect-error tail takes a file and a number of lines
  window.feed.tail("app.log");
  // @ts-expect-error the gated member may be absent
  window.feed.audit();
  console.log(line);
}
