// The container image (deploy/Dockerfile) against the StatefulSet that runs it: the binary
// the pod starts is the one the image installs, as the user, on the volume path and with the
// ports the pod declares. Returns failure messages.
import { readFileSync } from "node:fs";
import { findOne } from "./documents.mjs";

// The Dockerfile's instructions of the final stage, as [keyword, argument text] pairs.
function finalStage(path) {
  const text = readFileSync(path, "utf8").replace(/\\\n/g, " ");
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  let stage = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage = [];
    stage.push([keyword.toUpperCase(), rest.join(" ")]);
  }
  return stage;
}

function all(stage, keyword) {
  return stage.filter(([k]) => k === keyword).map(([, v]) => v);
}

export function checkImage(docs, dockerfile) {
  const failures = [];
  const expect = (ok, message) => ok || failures.push(message);
  const sts = findOne(docs, "StatefulSet", "ordinal");
  const pod = sts.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "ordinald");
  const stage = finalStage(dockerfile);

  const entrypoint = JSON.parse(all(stage, "ENTRYPOINT").at(-1) ?? "[]");
  expect(entrypoint[0] === container.command?.[0],
         `ENTRYPOINT ${entrypoint[0]} differs from the pod's command ${container.command?.[0]}`);
  const copied = all(stage, "COPY").map((c) => c.split(/\s+/).at(-1));
  expect(copied.includes(container.command?.[0]),
         `the image does not install ${container.command?.[0]} (COPY destinations: ${copied})`);
  const user = all(stage, "USER").at(-1);
  expect(user === `${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`,
         `USER ${user} differs from runAsUser:runAsGroup`);
  const dataMount = container.volumeMounts.find((m) => m.name === "data")?.mountPath;
  expect(all(stage, "VOLUME").includes(dataMount), `VOLUME is not the data mount ${dataMount}`);
  const exposed = all(stage, "EXPOSE").join(" ").split(/\s+/).map(Number).sort();
  const declared = container.ports.map((p) => p.containerPort).sort();
  expect(JSON.stringify(exposed) === JSON.stringify(declared),
         `EXPOSE ${exposed} differs from the container ports ${declared}`);
  return failures;
}
