// The properties issue 5 asks of the rendered base, asserted on the objects themselves.
// Each check pushes a readable message on failure; an empty list means all hold.
import { findOne } from "./documents.mjs";

const kProbeServices = {
  startupProbe: "ordinal.startup",
  livenessProbe: "ordinal.liveness",
  readinessProbe: "ordinal.readiness",
};
// A first clone of a large predecessor must fit in the startup probe's budget.
const kMinStartupBudgetSeconds = 1800;

class Checker {
  constructor() {
    this.failures = [];
  }
  expect(condition, message) {
    if (!condition) this.failures.push(message);
  }
  equal(actual, expected, what) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    this.expect(a === e, `${what}: expected ${e}, found ${a}`);
  }
}

function isSubset(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function mainContainer(sts) {
  return sts.spec.template.spec.containers.find((c) => c.name === "ordinald");
}

function checkStatefulSet(c, sts, headless, options) {
  const spec = sts.spec;
  c.equal(spec.replicas, 3, "StatefulSet replicas");
  c.equal(spec.serviceName, headless.metadata.name, "StatefulSet serviceName (the headless Service)");
  c.equal(spec.podManagementPolicy, "OrderedReady", "StatefulSet podManagementPolicy");
  c.equal(spec.updateStrategy?.type, "RollingUpdate", "StatefulSet updateStrategy");
  c.equal(spec.persistentVolumeClaimRetentionPolicy,
          { whenDeleted: "Retain", whenScaled: "Retain" }, "persistentVolumeClaimRetentionPolicy");
  c.expect(spec.minReadySeconds > 0, "StatefulSet minReadySeconds must be set");
  c.expect(isSubset(spec.selector?.matchLabels, spec.template.metadata.labels),
           "StatefulSet selector must match its pod template labels");
  const claim = (spec.volumeClaimTemplates ?? []).find((t) => t.metadata.name === "data");
  c.expect(claim !== undefined, "a volumeClaimTemplate named data");
  if (claim) {
    c.equal(claim.spec.accessModes, ["ReadWriteOnce"], "data volume accessModes");
    if (options.storageClassName === undefined) {
      c.expect(!("storageClassName" in claim.spec),
               "the base leaves storageClassName unset (the cluster's default StorageClass)");
    } else {
      c.equal(claim.spec.storageClassName, options.storageClassName, "data storageClassName");
    }
  }
}

function checkPodSecurity(c, pod, container) {
  const sc = pod.securityContext ?? {};
  c.equal(sc.runAsNonRoot, true, "pod runAsNonRoot");
  c.equal(sc.runAsUser, 10001, "pod runAsUser");
  c.equal(sc.runAsGroup, 10001, "pod runAsGroup");
  c.equal(sc.fsGroup, 10001, "pod fsGroup");
  c.equal(sc.fsGroupChangePolicy, "OnRootMismatch", "pod fsGroupChangePolicy");
  c.equal(sc.seccompProfile?.type, "RuntimeDefault", "pod seccompProfile");
  const csc = container.securityContext ?? {};
  c.equal(csc.allowPrivilegeEscalation, false, "container allowPrivilegeEscalation");
  c.equal(csc.readOnlyRootFilesystem, true, "container readOnlyRootFilesystem");
  c.equal(csc.capabilities?.drop, ["ALL"], "container capabilities.drop");
  c.expect(!csc.capabilities?.add?.length, "container adds no capabilities");
  c.expect(csc.privileged !== true, "container is not privileged");
}

function checkProbes(c, container) {
  for (const [probe, service] of Object.entries(kProbeServices)) {
    const p = container[probe];
    c.expect(p?.grpc !== undefined, `${probe} is a native gRPC probe`);
    if (!p?.grpc) continue;
    c.equal(p.grpc.service, service, `${probe} service name`);
    const port = probePort(container);
    if (port === undefined) {
      c.expect(false, `${probe} port: with --tls_cert_file the probes need the plaintext ` +
                      `--health_port, declared as the container port "health"`);
    } else {
      c.equal(p.grpc.port, port, `${probe} port`);
    }
  }
  const s = container.startupProbe;
  const budget = (s?.periodSeconds ?? 10) * (s?.failureThreshold ?? 3);
  c.expect(budget >= kMinStartupBudgetSeconds,
           `startupProbe allows ${budget} s; a clone needs at least ${kMinStartupBudgetSeconds} s`);
}

function grpcPort(container) {
  return (container.ports ?? []).find((p) => p.name === "grpc")?.containerPort;
}

// The kubelet's gRPC probes speak no TLS: with a certificate (docs/tls.md) they must use the
// plaintext --health_port, declared as the container port "health"; else the gRPC port.
function probePort(container) {
  if (argValue(container, "tls_cert_file") === undefined) return grpcPort(container);
  const health = (container.ports ?? []).find((p) => p.name === "health")?.containerPort;
  return argValue(container, "health_port") === String(health) ? health : undefined;
}

function argValue(container, flag) {
  const prefix = `--${flag}=`;
  const arg = (container.args ?? []).find((a) => a.startsWith(prefix));
  return arg === undefined ? undefined : arg.slice(prefix.length);
}

// The password may reach the pod only from a Secret: as a mounted file or a secretKeyRef.
function checkNoInlinePassword(c, sts, container, docs) {
  for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
    c.expect(!/^--password(=|$)/.test(arg) && !/^-p/.test(arg),
             `container argument ${arg} passes a password inline`);
  }
  for (const env of container.env ?? []) {
    if (/PASSWORD/i.test(env.name)) {
      c.expect(env.value === undefined && env.valueFrom?.secretKeyRef !== undefined,
               `env ${env.name} must come from a Secret (valueFrom.secretKeyRef)`);
    }
  }
  for (const cm of docs.filter((d) => d.kind === "ConfigMap")) {
    for (const key of Object.keys(cm.data ?? {})) {
      c.expect(!/PASSWORD/i.test(key), `ConfigMap ${cm.metadata.name} holds ${key}`);
    }
  }
  c.expect(!docs.some((d) => d.kind === "Secret" && /REPLACE|CHANGE/i.test(JSON.stringify(d))),
           "the base must not ship the example Secret");
  for (const flag of ["password_file", "replication_password_file"]) {
    const file = argValue(container, flag);
    c.expect(file !== undefined, `--${flag} is set`);
    if (file !== undefined) checkSecretFile(c, sts.spec.template.spec, container, `--${flag}`, file);
  }
  // Replicas stream and clone as an account of their own (REPLICATION SLAVE only), not root.
  const user = argValue(container, "replication_user");
  c.expect(user !== undefined && user !== "" && user !== "root",
           `--replication_user must name an account other than root, not ${user}`);
}

