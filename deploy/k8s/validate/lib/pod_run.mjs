// How to run pod `ordinal-N` of the rendered StatefulSet, or the Job of the backup CronJob
// (components/backup-cronjob), as a podman container on one machine, for the container test
// (tests/deploy/container_test.sh).
//
// Output: one line per item, "opt X" (an option of `podman run`), "entrypoint X" and "arg X"
// (the container's command and arguments, in the manifest's order). The pod's spec is
// carried over as it is; only what a pod gets from its cluster is supplied locally:
//   the pod network              -> the host's network, the ordinal on its own loopback
//                                   address (--host=0.0.0.0 becomes that address, so that
//                                   nothing listens beyond loopback)
//   the headless Service's names -> --add-host <pod>.<service>:<address> for every ordinal
//   the data PersistentVolume    -> a named podman volume (the Job's claim, too)
//   the Secret                   -> a host directory holding its items, mounted read-only
//   a ConfigMap volume           -> a host directory the ConfigMap's data is written to
//   emptyDir with a sizeLimit    -> a tmpfs of that size
//   securityContext              -> --user, --group-add (fsGroup), --read-only, --cap-drop,
//                                   --security-opt no-new-privileges
//   resources.limits.memory      -> --memory
// Anything else of the pod's spec that cannot be reproduced is an error.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findOne } from "./documents.mjs";
import { environment } from "./pod_flags.mjs";

function bytes(quantity) {
  const m = /^([0-9]+)(Ki|Mi|Gi)?$/.exec(String(quantity));
  if (!m) throw new Error(`quantity ${quantity} is not a whole number of bytes, Ki, Mi or Gi`);
  const scale = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[m[2]] ?? 1;
  return Number(m[1]) * scale;
}

function securityOptions(pod, container) {
  const podCtx = pod.securityContext ?? {};
  const ctx = container.securityContext ?? {};
  const user = ctx.runAsUser ?? podCtx.runAsUser;
  const group = ctx.runAsGroup ?? podCtx.runAsGroup;
  if (user === undefined || group === undefined) throw new Error("the pod sets no runAsUser/runAsGroup");
  const opts = [`--user=${user}:${group}`];
  if (podCtx.fsGroup !== undefined) opts.push(`--group-add=${podCtx.fsGroup}`);
  if (ctx.readOnlyRootFilesystem) opts.push("--read-only");
  for (const cap of ctx.capabilities?.drop ?? []) opts.push(`--cap-drop=${cap}`);
  if (ctx.allowPrivilegeEscalation === false) opts.push("--security-opt=no-new-privileges");
  return opts;
}

// Writes ConfigMap NAME's data into DIR/NAME/<key> and returns that directory.
function configMapDir(docs, name, dir) {
  if (!dir) throw new Error(`ConfigMap volume ${name}: no --config-dir to write it to`);
  const cm = findOne(docs, "ConfigMap", name);
  const target = join(dir, name);
  mkdirSync(target, { recursive: true });
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    writeFileSync(join(target, key), value, { mode: 0o644 });
  }
  return target;
}

function mountOptions(docs, pod, container, claims, local) {
  const opts = [];
  for (const mount of container.volumeMounts ?? []) {
    const ro = mount.readOnly ? ":ro" : "";
    const volume = pod.volumes?.find((v) => v.name === mount.name);
    if (claims.includes(mount.name) || volume?.persistentVolumeClaim) {
      opts.push(`--volume=${local.volume}:${mount.mountPath}${ro}`);
    } else if (volume?.secret) {
      opts.push(`--volume=${local.secretDir}:${mount.mountPath}:ro`);
    } else if (volume?.configMap) {
      opts.push(`--volume=${configMapDir(docs, volume.configMap.name, local.configDir)}:${mount.mountPath}:ro`);
    } else if (volume?.emptyDir) {
      const size = volume.emptyDir.sizeLimit ? `,size=${bytes(volume.emptyDir.sizeLimit)}` : "";
      opts.push(`--tmpfs=${mount.mountPath}:rw,mode=1777${size}`);
    } else {
      throw new Error(
          `volume ${mount.name}: only claims, Secrets, ConfigMaps and emptyDir can be reproduced`);
    }
  }
  return opts;
}

// The options every container gets: the host network with the StatefulSet's pod names
// resolving to their loopback addresses, the security context, mounts, memory, environment.
function commonOptions(docs, sts, pod, container, podName, local) {
  const addressOf = (n) => local.addressTemplate.replaceAll("{ordinal}", String(n));
  const claims = (sts.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
  const opts = ["--network=host", `--hostname=${podName}`];
  for (let n = 0; n < sts.spec.replicas; n++) {
    opts.push(`--add-host=${sts.metadata.name}-${n}.${sts.spec.serviceName}:${addressOf(n)}`);
  }
  opts.push(...securityOptions(pod, container));
  opts.push(...mountOptions(docs, pod, container, claims, local));
  const memory = container.resources?.limits?.memory;
  if (memory) opts.push(`--memory=${bytes(memory)}`);
  for (const e of environment({ container, podName }, docs)) opts.push(`--env=${e}`);
  return opts;
}

function lines(opts, entrypoint, args) {
  return [
    ...opts.map((o) => `opt ${o}`),
    `entrypoint ${entrypoint}`,
    ...args.map((a) => `arg ${a}`),
  ];
}

// local: { ordinal, addressTemplate, volume, secretDir }.
export function podRun(docs, local) {
  const sts = findOne(docs, "StatefulSet", "ordinal");
  const pod = sts.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "ordinald");
  const opts = commonOptions(docs, sts, pod, container, `${sts.metadata.name}-${local.ordinal}`, local);
  if (!container.command || container.command.length !== 1) {
    throw new Error("the container's command must be exactly the server binary");
  }
  const address = local.addressTemplate.replaceAll("{ordinal}", String(local.ordinal));
  const args = (container.args ?? []).map((a) => (a === "--host=0.0.0.0" ? `--host=${address}` : a));
  return lines(opts, container.command[0], args);
}

// The one container of CronJob NAME's Job, which reaches the StatefulSet's pods by name.
// local: { addressTemplate, volume (its claim), secretDir, configDir }.
export function jobRun(docs, name, local) {
  const sts = findOne(docs, "StatefulSet", "ordinal");
  const pod = findOne(docs, "CronJob", name).spec.jobTemplate.spec.template.spec;
  if (pod.containers.length !== 1) throw new Error(`CronJob ${name} must have one container`);
  const container = pod.containers[0];
  const opts = commonOptions(docs, sts, pod, container, `${name}-job`, local);
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  if (command.length === 0) throw new Error(`CronJob ${name}'s container has no command`);
  return lines(opts, command[0], command.slice(1));
}
