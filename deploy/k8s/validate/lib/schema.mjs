// Schema checks of rendered manifests against the Kubernetes API types of kubernetes-models:
//  1. the package's JSON-schema validation (wrong types, missing required fields, bad enums);
//  2. a TypeScript --strict --noEmit check of every document written as an object literal of
//     the package's interface type (IStatefulSet, IService, ...): this is what catches an
//     unknown field such as `replicaz:`, which the JSON schemas allow.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, modulePath } from "./documents.mjs";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(here, "package.json"));

// Returns a list of error messages (empty when every document is valid).
export function validateModels(docs) {
  const errors = [];
  for (const doc of docs) {
    let module;
    try {
      module = require(`kubernetes-models/${modulePath(doc)}`);
    } catch (e) {
      errors.push(`${describe(doc)}: unknown apiVersion ${doc.apiVersion}`);
      continue;
    }
    const Model = module[doc.kind];
    if (typeof Model !== "function") {
      errors.push(`${describe(doc)}: unknown kind ${doc.kind} in ${doc.apiVersion}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      errors.push(`${describe(doc)}: ${e.message}`);
    }
  }
  return errors;
}

// Builds the TypeScript source: one typed constant per document.
function typedSource(docs) {
  const lines = [];
  docs.forEach((doc, i) => {
    const type = `I${doc.kind}`;
    lines.push(`import type { ${type} as T${i} } from "kubernetes-models/${modulePath(doc)}/${doc.kind}";`);
  });
  docs.forEach((doc, i) => {
    lines.push(`// ${describe(doc)}`);
    lines.push(`export const doc${i}: T${i} = ${JSON.stringify(doc, null, 2)};`);
  });
  return lines.join("\n") + "\n";
}

// Type-checks the documents in memory (nothing is written); returns error messages.
export function typeCheck(docs) {
  const fileName = join(here, "__rendered_manifests__.ts");
  const source = typedSource(docs);
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, version)
      : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  const sourceLines = source.split("\n");
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const where = d.file.fileName === fileName ? documentAt(sourceLines, line) : d.file.fileName;
    return `${where}: ${message}`;
  });
}

// The "// Kind/name" comment above a line of the generated source.
function documentAt(sourceLines, line) {
  for (let i = line; i >= 0; --i) {
    if (sourceLines[i].startsWith("// ")) return sourceLines[i].slice(3);
  }
  return "manifests";
}
