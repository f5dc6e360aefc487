// Regenerates gemini-request-descriptor.json from the protos.json of the npm package
// @google-ai/generativelanguage (see gemini-request-descriptor.SOURCE.md):
//   npm pack @google-ai/generativelanguage@4.1.0 && tar xzf google-ai-generativelanguage-4.1.0.tgz
//   node gemini-request-descriptor.extract.js package/build/protos/protos.json \
//     > ../../../main/resources/dev/lifeline/testkit/gemini-request-descriptor.json
// It keeps only the messages and enums reachable from v1beta GenerateContentRequest.
const fs = require("fs");
const root = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const START = "google.ai.generativelanguage.v1beta.GenerateContentRequest";

function node(path) {
  let n = root;
  for (const part of path.split(".")) {
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

const SCALARS = new Set(["double", "float", "int32", "int64", "uint32", "uint64", "sint32",
  "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"]);
const out = { source: "@google-ai/generativelanguage@4.1.0 build/protos/protos.json",
  root: START, messages: {}, enums: {} };
const queue = [START];
while (queue.length) {
  const name = queue.shift();
  if (out.messages[name] || out.enums[name]) continue;
  const def = node(name);
  if (def.values) { out.enums[name] = Object.keys(def.values); continue; }
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