// A password file must be an item of a Secret volume mounted read-only.
function checkSecretFile(c, pod, container, what, file) {
  const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
  const volume = mount && pod.volumes.find((v) => v.name === mount.name);
  c.expect(volume?.secret !== undefined, `${what} ${file} must be in a Secret volume`);
  c.expect(mount?.readOnly === true, `the Secret volume of ${what} is mounted read-only`);
  const path = mount ? file.slice(mount.mountPath.length + 1) : "";
  c.expect(volume?.secret === undefined || (volume.secret.items ?? []).some((i) => i.path === path),
           `${what} ${file} must be one of the Secret volume's items`);
}

function checkPodSpec(c, sts, container, docs) {
  const pod = sts.spec.template.spec;
  c.equal(argValue(container, "host"), "0.0.0.0", "--host (listen on the pod's addresses)");
  const peers = argValue(container, "peer_template") ?? "";
  c.expect(peers.includes("{ordinal}") && peers.includes(`.${sts.spec.serviceName}`),
           `--peer_template ${peers} must name pods through the headless Service`);
  const podName = (container.env ?? []).find((e) => e.name === "POD_NAME");
  c.equal(podName?.valueFrom?.fieldRef?.fieldPath, "metadata.name", "POD_NAME from the downward API");
  c.expect(pod.terminationGracePeriodSeconds > 0, "terminationGracePeriodSeconds is set");
  c.expect(container.lifecycle?.preStop !== undefined, "a preStop hook");
  for (const kind of ["requests", "limits"]) {
    for (const resource of ["cpu", "memory"]) {
      c.expect(container.resources?.[kind]?.[resource] !== undefined, `resources.${kind}.${resource}`);
    }
  }
  const account = findOne(docs, "ServiceAccount", pod.serviceAccountName);
  c.equal(account.automountServiceAccountToken, false, "ServiceAccount automountServiceAccountToken");
  const terms = pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  c.expect(terms.some((t) => t.podAffinityTerm.topologyKey === "kubernetes.io/hostname" &&
                             Object.keys(t.podAffinityTerm.labelSelector?.matchLabels ?? {}).length > 0 &&
                             isSubset(t.podAffinityTerm.labelSelector.matchLabels,
                                      sts.spec.template.metadata.labels)),
           "preferred pod anti-affinity on kubernetes.io/hostname selecting these pods");
  const annotations = sts.spec.template.metadata.annotations ?? {};
  c.equal(annotations["prometheus.io/scrape"], "true", "prometheus.io/scrape annotation");
  c.equal(annotations["prometheus.io/port"], argValue(container, "metrics_port"),
          "prometheus.io/port annotation equals --metrics_port");
  for (const from of container.envFrom ?? []) {
    const cm = findOne(docs, "ConfigMap", from.configMapRef?.name);
    for (const key of Object.keys(cm.data ?? {})) {
      c.expect(key.startsWith("ORDINAL_"), `ConfigMap key ${key} is an ORDINAL_<FLAG> variable`);
    }
  }
  c.expect((container.envFrom ?? []).length > 0, "tuning ConfigMap consumed through envFrom");
}

