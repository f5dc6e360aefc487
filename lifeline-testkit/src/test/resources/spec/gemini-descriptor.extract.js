// Regenerates the Gemini descriptors from Google's own protos (see gemini-descriptor.SOURCE.md):
//
//   node gemini-descriptor.extract.js request GL/build/protos/protos.json \
//     > ../../../main/resources/dev/lifeline/testkit/gemini-request-descriptor.json
//   NODE_PATH=PBJS/node_modules node gemini-descriptor.extract.js response \
//     GL/build/protos/protos.json GAX/build/protos > gemini-response-descriptor.json
//
// GL is the unpacked npm package @google-ai/generativelanguage@4.1.0, GAX the unpacked google-gax@6.17.0
// (whose google/rpc/*.proto define the error details), PBJS a folder with protobufjs@7.5.4 installed
// (it parses those .proto files). Each descriptor keeps only the messages and enums reachable from its
// roots: "request" from v1beta GenerateContentRequest; "response" from the v1beta answers the Gemini
// fake sends (GenerateContentResponse, EmbedContentResponse, BatchEmbedContentsResponse), the REST
// error envelope and the google.rpc error details its google.protobuf.Any entries may hold.
const fs = require("fs");
const path = require("path");

const V1BETA = "google.ai.generativelanguage.v1beta.";
const GL_SOURCE = "@google-ai/generativelanguage@4.1.0 build/protos/protos.json";
const GAX_SOURCE = "google-gax@6.17.0 build/protos/google/rpc/{status,code,error_details}.proto";
const [mode, protosJson, gaxProtos] = process.argv.slice(2);
const root = JSON.parse(fs.readFileSync(protosJson, "utf8"));

function node(name) {
  let n = root;
  for (const part of name.split(".")) {
    n = n && n.nested && n.nested[part];
  }
  return n;
}

// protobufjs resolution: the name is looked up in the scope of the message, then outward.
function resolve(scope, name) {
  const parts = scope.split(".");
  for (let i = parts.length; i >= 0; i--) {
    const candidate = parts.slice(0, i).concat([name]).join(".");
    if (node(candidate)) return candidate;
  }
  throw new Error("cannot resolve " + name + " from " + scope);
}

/** Adds every message in `namespace` of `from` (a protobufjs JSON root) to `root` under it. */
function graft(namespace, from) {
  let source = from;
  let target = root;
  for (const part of namespace.split(".")) {
    source = source.nested[part];
    target.nested[part] = target.nested[part] || { nested: {} };
    target = target.nested[part];
    target.nested = target.nested || {};
  }
  Object.assign(target.nested, source.nested);
  return Object.keys(source.nested).map((name) => namespace + "." + name);
}

const SCALARS = new Set(["double", "float", "int32", "int64", "uint32", "uint64", "sint32",
  "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"]);

let out;
let queue;
if (mode === "request") {
  const start = V1BETA + "GenerateContentRequest";
  out = { source: GL_SOURCE, root: start, messages: {}, enums: {} };
  queue = [start];
} else if (mode === "response") {
  // The error details and the status codes are google-gax's; protos.json has google.rpc.Status only.
  const protobuf = require("protobufjs");
  const rpc = new protobuf.Root();
  rpc.resolvePath = (origin, target) => path.join(gaxProtos, target);
  rpc.loadSync(["google/rpc/status.proto", "google/rpc/code.proto",
    "google/rpc/error_details.proto"]);
  const rpcTypes = graft("google.rpc", rpc.toJSON());
  // Google's REST APIs wrap the google.rpc.Status of a failed call as {"error": {...}}, with the
  // google.rpc.Code name beside the number (the HTTP mapping of AIP-193); no proto declares that
  // envelope, so it is written here.
  root.nested.lifeline = { nested: { rest: { nested: {
    ErrorResponse: { fields: { error: { type: "ErrorStatus", id: 1 } } },
    ErrorStatus: { fields: {
      code: { type: "int32", id: 1 },
      message: { type: "string", id: 2 },
      status: { type: "google.rpc.Code", id: 4 },
      details: { rule: "repeated", type: "google.protobuf.Any", id: 3 },
    } },
  } } } };
  const roots = {
    generateContent: V1BETA + "GenerateContentResponse",
    embedContent: V1BETA + "EmbedContentResponse",
    batchEmbedContents: V1BETA + "BatchEmbedContentsResponse",
    error: "lifeline.rest.ErrorResponse",
  };
  out = { source: GL_SOURCE + "; " + GAX_SOURCE, roots, messages: {}, enums: {} };
  queue = Object.values(roots).concat(rpcTypes);
} else {
  throw new Error("usage: node gemini-descriptor.extract.js request|response PROTOS_JSON [GAX_PROTOS]");
}

while (queue.length) {
  const name = queue.shift();
  if (out.messages[name] || out.enums[name]) continue;
  const def = node(name);
  if (def.values) { out.enums[name] = Object.keys(def.values); continue; }
  if (!def.fields) continue; // a namespace among the grafted names
  const fields = {};
  for (const [fieldName, f] of Object.entries(def.fields || {})) {
    const field = {};
    let type = f.type;
    if (!SCALARS.has(type)) { type = resolve(name, type); queue.push(type); }
    field.type = type;
    if (f.rule === "repeated") field.repeated = true;
    if (f.keyType) field.keyType = f.keyType;
    fields[fieldName] = field;
  }
  const oneofs = {};
  for (const [oneofName, o] of Object.entries(def.oneofs || {})) {
    if (o.oneof.length > 1) oneofs[oneofName] = o.oneof; // proto3 optional: one member, no rule
  }
  out.messages[name] = { fields, oneofs };
}
const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
out.messages = sorted(out.messages);
out.enums = sorted(out.enums);
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
