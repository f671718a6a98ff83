// A mock stream is fed by the test: an async generator, an array, or a failure.
import { fail, installIpcMock } from "../../fixtures/streams/expected/ipc-mock.cjs";

const mock = installIpcMock(globalThis, {
  feed: {
    async *numbers(from, count) {
      for (let n = from; n < from + (count ?? 3); n++) yield n;
    },
    tail: (file) => (file === "" ? fail("NoFile" as const) : [{ file, number: 1, text: "one" }]),
  },
});
mock.feed.handle("explodeAt", () => [1, 2, 3]);
const calls: Array<[at: number]> = mock.feed.calls("explodeAt");
console.log(calls);
// @ts-expect-error the items of numbers are numbers
mock.feed.handle("numbers", () => ["one"]);
// @ts-expect-error the setup error of tail is a TailError
mock.feed.handle("tail", () => fail("Missing" as const));