function checkServices(c, docs, sts) {
  const podLabels = sts.spec.template.metadata.labels;
  const headless = findOne(docs, "Service", sts.spec.serviceName);
  c.equal(headless.spec.clusterIP, "None", "headless Service clusterIP");
  c.equal(headless.spec.publishNotReadyAddresses, true, "headless Service publishNotReadyAddresses");
  const read = findOne(docs, "Service", "ordinal-read");
  const write = findOne(docs, "Service", "ordinal-write");
  for (const svc of [headless, read, write]) {
    const { "statefulset.kubernetes.io/pod-name": _, ...labels } = svc.spec.selector ?? {};
    c.expect(Object.keys(labels).length > 0 && isSubset(labels, podLabels),
             `Service ${svc.metadata.name} selects the StatefulSet's pods`);
  }
  c.expect(!("statefulset.kubernetes.io/pod-name" in (read.spec.selector ?? {})),
           "ordinal-read selects every ready pod");
  c.equal(write.spec.selector?.["statefulset.kubernetes.io/pod-name"], `${sts.metadata.name}-0`,
          "ordinal-write selects ordinal 0 only");
  c.expect(read.spec.publishNotReadyAddresses !== true && write.spec.publishNotReadyAddresses !== true,
           "ordinal-read and ordinal-write route to ready pods only");
}

function checkDisruptionBudget(c, docs, sts) {
  const pdbs = docs.filter((d) => d.kind === "PodDisruptionBudget");
  c.equal(pdbs.length, 1, "one PodDisruptionBudget");
  if (pdbs.length !== 1) return;
  c.equal(pdbs[0].spec.maxUnavailable, 1, "PodDisruptionBudget maxUnavailable");
  c.equal(pdbs[0].spec.unhealthyPodEvictionPolicy, "AlwaysAllow", "PDB unhealthyPodEvictionPolicy");
  c.expect(isSubset(pdbs[0].spec.selector?.matchLabels, sts.spec.template.metadata.labels) &&
           Object.keys(pdbs[0].spec.selector?.matchLabels ?? {}).length > 0,
           "PodDisruptionBudget selects the StatefulSet's pods");
}

