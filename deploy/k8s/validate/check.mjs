#!/usr/bin/env node
// Offline checks of rendered OrdinalDB manifests (the output of `kubectl kustomize`).
//
//   node check.mjs schema FILE                 every object validates (kubernetes-models schema
//                                              and a strict TypeScript check of its fields)
//   node check.mjs properties FILE [--storage-class NAME]
//                                              the properties of issue 5 hold
//   node check.mjs pod-flags FILE N --root DIR --address-template T --port P --metrics-port M \
//       --mysql-port Q
//                                              prints pod N's flags and environment translated
//                                              to the local runner (lib/pod_flags.mjs)
//   node check.mjs pod-run FILE N --address-template T --volume V --secret-dir D
//                                              prints how to run pod N with podman on one
//                                              machine (lib/pod_run.mjs)
//   node check.mjs job-run FILE CRONJOB --address-template T --volume V --secret-dir D \
//       --config-dir C
//                                              the same for the Job of CronJob CRONJOB; its
//                                              ConfigMap volumes are written under C
//   node check.mjs image FILE DOCKERFILE     the image installs what the pod runs, as its
//                                              user, with its volume path and ports
// Exit status: 0 when the check holds, 1 when it does not (reasons on stderr), 2 on misuse.
import { readDocuments } from "./lib/documents.mjs";
import { podFlags } from "./lib/pod_flags.mjs";
import { jobRun, podRun } from "./lib/pod_run.mjs";
import { checkImage } from "./lib/image.mjs";
import { checkProperties } from "./lib/properties.mjs";
import { typeCheck, validateModels } from "./lib/schema.mjs";

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : undefined;
}

function report(what, file, failures) {
  for (const f of failures) console.error(`${what}: ${f}`);
  if (failures.length > 0) {
    console.error(`${what}: ${failures.length} problem(s) in ${file}`);
    return 1;
  }
  console.log(`${what}: ok (${file})`);
  return 0;
}

function main(argv) {
  const [command, file, ...rest] = argv;
  if (!command || !file) {
    console.error("usage: check.mjs schema|properties|pod-flags FILE [options]");
    return 2;
  }
  const docs = readDocuments(file);
  if (command === "schema") {
    const failures = [...validateModels(docs), ...typeCheck(docs)];
    return report(`schema (${docs.length} objects)`, file, failures);
  }
  if (command === "properties") {
    return report("properties", file,
                  checkProperties(docs, { storageClassName: option(rest, "--storage-class") }));
  }
  if (command === "image") {
    if (!rest[0]) {
      console.error("usage: check.mjs image FILE DOCKERFILE");
      return 2;
    }
    return report("image", rest[0], checkImage(docs, rest[0]));
  }
  if (command === "pod-flags") {
    const local = {
      ordinal: Number(rest[0]),
      root: option(rest, "--root"),
      addressTemplate: option(rest, "--address-template"),
      port: option(rest, "--port"),
      metricsPort: option(rest, "--metrics-port"),
      mysqlPort: option(rest, "--mysql-port"),
    };
    if (!Number.isInteger(local.ordinal) || Object.values(local).some((v) => v === undefined)) {
      console.error("usage: check.mjs pod-flags FILE N --root DIR --address-template T --port P --metrics-port M --mysql-port Q");
      return 2;
    }
    console.log(podFlags(docs, local).join("\n"));
    return 0;
  }
  if (command === "pod-run") {
    const local = {
      ordinal: Number(rest[0]),
      addressTemplate: option(rest, "--address-template"),
      volume: option(rest, "--volume"),
      secretDir: option(rest, "--secret-dir"),
    };
    if (!Number.isInteger(local.ordinal) || Object.values(local).some((v) => v === undefined)) {
      console.error("usage: check.mjs pod-run FILE N --address-template T --volume V --secret-dir D");
      return 2;
    }
    console.log(podRun(docs, local).join("\n"));
    return 0;
  }
  if (command === "job-run") {
    const local = {
      addressTemplate: option(rest, "--address-template"),
      volume: option(rest, "--volume"),
      secretDir: option(rest, "--secret-dir"),
      configDir: option(rest, "--config-dir"),
    };
    if (!rest[0] || rest[0].startsWith("--") || Object.values(local).some((v) => v === undefined)) {
      console.error("usage: check.mjs job-run FILE CRONJOB --address-template T --volume V --secret-dir D --config-dir C");
      return 2;
    }
    console.log(jobRun(docs, rest[0], local).join("\n"));
    return 0;
  }
  console.error(`unknown command ${command}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`check.mjs: ${e.message}`);
  process.exitCode = 1;
}
