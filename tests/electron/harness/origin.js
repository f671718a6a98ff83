"use strict";
// The origin of a frame, serialized as Chromium does (RFC 6454), which is
// what `WebFrameMain.origin` returns:
//
// - http(s)/ws(s)/ftp: `scheme://host[:port]`, default port left out
//   (WHATWG URL gives the same serialization, IDNs in punycode);
// - file: `file://` (Electron's spec "WebFrame.origin should be file:// for
//   file frames", spec/api-web-frame-main-spec.ts; electron/electron#38888);
// - a custom scheme registered as standard with
//   `protocol.registerSchemesAsPrivileged`: `scheme://host[:port]`;
// - blob: the origin of the URL inside it;
// - anything else (data:, about:, javascript:, unregistered schemes, an empty
//   or unparsable URL, a fresh WebContents): the opaque origin `"null"`.
//
// An `about:blank` child window inherits its opener's origin; the caller
// handles that (see WebFrameMain.origin docs).

const TUPLE_SCHEMES = new Set(["http:", "https:", "ws:", "wss:", "ftp:"]);

function originOf(url, standardSchemes = new Set()) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return "null";
  }
  if (TUPLE_SCHEMES.has(parsed.protocol)) return parsed.origin;
  if (parsed.protocol === "file:") return "file://";
  if (parsed.protocol === "blob:") return originOf(parsed.pathname, standardSchemes);
  const scheme = parsed.protocol.slice(0, -1);
  if (standardSchemes.has(scheme) && parsed.hostname !== "") {
    return `${scheme}://${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}`;
  }
  return "null";
}

/** Whether two origins are the same site for process allocation (scheme + host). */
function sameSite(a, b) {
  if (a === "null" || b === "null") return false;
  const strip = (o) => o.replace(/:\d+$/, "");
  return strip(a) === strip(b);
}

module.exports = { originOf, sameSite };
