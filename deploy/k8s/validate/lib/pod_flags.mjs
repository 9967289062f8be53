// What ordinald of pod `ordinal-N` is started with, translated to one machine: the local
// runner (deploy/local/ordinal-local print-flags N) must print exactly these lines.
//
// Output: one line per argument, "arg --flag=value", then one per environment variable,
// "env NAME=value", each group sorted. Only the values that differ by nature between a pod
// and a loopback process are translated, and only these:
//   --host=0.0.0.0            -> --host=<the ordinal's loopback address>
//   --port=<grpc port>        -> --port=<local port>
//   --peer_template=...:<p>   -> --peer_template=<local address template>:<local port>
//   --metrics_port=<p>        -> --metrics_port=<local metrics port>
//   --mysql_port=<p>          -> --mysql_port=<local MySQL port>
//   paths in the data volume  -> the same paths under <root>/ordinal-N
//   the Secret's files          -> <root>/root-password (key `password`) and
//                                  <root>/<key> for every other key (replication-password)
//   POD_NAME (downward API)   -> <statefulset name>-N
//   envFrom ConfigMaps         -> their data, as the kubelet sets it
// Anything else the runner cannot reproduce is an error.
import { findOne } from "./documents.mjs";

function translateArg(arg, ctx) {
  const eq = arg.indexOf("=");
  if (!arg.startsWith("--") || eq < 0) throw new Error(`argument ${arg} is not --flag=value`);
  const flag = arg.slice(2, eq);
  const value = arg.slice(eq + 1);
  switch (flag) {
    case "host":
      return `--host=${ctx.address}`;
    case "port":
      return `--port=${ctx.port}`;
    case "peer_template":
      return `--peer_template=${ctx.addressTemplate}:${ctx.port}`;
    case "metrics_port":
      return `--metrics_port=${ctx.metricsPort}`;
    case "mysql_port":
      return `--mysql_port=${ctx.mysqlPort}`;
    default:
      return `--${flag}=${translatePath(value, ctx)}`;
  }
}

function translatePath(value, ctx) {
  for (const mount of ctx.container.volumeMounts ?? []) {
    const volume = ctx.pod.volumes?.find((v) => v.name === mount.name);
    const claim = ctx.claims.includes(mount.name);
    if (claim && (value === mount.mountPath || value.startsWith(`${mount.mountPath}/`))) {
      return `${ctx.root}/ordinal-${ctx.ordinal}${value.slice(mount.mountPath.length)}`;
    }
    if (volume?.secret && value.startsWith(`${mount.mountPath}/`)) {
      return `${ctx.root}/${localSecretFile(volume.secret, value.slice(mount.mountPath.length + 1))}`;
    }
  }
  return value;
}

// The file under the local root that holds the Secret item mounted at `path`: the runner
// keeps root's password in root-password and every other key in a file named as the key.
function localSecretFile(secret, path) {
  const item = (secret.items ?? []).find((i) => i.path === path);
  if (!item) throw new Error(`secret file ${path} is not one of ${secret.secretName}'s items`);
  return item.key === "password" ? "root-password" : item.key;
}

// The container's environment as the kubelet sets it: NAME=value strings. ctx needs
// { container, podName }.
export function environment(ctx, docs) {
  const env = [];
  for (const from of ctx.container.envFrom ?? []) {
    if (!from.configMapRef) throw new Error("only ConfigMap envFrom can be reproduced locally");
    const cm = findOne(docs, "ConfigMap", from.configMapRef.name);
    for (const [k, v] of Object.entries(cm.data ?? {})) env.push(`${from.prefix ?? ""}${k}=${v}`);
  }
  for (const e of ctx.container.env ?? []) {
    if (e.value !== undefined) {
      env.push(`${e.name}=${e.value}`);
    } else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.name") {
      env.push(`${e.name}=${ctx.podName}`);
    } else {
      throw new Error(`env ${e.name}: the local runner cannot reproduce ${JSON.stringify(e)}`);
    }
  }
  return env;
}

// local: { ordinal, root, addressTemplate, port, metricsPort, mysqlPort }.
export function podFlags(docs, local) {
  const sts = findOne(docs, "StatefulSet", "ordinal");
  const pod = sts.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "ordinald");
  const ctx = {
    ...local,
    pod,
    container,
    claims: (sts.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name),
    podName: `${sts.metadata.name}-${local.ordinal}`,
    address: local.addressTemplate.replaceAll("{ordinal}", String(local.ordinal)),
  };
  const args = (container.args ?? []).map((a) => `arg ${translateArg(a, ctx)}`).sort();
  const env = environment(ctx, docs).map((e) => `env ${e}`).sort();
  return [...args, ...env];
}
