"use strict";
// How values are copied between realms: contextBridge's conversion
// (PassValueToOtherContext in shell/renderer/api/electron_api_context_bridge.cc)
// and the structured clone algorithm of IPC (V8's ValueSerializer).
//
// `codecKit` is compiled inside every realm of a renderer, the page's world
// and the preload's isolated world, before any other script of that realm
// runs, and called once with host hooks; the harness also calls it in Node's
// realm for the main process's end of IPC. A copy is made by two kits: the
// source realm's kit reads the value with the intrinsics it captured at
// start-up and writes a tape (an array of primitives, plus the few objects
// listed in `refs`); the destination realm's kit builds the copy from the
// tape with its own intrinsics. So page code that runs during a copy (a
// getter, a Proxy trap, a replaced `Array.prototype` method) is only ever
// called from its own realm's kit and handed its own realm's objects, and
// nothing a page replaces changes how a copy is made: as in Electron, where
// the copy is made in C++ and each world has its own intrinsics.
//
// Kit code is strict, never spreads or destructures arrays, never uses
// for-of (all of which call `Array.prototype[Symbol.iterator]`), and reads
// only own properties of the objects it creates (null-prototype records and
// arrays), so replaced prototypes of its own realm cannot reach it either.

/**
 * Compiled inside each realm and called once. Must not refer to anything
 * outside its own body: it is transplanted by source.
 *
 * `host.types`: Node's `util.types` (native brand checks, which run no
 * JavaScript); `host.platformObjectKey`: the symbol that marks jsdom's DOM
 * wrappers (DOM objects are not cloneable), or undefined.
 */
