// Checks Kubernetes manifests offline, without an API server: every built-in resource against the API types of
// kubernetes-models (required fields, types, formats) and of @kubernetes/client-node (unknown fields, which the first
// lets through). Arguments are Kustomize directories, rendered with `kubectl kustomize`, or "-" for YAML on stdin.
// Custom resources have no schema here; they are listed as not checked, and fail nothing.
// Exit code: 0 all valid, 1 problems found (each printed as "<source> <kind>/<name> <path>: <problem>"), 2 bad usage.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as clientModels from "@kubernetes/client-node/dist/gen/models/all.js";

// API groups whose types kubernetes-models and @kubernetes/client-node both carry.
const builtInGroups = new Set(["", "apps", "autoscaling", "batch", "policy", "rbac.authorization.k8s.io", "networking.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io"]);

function render(source) {
  if (source === "-") {
    return readFileSync(0, "utf8");
  }

  return execFileSync("kubectl", ["kustomize", source], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function splitApiVersion(apiVersion) {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

// The client's model of a kind: V1Deployment, V2HorizontalPodAutoscaler, V1beta1... (the version, capitalised, then the kind).
function clientModelName(version, kind) {
  return version[0].toUpperCase() + version.slice(1) + kind;
}

const leafTypes = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString", "RuntimeRawExtension"]);

// Walks a document along the client's attribute maps and reports every key the type does not have.
function unknownFields(value, typeName, path, problems) {
  if (value === null || value === undefined || leafTypes.has(typeName)) {
    return;
  }

  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => unknownFields(item, array[1], `${path}[${i}]`, problems));
    }
    return;
  }

  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    for (const [key, item] of Object.entries(value)) {
      unknownFields(item, map[1], `${path}.${key}`, problems);
    }
    return;
  }

  const model = clientModels[typeName];
  if (!model?.getAttributeTypeMap || typeof value !== "object" || Array.isArray(value)) {
    return;
  }

  const attributes = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!attributes.has(key)) {
      problems.push(`${path}.${key}: unknown field (${typeName} has ${[...attributes.keys()].join(", ")})`);
      continue;
    }

    unknownFields(item, attributes.get(key), `${path}.${key}`, problems);
  }
}

async function check(document) {
  const { apiVersion, kind } = document ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { problems: ["the document has no apiVersion and kind"] };
  }

  const { group, version } = splitApiVersion(apiVersion);
  if (!builtInGroups.has(group)) {
    return { unchecked: true, problems: [] };
  }

  let model;
  try {
    ({ [kind]: model } = await import(`kubernetes-models/${apiVersion}/${kind}`));
  } catch {
    return { problems: [`${apiVersion} has no kind ${kind}`] };
  }

  // kubectl wraps long base64 values over lines; the API server's decoder skips line breaks, the "byte" format does not.
  if (kind === "Secret" && document.data) {
    document.data = Object.fromEntries(Object.entries(document.data).map(([key, value]) => [key, String(value).replace(/[\r\n]/g, "")]));
  }

  const problems = [];
  try {
    new model(document).validate();
  } catch (error) {
    problems.push(...String(error.message).split(/,\s*(?=data)/).map(line => line.replace(/^data/, "")));
  }

  const clientName = clientModelName(version, kind);
  if (clientModels[clientName]) {
    unknownFields(document, clientName, "", problems);
  } else {
    problems.push(`no client model ${clientName} to check unknown fields against`);
  }

  return { problems };
}

const sources = process.argv.slice(2);
if (sources.length === 0) {
  console.error("usage: node validate.mjs <kustomize directory | -> ...");
  process.exit(2);
}

let failed = 0;
for (const source of sources) {
  let text;
  try {
    text = render(source);
  } catch (error) {
    console.log(`${source}: kubectl kustomize failed: ${String(error.stderr || error.message).trim()}`);
    failed++;
    continue;
  }

  let checked = 0;
  for (const parsed of parseAllDocuments(text)) {
    if (parsed.errors.length > 0) {
      console.log(`${source}: not YAML: ${parsed.errors[0].message}`);
      failed++;
      continue;
    }

    const document = parsed.toJS();
    if (document === null) {
      continue;
    }

    const name = `${document.kind ?? "?"}/${document.metadata?.name ?? "?"}`;
    const { unchecked, problems } = await check(document);
    if (unchecked) {
      console.log(`${source} ${name}: not checked (${document.apiVersion} is a custom resource without a schema here)`);
      continue;
    }

    checked++;
    for (const problem of problems) {
      console.log(`${source} ${name} ${problem}`);
      failed++;
    }
  }

  console.log(`${source}: ${checked} resources checked`);
}

console.log(failed === 0 ? "all valid" : `${failed} problems`);
process.exit(failed === 0 ? 0 : 1);
