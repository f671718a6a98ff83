// A mock handler of a method that takes a stream from the page reads it as an async iterable.
import { fail, installIpcMock } from "../../fixtures/incoming/expected/ipc-mock.cjs";

const mock = installIpcMock(globalThis, {
  uploads: {
    async upload(name, chunks) {
      let size = 0;
      for await (const chunk of chunks) size += chunk.byteLength;
      return name === "" ? fail("Unnamed" as const) : { name, chunks: 1, size, sum: 0 };
    },
    async *doubled(numbers) {
      for await (const n of numbers) yield n * 2;
    },
  },
});
mock.uploads.handle("sum", async (numbers) => {
  let count = 0;
  for await (const _ of numbers) count++;
  return [count, 0];
});
mock.uploads.handle("doubled", async function* (numbers) {
  // @ts-expect-error the items of numbers are numbers, not strings
  for await (const n of numbers) yield n.toUpperCase();
});
// @ts-expect-error the chunks are an async iterable, not an array
mock.uploads.handle("stall", (chunks) => chunks.length);