function codecKit(host) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";

  // ---- Intrinsics, captured before any other script of this realm ran ----
  const { apply, construct, ownKeys, getPrototypeOf, getOwnPropertyDescriptor, deleteProperty } = Reflect;
  const { create, freeze, isFrozen, setPrototypeOf, defineProperty, getOwnPropertyNames } = Object;
  const ObjectCtor = Object;
  const ObjectPrototype = Object.prototype;
  const ArrayCtor = Array;
  const isArray = Array.isArray;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const PromiseCtor = Promise;
  const MapCtor = Map;
  const SetCtor = Set;
  const WeakMapCtor = WeakMap;
  const DateCtor = Date;
  const RegExpCtor = RegExp;
  const ArrayBufferCtor = ArrayBuffer;
  const DataViewCtor = DataView;
  const Uint8ArrayCtor = Uint8Array;
  const StringCtor = String;
  // Global (indirect) eval of this realm: compiles script text in its global
  // scope, as `v8::Script::Compile` in the target context does for
  // contextBridge.executeInMainWorld. (Called through this name, never as
  // `eval(…)`, it is the indirect, global eval.)
  // biome-ignore lint/security/noGlobalEval: executeInMainWorld compiles a function's source text in this realm, as Electron does
  const evalInRealm = eval;
  const FunctionToString = Function.prototype.toString;
  const uncurry =
    (fn) =>
    (self, ...args) =>
      apply(fn, self, args);
  const getter = (object, name) => {
    const descriptor = getOwnPropertyDescriptor(object, name);
    return descriptor !== undefined && descriptor.get !== undefined ? uncurry(descriptor.get) : undefined;
  };
  const hasOwn = uncurry(ObjectPrototype.hasOwnProperty);
  const isEnumerable = uncurry(ObjectPrototype.propertyIsEnumerable);
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const mapForEach = uncurry(Map.prototype.forEach);
  const setAdd = uncurry(Set.prototype.add);
  const setHas = uncurry(Set.prototype.has);
  const setForEach = uncurry(Set.prototype.forEach);
  const weakMapGet = uncurry(WeakMap.prototype.get);
  const weakMapSet = uncurry(WeakMap.prototype.set);
  const dateGetTime = uncurry(Date.prototype.getTime);
  const booleanValue = uncurry(Boolean.prototype.valueOf);
  const numberValue = uncurry(Number.prototype.valueOf);
  const stringValue = uncurry(String.prototype.valueOf);
  const bigintValue = uncurry(BigInt.prototype.valueOf);
  const symbolToString = uncurry(Symbol.prototype.toString);
  const errorToString = uncurry(Error.prototype.toString);
  const regexpSource = getter(RegExp.prototype, "source");
  // The flags in the order `RegExp.prototype.flags` writes them, each read
  // from the regexp's internal slot (the `flags` getter itself reads
  // properties, which a page may have replaced).
  const regexpFlags = setPrototypeOf([], null);
  const flagNames = [
    "d",
    "hasIndices",
    "g",
    "global",
    "i",
    "ignoreCase",
    "m",
    "multiline",
    "s",
    "dotAll",
    "u",
    "unicode",
    "v",
    "unicodeSets",
    "y",
    "sticky",
  ];
  for (let i = 0; i < flagNames.length; i += 2) {
    const read = getter(RegExp.prototype, flagNames[i + 1]);
    if (read !== undefined) regexpFlags[regexpFlags.length] = freeze({ __proto__: null, letter: flagNames[i], read });
  }
  const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  const typedArrayName = getter(TypedArrayPrototype, Symbol.toStringTag);
  const typedArrayBuffer = getter(TypedArrayPrototype, "buffer");
  const typedArrayOffset = getter(TypedArrayPrototype, "byteOffset");
  const typedArrayLength = getter(TypedArrayPrototype, "length");
  const typedArraySet = uncurry(TypedArrayPrototype.set);
  const dataViewBuffer = getter(DataView.prototype, "buffer");
  const dataViewOffset = getter(DataView.prototype, "byteOffset");
  const dataViewLength = getter(DataView.prototype, "byteLength");
  const bufferLength = getter(ArrayBuffer.prototype, "byteLength");
  const bufferResizable = getter(ArrayBuffer.prototype, "resizable");
  const bufferMaxLength = getter(ArrayBuffer.prototype, "maxByteLength");
  const weakRefDeref = typeof WeakRef === "function" ? uncurry(WeakRef.prototype.deref) : undefined;
  const typedArrays = freeze({
    __proto__: null,
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
  });
  const errorKinds = freeze({
    __proto__: null,
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
  });
  const realmGlobal = globalThis;

  // Native brand checks (Node's util.types): they read V8's object type only.
  // Wrapped so that nothing they could throw leaves as an object of Node.
  const brand = (check) => (value) => {
    try {
      return check(value) === true;
    } catch {
      throw construct(ErrorCtor, ["a type check failed in the test harness"]);
    }
  };
  const types = host.types;
  const isProxy = brand(types.isProxy);
  const isPromise = brand(types.isPromise);
  const isNativeError = brand(types.isNativeError);
  const isDate = brand(types.isDate);
  const isRegExp = brand(types.isRegExp);
  const isMap = brand(types.isMap);
  const isSet = brand(types.isSet);
  const isMapIterator = brand(types.isMapIterator);
  const isSetIterator = brand(types.isSetIterator);
  const isWeakMap = brand(types.isWeakMap);
  const isWeakSet = brand(types.isWeakSet);
  const isArrayBuffer = brand(types.isArrayBuffer);
  const isSharedArrayBuffer = brand(types.isSharedArrayBuffer);
  const isArrayBufferView = brand(types.isArrayBufferView);
  const isDataView = brand(types.isDataView);
  const isTypedArray = brand(types.isTypedArray);
  const isBooleanObject = brand(types.isBooleanObject);
  const isNumberObject = brand(types.isNumberObject);
  const isStringObject = brand(types.isStringObject);
  const isBigIntObject = brand(types.isBigIntObject);
  const isSymbolObject = brand(types.isSymbolObject);
  const isArgumentsObject = brand(types.isArgumentsObject);
  const isGeneratorObject = brand(types.isGeneratorObject);
  const isModuleNamespaceObject = brand(types.isModuleNamespaceObject);
  const isExternal = brand(types.isExternal);
  const platformObjectKey = host.platformObjectKey;

  const CLONE_FAILED = "An object could not be cloned.";
  const MAX_RECURSION = 1000;
  const RECURSION_EXCEEDED =
    "Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are not supported.";
  const UNKNOWN_EXCEPTION =
    "An unknown exception occurred in the isolated context, an error occurred but a valid exception was not thrown.";

  // ---- Own-property-only helpers ----
  /** An array with no prototype: writing an index never reaches a setter. */
  const newList = () => setPrototypeOf([], null);
  const push = (list, value) => {
    list[list.length] = value;
  };
  const record = () => create(null);
  /**
   * CreateDataProperty: a key named "__proto__" stays an own property.
   * (Descriptors have no prototype: a `get` the page put on
   * Object.prototype must not turn them into accessors.)
   */
  const defineData = (object, key, value) => {
    defineProperty(object, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  };
  const isObject = (value) => value !== null && (typeof value === "object" || typeof value === "function");
  const isWeakRef = (value) => {
    if (weakRefDeref === undefined) return false;
    try {
      weakRefDeref(value);
      return true;
    } catch {
      return false;
    }
  };
  /** Own enumerable keys, in property order (strings, and symbols when asked). */
  function enumerableKeys(object, withSymbols) {
    const all = ownKeys(object);
    const keys = newList();
    for (let i = 0; i < all.length; i++) {
      const key = all[i];
      if ((withSymbols || typeof key === "string") && isEnumerable(object, key)) push(keys, key);
    }
    return keys;
  }
  /** What V8 prints for an uncaught value (v8::Message::Get): "Uncaught Error: message". */
  function uncaughtText(value) {
    let text;
    try {
      if (typeof value === "symbol") text = symbolToString(value);
      else if (isNativeError(value)) text = errorToString(value);
      else if (isObject(value)) text = "#<Object>";
      else text = StringCtor(value);
    } catch {
      text = "#<Object>";
    }
    return `Uncaught ${typeof text === "string" ? text : "#<Object>"}`;
  }

  // ---- The tape ----
  // Values are written in prefix order. Objects are numbered in the order
  // they are written; REF names an earlier one (shared references, cycles).
  const PRIMITIVE = 0;
  const REF = 1;
  const OBJECT = 2; // then ENTRY key value … END
  const ARRAY = 3; // length, then ENTRY index value … END
  const ENTRY = 4;
  const END = 5;
  const DATE = 6; // time
  const REGEXP = 7; // source, flags
  const BOXED = 8; // kind, primitive
  const BUFFER = 9; // refs index of a byte copy, maxByteLength or undefined
  const VIEW = 10; // kind, byteOffset, length; then the buffer (BUFFER or REF)
  const MAP = 11; // key value … END
  const SET = 12; // value … END
  const ERROR = 13; // kind, hasMessage, message, stack, hasCause[, cause]
  const BRIDGE_ERROR = 14; // message (contextBridge: a new Error, message only)
  const FUNCTION = 15; // refs index of the source function
  const PROMISE = 16; // refs index of the source promise
  const UNWRAP = 17; // refs index of a function of the destination realm
  const CLONE = 18; // a structured clone inside a contextBridge copy …
  const CLONE_END = 19; // … with its own numbering
  const LIST = 20; // an argument list: values … END

  // ---- The structured clone algorithm (V8's ValueSerializer) ----

  /** Encodes `root` into `region` ({ tape, refs, memo, count }); throws on the first value V8 refuses. */
  function cloneInto(region, root) {
    const frames = newList();
    cloneValue(region, frames, root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.index >= frame.items.length) {
        push(region.tape, END);
        frames.length -= 1;
      } else if (frame.keyed) {
        const key = frame.items[frame.index++];
        // A getter may have deleted a later property: V8 skips it.
        if (!hasOwn(frame.object, key)) continue;
        const value = frame.object[key];
        push(region.tape, ENTRY);
        push(region.tape, key);
        cloneValue(region, frames, value);
      } else {
        cloneValue(region, frames, frame.items[frame.index++]);
      }
    }
  }

  function cloneValue(region, frames, value) {
    const tape = region.tape;
    if (!isObject(value)) {
      if (typeof value === "symbol") throw construct(ErrorCtor, [CLONE_FAILED]);
      push(tape, PRIMITIVE);
      push(tape, value);
      return;
    }
    const known = mapGet(region.memo, value);
    if (known !== undefined) {
      push(tape, REF);
      push(tape, known);
      return;
    }
    if (
      typeof value === "function" ||
      isProxy(value) ||
      isPromise(value) ||
      isWeakMap(value) ||
      isWeakSet(value) ||
      isSymbolObject(value) ||
      isSharedArrayBuffer(value) ||
      isArgumentsObject(value) ||
      isGeneratorObject(value) ||
      isModuleNamespaceObject(value) ||
      isMapIterator(value) ||
      isSetIterator(value) ||
      isExternal(value) ||
      isWeakRef(value) ||
      (platformObjectKey !== undefined && hasOwn(value, platformObjectKey))
    ) {
      throw construct(ErrorCtor, [CLONE_FAILED]);
    }
    mapSet(region.memo, value, region.count++);
    const open = (items, keyed) => {
      const frame = record();
      frame.object = value;
      frame.items = items;
      frame.keyed = keyed;
      frame.index = 0;
      push(frames, frame);
    };
    if (isArray(value)) {
      push(tape, ARRAY);
      push(tape, value.length);
      open(enumerableKeys(value, false), true);
    } else if (isDate(value)) {
      push(tape, DATE);
      push(tape, dateGetTime(value));
    } else if (isRegExp(value)) {
      let flags = "";
      for (let i = 0; i < regexpFlags.length; i++) if (regexpFlags[i].read(value)) flags += regexpFlags[i].letter;
      push(tape, REGEXP);
      push(tape, regexpSource(value));
      push(tape, flags);
    } else if (isBooleanObject(value) || isNumberObject(value) || isStringObject(value) || isBigIntObject(value)) {
      push(tape, BOXED);
      if (isBooleanObject(value)) push(tape, booleanValue(value));
      else if (isNumberObject(value)) push(tape, numberValue(value));
      else if (isStringObject(value)) push(tape, stringValue(value));
      else push(tape, bigintValue(value));
    } else if (isArrayBuffer(value)) {
      writeBuffer(region, value);
    } else if (isArrayBufferView(value)) {
      const dataView = isDataView(value);
      const buffer = dataView ? dataViewBuffer(value) : typedArrayBuffer(value);
      push(tape, VIEW);
      push(tape, dataView ? "DataView" : typedArrayName(value));
      push(tape, dataView ? dataViewOffset(value) : typedArrayOffset(value));
      push(tape, dataView ? dataViewLength(value) : typedArrayLength(value));
      if (isSharedArrayBuffer(buffer)) throw construct(ErrorCtor, [CLONE_FAILED]);
      const bufferId = mapGet(region.memo, buffer);
      if (bufferId !== undefined) {
        push(tape, REF);
        push(tape, bufferId);
      } else {
        mapSet(region.memo, buffer, region.count++);
        writeBuffer(region, buffer);
      }
    } else if (isMap(value)) {
      // V8 copies the entries first: a getter run later cannot change them.
      const items = newList();
      mapForEach(value, (entryValue, entryKey) => {
        push(items, entryKey);
        push(items, entryValue);
      });
      push(tape, MAP);
      open(items, false);
    } else if (isSet(value)) {
      const items = newList();
      setForEach(value, (entry) => push(items, entry));
      push(tape, SET);
      open(items, false);
    } else if (isNativeError(value)) {
      // ValueSerializer::WriteJSError: the prototype by name, an own data
      // `message`, a string `stack` and an own data `cause`; nothing else.
      const message = getOwnPropertyDescriptor(value, "message");
      const cause = getOwnPropertyDescriptor(value, "cause");
      const name = StringCtor(value.name);
      const stack = value.stack;
      const hasMessage = message !== undefined && hasOwn(message, "value");
      const hasCause = cause !== undefined && hasOwn(cause, "value");
      push(tape, ERROR);
      push(tape, errorKinds[name] !== undefined ? name : "Error");
      push(tape, hasMessage);
      push(tape, hasMessage ? StringCtor(message.value) : undefined);
      push(tape, typeof stack === "string" ? stack : undefined);
      push(tape, hasCause);
      if (hasCause) cloneValue(region, frames, cause.value);
    } else {
      // An ordinary object: its own enumerable string-keyed properties.
      push(tape, OBJECT);
      open(enumerableKeys(value, false), true);
    }
  }

  function writeBuffer(region, buffer) {
    // `new Uint8Array(buffer)` throws for a detached buffer, as V8 refuses it.
    const bytes = construct(Uint8ArrayCtor, [bufferLength(buffer)]);
    typedArraySet(bytes, construct(Uint8ArrayCtor, [buffer]));
    push(region.refs, bytes);
    push(region.tape, BUFFER);
    push(region.tape, region.refs.length - 1);
    push(region.tape, bufferResizable?.(buffer) ? bufferMaxLength(buffer) : undefined);
  }

  const newRegion = (tape, refs) => {
    const region = record();
    region.tape = tape;
    region.refs = refs;
    region.memo = construct(MapCtor, []);
    region.count = 0;
    return region;
  };

  /** The structured clone of `value` as a tape; throws `Error: An object could not be cloned.` of this realm. */
  function encodeClone(value) {
    const out = record();
    out.tape = newList();
    out.refs = newList();
    try {
      cloneInto(newRegion(out.tape, out.refs), value);
    } catch {
      // Electron's serializer reports every failure so (a getter that
      // throws, a stack overflow, a value V8 refuses).
      throw construct(ErrorCtor, [CLONE_FAILED]);
    }
    return out;
  }

  // ---- Decoding (builds values of this realm) ----

  /**
   * Builds the value a tape describes. `link` makes the functions and
   * promises of a contextBridge copy (null for IPC).
   */
  function decode(tape, refs, link) {
    let objects = newList();
    const frames = newList();
    let result;
    let position = 0;
    const next = () => tape[position++];
    const place = (value) => {
      if (frames.length === 0) {
        result = value;
        return;
      }
      const frame = frames[frames.length - 1];
      switch (frame.kind) {
        case "keyed":
          defineData(frame.object, frame.key, value);
          break;
        case "map":
          if (frame.hasKey) {
            mapSet(frame.object, frame.key, value);
            frame.hasKey = false;
          } else {
            frame.key = value;
            frame.hasKey = true;
          }
          break;
        case "set":
          setAdd(frame.object, value);
          break;
        case "list":
          defineData(frame.object, frame.object.length, value);
          break;
        case "clone":
          frame.value = value;
          break;
        case "cause":
          frames.length -= 1;
          defineProperty(frame.object, "cause", {
            __proto__: null,
            value,
            writable: true,
            enumerable: false,
            configurable: true,
          });
          break;
      }
    };
    const open = (kind, object) => {
      const frame = record();
      frame.kind = kind;
      frame.object = object;
      push(frames, frame);
    };
    const register = (object) => push(objects, object);
    const readBuffer = () => {
      const tag = next();
      if (tag === REF) return objects[next()];
      const bytes = refs[next()];
      const maxByteLength = next();
      let buffer;
      if (maxByteLength === undefined) {
        buffer = construct(ArrayBufferCtor, [bytes.length]);
      } else {
        const options = record();
        options.maxByteLength = maxByteLength;
        buffer = construct(ArrayBufferCtor, [bytes.length, options]);
      }
      typedArraySet(construct(Uint8ArrayCtor, [buffer]), bytes);
      register(buffer);
      return buffer;
    };
    while (position < tape.length) {
      const tag = next();
      switch (tag) {
        case PRIMITIVE:
          place(next());
          break;
        case REF:
          place(objects[next()]);
          break;
        case OBJECT: {
          const object = {};
          register(object);
          place(object);
          open("keyed", object);
          break;
        }
        case ARRAY: {
          const array = construct(ArrayCtor, [next()]);
          register(array);
          place(array);
          open("keyed", array);
          break;
        }
        case ENTRY:
          frames[frames.length - 1].key = next();
          break;
        case END:
          frames.length -= 1;
          break;
        case DATE: {
          const date = construct(DateCtor, [next()]);
          register(date);
          place(date);
          break;
        }
        case REGEXP: {
          const source = next();
          const regexp = construct(RegExpCtor, [source, next()]);
          register(regexp);
          place(regexp);
          break;
        }
        case BOXED: {
          const boxed = ObjectCtor(next());
          register(boxed);
          place(boxed);
          break;
        }
        case BUFFER:
          position -= 1;
          place(readBuffer());
          break;
        case VIEW: {
          const kind = next();
          const offset = next();
          const length = next();
          const slot = objects.length;
          register(undefined);
          const buffer = readBuffer();
          const view = construct(kind === "DataView" ? DataViewCtor : typedArrays[kind], [buffer, offset, length]);
          objects[slot] = view;
          place(view);
          break;
        }
        case MAP: {
          const map = construct(MapCtor, []);
          register(map);
          place(map);
          open("map", map);
          break;
        }
        case SET: {
          const set = construct(SetCtor, []);
          register(set);
          place(set);
          open("set", set);
          break;
        }
        case ERROR: {
          const kind = next();
          const hasMessage = next();
          const message = next();
          const stack = next();
          const hasCause = next();
          const error = construct(errorKinds[kind] || ErrorCtor, []);
          if (hasMessage)
            defineProperty(error, "message", {
              __proto__: null,
              value: message,
              writable: true,
              enumerable: false,
              configurable: true,
            });
          // V8 builds the error without capturing a stack of its own.
          if (stack !== undefined)
            defineProperty(error, "stack", {
              __proto__: null,
              value: stack,
              writable: true,
              enumerable: false,
              configurable: true,
            });
          else deleteProperty(error, "stack");
          register(error);
          place(error);
          if (hasCause) open("cause", error);
          break;
        }
        case BRIDGE_ERROR:
          place(construct(ErrorCtor, [next()]));
          break;
        case FUNCTION: {
          const proxy = link.proxyFunction(refs[next()]);
          register(proxy);
          place(proxy);
          break;
        }
        case PROMISE: {
          const promise = link.proxyPromise(refs[next()]);
          register(promise);
          place(promise);
          break;
        }
        case UNWRAP: {
          const original = refs[next()];
          register(original);
          place(original);
          break;
        }
        case CLONE: {
          const frame = record();
          frame.kind = "clone";
          frame.outer = objects;
          frame.slot = objects.length;
          register(undefined);
          objects = newList();
          push(frames, frame);
          break;
        }
        case CLONE_END: {
          const frame = frames[frames.length - 1];
          frames.length -= 1;
          objects = frame.outer;
          objects[frame.slot] = frame.value;
          place(frame.value);
          break;
        }
        case LIST: {
          const list = construct(ArrayCtor, []);
          place(list);
          open("list", list);
          break;
        }
        default:
          throw construct(ErrorCtor, ["the test harness read a malformed tape"]);
      }
    }
    return result;
  }

  // ---- contextBridge (PassValueToOtherContext) ----

  /** proxy function of this realm → the function of the other world it calls. */
  const originals = construct(WeakMapCtor, []);
  let peer = null;

  // IsPlainObject of electron_api_context_bridge.cc (a Proxy first: no
  // other check may run its traps, and Array.isArray throws for a revoked one).
  const isPlainObject = (value) =>
    !(
      isProxy(value) ||
      isDate(value) ||
      isArgumentsObject(value) ||
      isBigIntObject(value) ||
      isBooleanObject(value) ||
      isNumberObject(value) ||
      isStringObject(value) ||
      isSymbolObject(value) ||
      isNativeError(value) ||
      isRegExp(value) ||
      isPromise(value) ||
      isMap(value) ||
      isSet(value) ||
      isMapIterator(value) ||
      isSetIterator(value) ||
      isWeakMap(value) ||
      isWeakSet(value) ||
      isArrayBuffer(value) ||
      isArrayBufferView(value) ||
      isArray(value) ||
      isSharedArrayBuffer(value) ||
      isGeneratorObject(value) ||
      isModuleNamespaceObject(value)
    );

  /**
   * Writes `value` as contextBridge passes it to the other world. Throws
   * (errors of this realm) where Electron throws in the source world.
   */
  function bridgeValue(region, value, depth) {
    const tape = region.tape;
    if (depth >= MAX_RECURSION) throw construct(TypeErrorCtor, [RECURSION_EXCEEDED]);
    // Primitives pass as they are, symbols included (they are shared by the
    // worlds of one isolate): electron/electron spec "should proxy symbols".
    if (!isObject(value)) {
      push(tape, PRIMITIVE);
      push(tape, value);
      return;
    }
    const known = mapGet(region.memo, value);
    if (known !== undefined) {
      push(tape, REF);
      push(tape, known);
      return;
    }
    if (typeof value === "function") {
      mapSet(region.memo, value, region.count++);
      const original = weakMapGet(originals, value);
      push(region.refs, original !== undefined ? original : value);
      push(tape, original !== undefined ? UNWRAP : FUNCTION);
      push(tape, region.refs.length - 1);
      return;
    }
    if (isPromise(value)) {
      mapSet(region.memo, value, region.count++);
      push(region.refs, value);
      push(tape, PROMISE);
      push(tape, region.refs.length - 1);
      return;
    }
    if (isNativeError(value)) {
      // "Errors aren't serializable": a new Error with the message only.
      const message = value.message;
      push(tape, BRIDGE_ERROR);
      push(tape, typeof message === "string" ? message : uncaughtText(value));
      return;
    }
    if (!isProxy(value) && isArray(value)) {
      mapSet(region.memo, value, region.count++);
      const length = value.length;
      push(tape, ARRAY);
      push(tape, length);
      for (let i = 0; i < length; i++) {
        const element = value[i];
        push(tape, ENTRY);
        push(tape, i);
        bridgeValue(region, element, depth + 1);
      }
      push(tape, END);
      return;
    }
    if (isPlainObject(value)) {
      // CreateProxyForAPI: own enumerable keys, symbols included, each read
      // with [[Get]]; one level for the object, one for its values. (A DOM
      // object of jsdom keeps its implementation under a symbol key, which
      // Blink's wrappers do not have: only its string keys are copied.)
      mapSet(region.memo, value, region.count++);
      const platform = platformObjectKey !== undefined && hasOwn(value, platformObjectKey);
      const keys = enumerableKeys(value, !platform);
      push(tape, OBJECT);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const member = value[key];
        push(tape, ENTRY);
        push(tape, key);
        bridgeValue(region, member, depth + 2);
      }
      push(tape, END);
      return;
    }
    // Anything else goes through the structured clone, on its own.
    mapSet(region.memo, value, region.count++);
    push(tape, CLONE);
    try {
      cloneInto(newRegion(tape, region.refs), value);
    } catch {
      throw construct(ErrorCtor, [CLONE_FAILED]);
    }
    push(tape, CLONE_END);
  }

  function encodeBridge(value) {
    const out = record();
    out.tape = newList();
    out.refs = newList();
    bridgeValue(newRegion(out.tape, out.refs), value, 0);
    return out;
  }

  /** The arguments of one call, with one object cache for all of them. */
  function encodeBridgeList(list) {
    const out = record();
    out.tape = newList();
    out.refs = newList();
    const region = newRegion(out.tape, out.refs);
    push(out.tape, LIST);
    for (let i = 0; i < list.length; i++) bridgeValue(region, list[i], 0);
    push(out.tape, END);
    return out;
  }

  // What the other world's kit calls. Each entry point catches everything:
  // an exception of this realm must never escape into the other world.
  const link = freeze({
    /** ProxyFunctionWrapper: a function of this realm calling `original` of the other world. */
    proxyFunction(original) {
      const proxy = (...args) => {
        // Arguments are converted in the caller's world and throw there.
        const input = encodeBridgeList(args);
        let answer;
        try {
          answer = peer.invoke(original, input.tape, input.refs);
        } catch {
          throw construct(ErrorCtor, [UNKNOWN_EXCEPTION]);
        }
        if (answer.threw) throw construct(ErrorCtor, [answer.message]);
        return decode(answer.tape, answer.refs, link);
      };
      weakMapSet(originals, proxy, original);
      return proxy;
    },
    /** A promise of this realm settled as the other world's `source` settles. */
    proxyPromise(source) {
      let settle;
      const promise = construct(PromiseCtor, [
        (resolve, reject) => {
          settle = (outcome, tape, refs, message) => {
            if (outcome === "fail") reject(construct(ErrorCtor, [message]));
            else if (outcome === "resolve") resolve(decode(tape, refs, link));
            else reject(decode(tape, refs, link));
          };
        },
      ]);
      try {
        peer.subscribe(source, settle);
      } catch {
        // The other world is gone: the promise stays pending, as in Electron.
      }
      return promise;
    },
  });

  /** The operations this realm offers to the other world's kit. */
  const remote = freeze({
    invoke(original, tape, refs) {
      const answer = record();
      answer.threw = false;
      try {
        const args = decode(tape, refs, link);
        let result;
        try {
          result = apply(original, original, args);
        } catch (exception) {
          let message = UNKNOWN_EXCEPTION;
          if (isObject(exception)) {
            try {
              const text = exception.message;
              if (typeof text === "string") message = text;
            } catch {
              // keep the generic message
            }
          }
          answer.threw = true;
          answer.message = message;
          return answer;
        }
        try {
          const output = encodeBridge(result);
          answer.tape = output.tape;
          answer.refs = output.refs;
        } catch (exception) {
          // A return value that cannot cross: the caller gets an Error with
          // V8's text for the exception ("Uncaught Error: …").
          answer.threw = true;
          answer.message = uncaughtText(exception);
        }
      } catch {
        answer.threw = true;
        answer.message = UNKNOWN_EXCEPTION;
      }
      return answer;
    },
    subscribe(source, settle) {
      // `await` subscribes without the species lookup of `then`; a `then`
      // it may call (of a promise whose `constructor` was replaced) gets
      // functions of this realm only.
      (async () => {
        let outcome = "resolve";
        let value;
        try {
          value = await source;
        } catch (reason) {
          outcome = "reject";
          value = reason;
        }
        try {
          let output;
          try {
            output = encodeBridge(value);
          } catch (exception) {
            settle("fail", undefined, undefined, uncaughtText(exception));
            return;
          }
          settle(outcome, output.tape, output.refs, undefined);
        } catch {
          // The other world is gone.
        }
      })();
    },
    /**
     * ExecuteInWorld, the target world's half: compiles `(source)` in this
     * realm, calls the function with `null` as `this` and the arguments the
     * caller's kit writes when asked (`prepareArgs`, after the compilation,
     * as Electron proxies them after running the script), and writes the
     * result for the caller. Each failure is answered with the exception's
     * text, as `v8::String::Utf8Value` gives it.
     */
    execute(source, prepareArgs) {
      const answer = record();
      answer.threw = false;
      const fail = (exception, fallback) => {
        answer.threw = true;
        answer.message = exceptionText(exception, fallback);
        return answer;
      };
      let func;
      try {
        func = evalInRealm(`(${source})`);
      } catch (exception) {
        return fail(exception, "Unknown error during script compilation");
      }
      if (typeof func !== "function") {
        answer.threw = true;
        answer.message = "Expected script to result in a function but a non-function type was found";
        return answer;
      }
      let args;
      try {
        const input = prepareArgs();
        if (input.failed !== undefined) {
          answer.threw = true;
          answer.message = input.failed;
          return answer;
        }
        args = decode(input.tape, input.refs, link);
      } catch {
        answer.threw = true;
        answer.message = UNKNOWN_EXCEPTION;
        return answer;
      }
      let result;
      try {
        result = apply(func, null, args);
      } catch (exception) {
        return fail(exception, "Unknown error during function execution");
      }
      try {
        const output = encodeBridge(result);
        answer.tape = output.tape;
        answer.refs = output.refs;
      } catch (exception) {
        return fail(exception, "Unknown error cloning result");
      }
      return answer;
    },
    hasGlobal(key) {
      try {
        return key in realmGlobal;
      } catch {
        return true;
      }
    },
    defineGlobal(key, tape, refs) {
      const api = decode(tape, refs, link);
      if (isObject(api) && !isTypedArray(api)) deepFreeze(api, construct(SetCtor, []));
      defineProperty(realmGlobal, key, {
        __proto__: null,
        value: api,
        writable: false,
        enumerable: true,
        configurable: false,
      });
    },
  });

  /** electron_api_context_bridge.cc DeepFreeze: enumerable string keys, typed arrays left alone. */
  function deepFreeze(object, seen) {
    if (setHas(seen, object)) return;
    setAdd(seen, object);
    const names = getOwnPropertyNames(object);
    for (let i = 0; i < names.length; i++) {
      if (!isEnumerable(object, names[i])) continue;
      const child = object[names[i]];
      if (isObject(child) && !isTypedArray(child)) deepFreeze(child, seen);
    }
    if (!isFrozen(object)) freeze(object);
  }

  /** contextBridge.exposeInMainWorld(apiKey, api), called in the isolated world. */
  function exposeInMainWorld(apiKey, api) {
    if (typeof apiKey !== "string") {
      throw construct(TypeErrorCtor, [
        `Error processing argument at index 0, conversion failure from ${typeof apiKey}`,
      ]);
    }
    let exists;
    try {
      exists = peer.hasGlobal(apiKey);
    } catch {
      exists = true;
    }
    if (exists) throw construct(ErrorCtor, ["Cannot bind an API on top of an existing property on the window object"]);
    const output = encodeBridge(api);
    try {
      peer.defineGlobal(apiKey, output.tape, output.refs);
    } catch {
      throw construct(ErrorCtor, ["Cannot bind an API on top of an existing property on the window object"]);
    }
  }

  /**
   * `v8::String::Utf8Value` of a caught exception: its string conversion
   * (run in this realm, as V8 runs it in the context that caught it), or
   * `fallback` when that throws.
   */
  function exceptionText(exception, fallback) {
    try {
      if (typeof exception === "symbol") return symbolToString(exception);
      return StringCtor(exception);
    } catch {
      return fallback;
    }
  }

  /**
   * contextBridge.executeInMainWorld({ func, args }), called in the isolated
   * world: ExecuteInWorld of electron_api_context_bridge.cc. `func` is
   * serialized with the intrinsic Function.prototype.toString (a function
   * that crossed the bridge serializes as native code and fails to
   * compile), compiled and run in the page's world; `args` and the result
   * cross as contextBridge copies values, the arguments with one object
   * cache. Failures throw an `Error` here carrying the exception's text.
   */
  function executeInMainWorld(...params) {
    const script = params[0];
    if (!isObject(script)) {
      if (params.length >= 1) throw construct(TypeErrorCtor, ["Invalid script"]);
      throw construct(TypeErrorCtor, ["Function 'func' is required in script"]);
    }
    const func = hasOwnOrInherited(script, "func") ? script.func : undefined;
    if (typeof func !== "function") throw construct(TypeErrorCtor, ["Function 'func' is required in script"]);
    let args;
    if (hasOwnOrInherited(script, "args")) {
      args = script.args;
      if (!isArray(args)) throw construct(TypeErrorCtor, ["'args' must be an array"]);
    }
    const source =
      weakMapGet(originals, func) !== undefined ? "function () { [native code] }" : apply(FunctionToString, func, []);
    const prepareArgs = () => {
      const out = record();
      out.tape = newList();
      out.refs = newList();
      const region = newRegion(out.tape, out.refs);
      push(out.tape, LIST);
      const length = args === undefined ? 0 : args.length;
      for (let i = 0; i < length; i++) {
        try {
          bridgeValue(region, args[i], 0);
        } catch {
          const failed = record();
          failed.failed = `Failed to proxy argument at index ${i}`;
          return failed;
        }
      }
      push(out.tape, END);
      return out;
    };
    let answer;
    try {
      answer = peer.execute(source, prepareArgs);
    } catch {
      throw construct(ErrorCtor, [UNKNOWN_EXCEPTION]);
    }
    if (answer.threw) throw construct(ErrorCtor, [answer.message]);
    return decode(answer.tape, answer.refs, link);
  }

  /** Whether `key` is found on `object` or its prototypes (GetRealNamedProperty). */
  function hasOwnOrInherited(object, key) {
    return key in object;
  }

  // ---- IPC, as the isolated world's ipcRenderer does it ----

  /**
   * The link of `ipcRenderer` to the main process: arguments are cloned here,
   * in the isolated world (send throws, invoke rejects, with the clone
   * error); the host gets the tape.
   */
  function ipcTransport(hostSend, hostInvoke, hostSendSync) {
    const failed = () => construct(ErrorCtor, ["the test harness failed to pass an IPC message"]);
    return freeze({
      send(channel, args) {
        const message = encodeClone(args);
        try {
          hostSend(channel, message.tape, message.refs);
        } catch {
          throw failed();
        }
      },
      invoke(channel, args) {
        const message = encodeClone(args);
        return construct(PromiseCtor, [
          (resolve, reject) => {
            // lib/renderer/api/ipc-renderer.ts: the main side answers
            // `{ error: String(err) }` or `{ result }`.
            const reply = (error, tape, refs) => {
              const answer = {};
              if (typeof error === "string") defineData(answer, "error", error);
              else defineData(answer, "result", decode(tape, refs, null));
              resolve(answer);
            };
            try {
              hostInvoke(channel, message.tape, message.refs, reply);
            } catch {
              reject(failed());
            }
          },
        ]);
      },
      // lib/renderer/api/ipc-renderer.ts: sendSync returns the clone of what
      // the main side set as `event.returnValue`, blocking until then.
      sendSync(channel, args) {
        const message = encodeClone(args);
        let answer = null;
        try {
          hostSendSync(channel, message.tape, message.refs, (tape, refs) => {
            answer = decode(tape, refs, null);
          });
        } catch {
          throw failed();
        }
        return answer;
      },
    });
  }

  /** Emits a message from the main process on `emitter` (ipcRenderer): `emit(channel, event, ...args)`. */
  function deliver(emitter, channel, event, tape, refs) {
    const args = decode(tape, refs, null);
    const list = construct(ArrayCtor, []);
    defineData(list, 0, channel);
    defineData(list, 1, event);
    for (let i = 0; i < args.length; i++) defineData(list, i + 2, args[i]);
    apply(emitter.emit, emitter, list);
  }

  // ---- Handing a value of this realm to Node's promises ----

  /**
   * Whether resolving a promise of another realm with `value` could call
   * code of this realm: a callable `then`, an accessor named `then` (which
   * could answer differently on the second read) or a Proxy on the way.
   */
  function couldBeThenable(value) {
    let object = value;
    for (let steps = 0; isObject(object); steps++) {
      if (steps > 10000 || isProxy(object)) return true;
      const descriptor = getOwnPropertyDescriptor(object, "then");
      if (descriptor !== undefined) return !hasOwn(descriptor, "value") || typeof descriptor.value === "function";
      object = getPrototypeOf(object);
    }
    return false;
  }

  /**
   * Awaits `value` here, in this realm (so its `then`, if any, gets functions
   * of this realm), then calls the host's `onValue(result)`, or
   * `onError(reason)`, or `onError(undefined, 'thenable')` when the result
   * itself would be called by the host's promise resolution.
   */
  function settle(value, onValue, onError) {
    (async () => {
      let result;
      try {
        result = await value;
      } catch (reason) {
        onError(reason, undefined);
        return;
      }
      if (couldBeThenable(result)) onError(undefined, "thenable");
      else onValue(result);
    })();
  }

  return freeze({
    encodeClone,
    decode: (tape, refs) => decode(tape, refs, null),
    settle,
    ipcTransport,
    deliver,
    remote,
    /** Links this world to the other one (its kit's `remote`). */
    connect(other) {
      peer = other;
    },
    exposeInMainWorld,
    executeInMainWorld,
    uncaughtText,
    CLONE_FAILED,
  });
}

module.exports = { codecKit };
