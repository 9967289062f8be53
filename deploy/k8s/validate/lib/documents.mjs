// Reading rendered manifests: the YAML stream `kubectl kustomize` prints, as plain objects.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// Returns the non-empty documents of a multi-document YAML file, or throws on a syntax error.
export function readDocuments(path) {
  const text = readFileSync(path, "utf8");
  const docs = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) docs.push(value);
  }
  return docs;
}

// "apps/v1" -> "apps/v1"; "v1" (the core group) -> "v1": the kubernetes-models module path.
export function modulePath(doc) {
  return String(doc.apiVersion);
}

export function describe(doc) {
  return `${doc.kind}/${doc.metadata?.name ?? "(unnamed)"}`;
}

export function findOne(docs, kind, name) {
  const found = docs.filter((d) => d.kind === kind && d.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}/${name}, found ${found.length}`);
  }
  return found[0];
}