function envValue(container, name) {
  return (container.env ?? []).find((e) => e.name === name)?.value;
}

// The backup CronJob (components/backup-cronjob), when the overlay has it: one run at a time,
// the pods' security, a replica as its source, the StatefulSet's Secret for the password,
// and its backups on a claim of their own.
function checkBackupJob(c, cronJob, sts) {
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const container = pod.containers[0];
  c.equal(cronJob.spec.concurrencyPolicy, "Forbid", "backup CronJob concurrencyPolicy");
  c.equal(pod.restartPolicy, "Never", "backup Job restartPolicy");
  checkPodSecurity(c, pod, container);
  const source = /^([a-z0-9-]+)-([0-9]+)\.([a-z0-9-]+):([0-9]+)$/.exec(envValue(container, "BACKUP_SOURCE") ?? "");
  c.expect(source !== null && source[1] === sts.metadata.name && source[3] === sts.spec.serviceName &&
           Number(source[4]) === grpcPort(mainContainer(sts)),
           `backup BACKUP_SOURCE must name a pod of StatefulSet ${sts.metadata.name} on its gRPC port`);
  c.expect(source === null || Number(source[2]) >= 1, "backup BACKUP_SOURCE should be a replica, not ordinal 0");
  const volumeAt = (path) => {
    const mount = (container.volumeMounts ?? []).find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
    return { mount, volume: mount && pod.volumes.find((v) => v.name === mount.name) };
  };
  const password = volumeAt(envValue(container, "BACKUP_PASSWORD_FILE") ?? "");
  const stsSecrets = sts.spec.template.spec.volumes.filter((v) => v.secret).map((v) => v.secret.secretName);
  c.expect(password.volume?.secret !== undefined && stsSecrets.includes(password.volume.secret.secretName),
           "backup BACKUP_PASSWORD_FILE must be in the StatefulSet's password Secret");
  c.expect(password.mount?.readOnly === true, "backup Secret volume is mounted read-only");
  // Least privilege: a backup is a clone, which the replication account may take.
  c.equal(envValue(container, "BACKUP_USER"), argValue(mainContainer(sts), "replication_user"),
          "backup BACKUP_USER (the StatefulSet's --replication_user)");
  const backups = volumeAt(envValue(container, "BACKUP_ROOT") ?? "");
  c.expect(backups.volume?.persistentVolumeClaim !== undefined,
           "backup BACKUP_ROOT must be on a PersistentVolumeClaim");
}

// Returns the failed properties of a rendered base (or overlay, with options.storageClassName).
export function checkProperties(docs, options = {}) {
  const c = new Checker();
  let sts;
  try {
    sts = findOne(docs, "StatefulSet", "ordinal");
    const headless = findOne(docs, "Service", sts.spec.serviceName);
    checkStatefulSet(c, sts, headless, options);
  } catch (e) {
    return [e.message];
  }
  const container = mainContainer(sts);
  if (!container) return ["StatefulSet has no container named ordinald"];
  for (const [name, check] of [
    ["pod security", () => checkPodSecurity(c, sts.spec.template.spec, container)],
    ["probes", () => checkProbes(c, container)],
    ["password", () => checkNoInlinePassword(c, sts, container, docs)],
    ["pod spec", () => checkPodSpec(c, sts, container, docs)],
    ["services", () => checkServices(c, docs, sts)],
    ["disruption budget", () => checkDisruptionBudget(c, docs, sts)],
    ...docs.filter((d) => d.kind === "CronJob")
        .map((job) => [`CronJob ${job.metadata.name}`, () => checkBackupJob(c, job, sts)]),
  ]) {
    try {
      check();
    } catch (e) {
      c.failures.push(`${name}: ${e.message}`);
    }
  }
  return c.failures;
}
