// A stream the page sends: an async generator, an array or a ReadableStream
// of the items in, a promise of the answer (or, both ways, an async iterator) out.
import type {
  Digest,
  IpcStreamOptions,
  UploadError,
  UploadsLabelledError,
  UploadsUploadError,
} from "../../fixtures/incoming/expected/ipc.js";

/** Sends a file picked in the page, chunk by chunk, with a signal. */
export async function sendFile(file: Blob, signal: AbortSignal): Promise<Digest | UploadError> {
  const options: IpcStreamOptions = { signal };
  try {
    return await window.uploads.upload("picked.bin", file.stream(), options);
  } catch (error) {
    const failed = error as UploadsUploadError;
    if (failed.code === "ERR_HANDLER") {
      // The Rust error type.
      return failed.data;
    }
    throw error;
  }
}

/** Chunks from an async generator, and from an array. */
export async function sendChunks(): Promise<number> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(4);
    yield new Uint8Array(2);
  }
  const streamed: Digest = await window.uploads.upload("gen.bin", chunks());
  const listed: Digest = await window.uploads.upload("list.bin", [new Uint8Array(1)]);
  const [count, sum]: [number, number] = await window.uploads.sum(new Set([1, 2, 3]));
  return streamed.size + listed.size + count + sum;
}

/** Both ways: numbers in, their doubles (and labels) out, with `for await`. */
export async function both(signal: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for await (const doubled of window.uploads.doubled([1, 2, 3], { signal })) {
    out.push(String(doubled));
  }
  try {
    for await (const label of window.uploads.labelled("n", [1, 2])) {
      out.push(label);
    }
  } catch (error) {
    const failed = error as UploadsLabelledError;
    if (failed.code === "ERR_HANDLER") {
      const reason: UploadError = failed.data;
      console.log(reason);
    }
  }
  return out;
}

export function misuse(): void {
  // @ts-expect-error the items of an upload are bytes, not numbers
  void window.uploads.upload("a.bin", [1, 2, 3]);
  // @ts-expect-error a plain array of the wrong type: strings are not numbers
  void window.uploads.sum(["1", "2"]);
  // @ts-expect-error the stream is a required argument
  void window.uploads.upload("a.bin");
  async function* words() {
    yield "one";
  }
  // @ts-expect-error an async generator of the wrong item type
  void window.uploads.doubled(words());
  // @ts-expect-error a method that takes a stream has no timeout
  void window.uploads.upload("a.bin", [], { timeout: 5 });
  // @ts-expect-error what doubled streams back is numbers, not a promise
  const wrong: Promise<number> = window.uploads.doubled([1]);
  void wrong;
}
