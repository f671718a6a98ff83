#!/usr/bin/env node
// Writes schemas/src/window_properties.rs: every property a page's `window`
// has before a preload runs, with where TypeScript declares it. A namespace
// is exposed as `window.<namespace>`, and `contextBridge.exposeInMainWorld`
// throws for a key the window already has (own or inherited), so the macro
// and ipc-codegen refuse these names.
//
//   node schemas/scripts/window-globals.js           # rewrite the file
//   node schemas/scripts/window-globals.js --check   # exit 1 when it is not current
//
// The names come from the TypeScript compiler API over the declarations of
// the `typescript` package pinned in package.json:
//   - the members of the `Window` interface of lib.dom.d.ts, inherited ones
//     included (EventTarget, GlobalEventHandlers, WindowOrWorkerGlobalScope, …);
//   - the properties of `typeof globalThis`: the `declare var`, `declare
//     function` and value namespaces of lib.dom.d.ts and of the ECMAScript
//     libraries (`Event`, `alert`, `CSS`, `JSON`, …);
//   - the members of `Object.prototype` (lib.es5.d.ts), which `window`
//     inherits.
// Regenerate after upgrading `typescript`; ./scripts/test.sh runs --check.

"use strict";

const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const OUTPUT = path.join(__dirname, "..", "src", "window_properties.rs");
// The DOM, and every ECMAScript library (lib.esnext.d.ts references them all).
const LIBS = ["lib.esnext.d.ts", "lib.dom.d.ts"];

/** A program of the libraries alone: one empty root file, no @types. */
function libraryProgram() {
  const options = { lib: LIBS, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const root = path.join(__dirname, "window-globals.probe.ts");
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === root ? ts.createSourceFile(name, "", language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === root || fileExists(name);
  return ts.createProgram({ rootNames: [root], options, host });
}

/** The symbol of `interface <name>` declared in the library `file`. */
function interfaceSymbol(program, checker, file, name) {
  const source = program.getSourceFiles().find((f) => path.basename(f.fileName) === file);
  if (!source) {
    throw new Error(`${file} is not part of the program`);
  }
  const declaration = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!declaration) {
    throw new Error(`no interface ${name} in ${file}`);
  }
  return checker.getSymbolAtLocation(declaration.name);
}

/** `GlobalEventHandlers.onclick in lib.dom.d.ts` for an interface member. */
function memberOrigin(property) {
  const declaration = property.declarations[0];
  const owner = declaration.parent;
  if (!ts.isInterfaceDeclaration(owner)) {
    throw new Error(`${property.name} is not declared in an interface`);
  }
  return `${owner.name.text}.${property.name} in ${path.basename(declaration.getSourceFile().fileName)}`;
}

/** `declare var Event in lib.dom.d.ts` for a property of `typeof globalThis`. */
function globalOrigin(property) {
  const declaration = property.valueDeclaration;
  if (!declaration) {
    // `globalThis` and `undefined` are built into the checker.
    return `a global built into TypeScript`;
  }
  const file = path.basename(declaration.getSourceFile().fileName);
  let kind;
  if (ts.isVariableDeclaration(declaration)) {
    kind = "var";
  } else if (ts.isFunctionDeclaration(declaration)) {
    kind = "function";
  } else if (ts.isModuleDeclaration(declaration)) {
    kind = "namespace";
  } else {
    throw new Error(`${property.name}: unexpected ${ts.SyntaxKind[declaration.kind]} in ${file}`);
  }
  return `declare ${kind} ${property.name} in ${file}`;
}

/** [name, origin] pairs, sorted by name; the first origin found wins. */
function windowProperties() {
  const program = libraryProgram();
  const checker = program.getTypeChecker();
  const origins = new Map();
  const add = (name, origin) => {
    if (!origins.has(name)) {
      origins.set(name, origin);
    }
  };

  const window = checker.getDeclaredTypeOfSymbol(interfaceSymbol(program, checker, "lib.dom.d.ts", "Window"));
  for (const property of checker.getPropertiesOfType(window)) {
    add(property.name, memberOrigin(property));
  }

  const globalObject = checker.resolveName("globalThis", undefined, ts.SymbolFlags.Value, false);
  for (const property of checker.getPropertiesOfType(checker.getTypeOfSymbol(globalObject))) {
    add(property.name, globalOrigin(property));
  }

  const object = checker.getDeclaredTypeOfSymbol(interfaceSymbol(program, checker, "lib.es5.d.ts", "Object"));
  for (const property of checker.getPropertiesOfType(object)) {
    add(property.name, `Object.prototype.${property.name} in lib.es5.d.ts`);
  }

  const names = [...origins.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    // Written into a Rust string literal as they are.
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || !/^[\w$. ]+$/.test(origins.get(name))) {
      throw new Error(`unexpected characters in ${name}: ${origins.get(name)}`);
    }
  }
  return names.map((name) => [name, origins.get(name)]);
}

function render(properties) {
  const lines = [
    "// @generated by schemas/scripts/window-globals.js from the declarations of",
    `// TypeScript ${ts.version} (${LIBS.join(", ")}). Do not edit: regenerate with`,
    "// `node schemas/scripts/window-globals.js` after upgrading `typescript`.",
    "",
    "//! Every property a page's `window` has before a preload runs, sorted by",
    "//! name, with where TypeScript declares it: the members of `Window` and of",
    "//! its base interfaces, the globals of the DOM and ECMAScript libraries,",
    "//! and the members of `Object.prototype`.",
    "",
    "#[rustfmt::skip]",
    "pub(crate) static WINDOW_PROPERTIES: &[(&str, &str)] = &[",
    ...properties.map(([name, origin]) => `    ("${name}", "${origin}"),`),
    "];",
    "",
  ];
  return lines.join("\n");
}

function main() {
  const check = process.argv.includes("--check");
  const expected = render(windowProperties());
  const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, "utf8") : null;
  const shown = path.relative(process.cwd(), OUTPUT);
  if (current === expected) {
    console.log(`${shown} is current`);
    return;
  }
  if (check) {
    console.error(
      `${shown} is not current with TypeScript ${ts.version}: ` +
        "run `node schemas/scripts/window-globals.js` and commit the result",
    );
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(OUTPUT, expected);
  console.log(`wrote ${shown}`);
}

main();
