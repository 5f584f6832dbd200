package dev.otlp.operator.webhook;

import java.util.List;

/**
 * Pods as a real API server sends them to a mutating webhook on CREATE: after defaulting and the
 * built-in admission plugins (the ServiceAccount plugin's projected token volume unless
 * {@code automountServiceAccountToken: false}, DefaultTolerationSeconds' tolerations), with the
 * namespace set, no name yet where the pod has a {@code generateName}, and every list or map that
 * the pod does not set left out, not sent empty. Each asks for the sidecar exporter {@code agent}.
 */
final class PodShapes {

    /** A pod and what the webhook must do with it: inject, refuse saying {@code refusal}, or leave it unchanged. */
    record Shape(String name, String yaml, Outcome outcome, List<String> refusal) {

        @Override
        public String toString() {
            return name;
        }
    }

    enum Outcome { INJECTED, REFUSED, UNCHANGED }

    private PodShapes() {
    }

    private static final String DEFAULTED_SPEC = """
              restartPolicy: Always
              terminationGracePeriodSeconds: 30
              dnsPolicy: ClusterFirst
              schedulerName: default-scheduler
              enableServiceLinks: true
              preemptionPolicy: PreemptLowerPriority
              priority: 0
              tolerations:
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
              - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
            """;

    private static final String TOKEN_VOLUME = """
              - name: kube-api-access-x7k2p
                projected:
                  defaultMode: 420
                  sources:
                  - serviceAccountToken: {expirationSeconds: 3607, path: token}
                  - configMap:
                      name: kube-root-ca.crt
                      items: [{key: ca.crt, path: ca.crt}]
                  - downwardAPI:
                      items:
                      - path: namespace
                        fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}
            """;

    private static final String TOKEN_MOUNT = """
                  - {name: kube-api-access-x7k2p, readOnly: true, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}
            """;

    static List<Shape> all() {
        return List.of(
                injected("hardened Deployment pod: no volumes, no token, runAsNonRoot", """
                        metadata:
                          generateName: shop-7c9f8d4b6-
                          namespace: NS
                          labels: {app: shop, pod-template-hash: 7c9f8d4b6}
                          annotations: {otlp.dev/inject: agent}
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: ReplicaSet, name: shop-7c9f8d4b6, uid: 5b0c4a52-6f39-4a8e-9d7e-0c2f1a3b4c5d, controller: true, blockOwnerDeletion: true}
                        spec:
                          automountServiceAccountToken: false
                          serviceAccountName: shop
                          securityContext: {runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: {type: RuntimeDefault}}
                          containers:
                          - name: shop
                            image: shop:1.4
                            ports: [{name: http, containerPort: 8080, protocol: TCP}]
                            resources: {requests: {cpu: 100m, memory: 128Mi}}
                            securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            imagePullPolicy: IfNotPresent
                        """ + DEFAULTED_SPEC + """
                        status: {}
                        """),
                injected("bare pod without labels", """
                        metadata:
                          name: debug-shell
                          namespace: NS
                          annotations: {otlp.dev/inject: agent, kubectl.kubernetes.io/last-applied-configuration: "{}"}
                        spec:
                          serviceAccountName: default
                          containers:
                          - name: shell
                            image: busybox:1.36
                            command: [sleep, infinity]
                            resources: {}
                            volumeMounts:
                        """ + TOKEN_MOUNT + """
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            imagePullPolicy: IfNotPresent
                          volumes:
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("no labels, no volumes, no annotation but ours", """
                        metadata:
                          name: minimal
                          namespace: NS
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          automountServiceAccountToken: false
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                        """ + DEFAULTED_SPEC),
                injected("Deployment pod with generateName, no name, and the service-account token", """
                        metadata:
                          generateName: checkout-5d8b9c7f4d-
                          namespace: NS
                          labels: {app.kubernetes.io/name: checkout, pod-template-hash: 5d8b9c7f4d}
                          annotations: {otlp.dev/inject: agent, prometheus.io/scrape: "true"}
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: ReplicaSet, name: checkout-5d8b9c7f4d, uid: 9d3e2f10-1c2b-4d5e-8f90-a1b2c3d4e5f6, controller: true, blockOwnerDeletion: true}
                        spec:
                          serviceAccountName: default
                          containers:
                          - name: checkout
                            image: checkout:2.0
                            env: [{name: OTEL_EXPORTER_OTLP_ENDPOINT, value: "http://localhost:4317"}]
                            ports: [{name: http, containerPort: 8080, protocol: TCP}]
                            readinessProbe: {httpGet: {path: /ready, port: http, scheme: HTTP}, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3}
                            resources: {}
                            volumeMounts:
                        """ + TOKEN_MOUNT + """
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            imagePullPolicy: IfNotPresent
                          volumes:
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC + """
                        status: {}
                        """),
                injected("init containers that must complete", """
                        metadata:
                          generateName: orders-6f7d8c9b5-
                          namespace: NS
                          labels: {app: orders}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          initContainers:
                          - {name: wait-for-db, image: "busybox:1.36", command: [sh, -c, "until nc -z db 5432; do sleep 1; done"], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          - {name: migrate, image: "orders:3.1", args: [migrate], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          containers:
                          - {name: orders, image: "orders:3.1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("another native sidecar among the init containers", """
                        metadata:
                          generateName: meshed-84c6d5f7b9-
                          namespace: NS
                          labels: {app: meshed, security.istio.io/tlsMode: istio}
                          annotations: {otlp.dev/inject: agent, sidecar.istio.io/status: "{}"}
                        spec:
                          initContainers:
                          - {name: istio-init, image: "istio/proxyv2:1.24.0", args: [istio-iptables], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          - name: istio-proxy
                            image: istio/proxyv2:1.24.0
                            restartPolicy: Always
                            ports: [{name: http-envoy-prom, containerPort: 15090, protocol: TCP}]
                            readinessProbe: {httpGet: {path: /healthz/ready, port: 15021, scheme: HTTP}, periodSeconds: 15, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 4}
                            resources: {}
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            imagePullPolicy: IfNotPresent
                          - {name: migrate, image: "meshed:1", args: [migrate], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          containers:
                          - {name: meshed, image: "meshed:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                          - {name: istio-envoy, emptyDir: {medium: Memory}}
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("ephemeral containers", """
                        metadata:
                          name: inspected
                          namespace: NS
                          labels: {app: inspected}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          ephemeralContainers:
                          - {name: debugger-x2v9q, image: "busybox:1.36", stdin: true, tty: true, targetContainerName: app, resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("projected token volume beside a ConfigMap and a Secret", """
                        metadata:
                          generateName: api-7b9c8d6f5-
                          namespace: NS
                          labels: {app: api}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          containers:
                          - name: api
                            image: api:5
                            resources: {}
                            volumeMounts:
                              - {name: settings, mountPath: /etc/api}
                              - {name: tls, mountPath: /etc/tls, readOnly: true}
                        """ + TOKEN_MOUNT + """
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            imagePullPolicy: IfNotPresent
                          volumes:
                          - {name: settings, configMap: {name: api-settings, defaultMode: 420}}
                          - {name: tls, secret: {secretName: api-tls, defaultMode: 420}}
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("bare Job pod (restartPolicy Never)", """
                        metadata:
                          generateName: backfill-
                          namespace: NS
                          labels:
                            batch.kubernetes.io/controller-uid: 3f2e1d0c-b9a8-4765-8432-10fedcba9876
                            batch.kubernetes.io/job-name: backfill
                            controller-uid: 3f2e1d0c-b9a8-4765-8432-10fedcba9876
                            job-name: backfill
                          annotations: {otlp.dev/inject: agent, batch.kubernetes.io/job-tracking: ""}
                          ownerReferences:
                          - {apiVersion: batch/v1, kind: Job, name: backfill, uid: 3f2e1d0c-b9a8-4765-8432-10fedcba9876, controller: true, blockOwnerDeletion: true}
                        spec:
                          restartPolicy: Never
                          automountServiceAccountToken: false
                          containers:
                          - {name: backfill, image: "backfill:1", args: [--since, 7d], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          terminationGracePeriodSeconds: 30
                          dnsPolicy: ClusterFirst
                          schedulerName: default-scheduler
                          enableServiceLinks: true
                          priority: 0
                        status: {}
                        """),
                injected("pod of a Job a CronJob created (restartPolicy OnFailure)", """
                        metadata:
                          generateName: nightly-report-29012345-
                          namespace: NS
                          labels:
                            batch.kubernetes.io/controller-uid: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d
                            batch.kubernetes.io/job-name: nightly-report-29012345
                            controller-uid: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d
                            job-name: nightly-report-29012345
                          annotations: {otlp.dev/inject: agent}
                          ownerReferences:
                          - {apiVersion: batch/v1, kind: Job, name: nightly-report-29012345, uid: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d, controller: true, blockOwnerDeletion: true}
                        spec:
                          restartPolicy: OnFailure
                          containers:
                          - {name: report, image: "report:1", resources: {}, volumeMounts: [{name: kube-api-access-x7k2p, readOnly: true, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}], terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                        """ + TOKEN_VOLUME + """
                          terminationGracePeriodSeconds: 30
                          dnsPolicy: ClusterFirst
                          schedulerName: default-scheduler
                        """),
                injected("StatefulSet pod with a claim", """
                        metadata:
                          name: ledger-0
                          generateName: ledger-
                          namespace: NS
                          labels: {app: ledger, apps.kubernetes.io/pod-index: "0", statefulset.kubernetes.io/pod-name: ledger-0}
                          annotations: {otlp.dev/inject: agent}
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: StatefulSet, name: ledger, uid: 1a2b3c4d-5e6f-4789-9abc-def012345678, controller: true, blockOwnerDeletion: true}
                        spec:
                          hostname: ledger-0
                          subdomain: ledger
                          securityContext: {runAsNonRoot: true}
                          containers:
                          - {name: ledger, image: "ledger:1", ports: [{name: metrics, containerPort: 9090, protocol: TCP}], resources: {}, volumeMounts: [{name: data, mountPath: /data}], terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                          - {name: data, persistentVolumeClaim: {claimName: data-ledger-0}}
                        """ + TOKEN_VOLUME + DEFAULTED_SPEC),
                injected("a port named metrics, as many applications name theirs", """
                        metadata:
                          generateName: web-6c5b4a3d2-
                          namespace: NS
                          labels: {app: web}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          automountServiceAccountToken: false
                          containers:
                          - {name: web, image: "web:1", ports: [{name: http, containerPort: 8080, protocol: TCP}, {name: metrics, containerPort: 9090, protocol: TCP}, {name: health, containerPort: 8081, protocol: TCP}], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                        """ + DEFAULTED_SPEC),
                injected("spec.volumes explicitly empty", """
                        metadata:
                          name: empty-volumes
                          namespace: NS
                          labels: {}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          automountServiceAccountToken: false
                          volumes: []
                          initContainers: []
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                        """ + DEFAULTED_SPEC),
                refused("hostNetwork pod", """
                        metadata:
                          generateName: node-probe-
                          namespace: NS
                          labels: {app: node-probe}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          hostNetwork: true
                          containers:
                          - {name: probe, image: "probe:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          dnsPolicy: ClusterFirstWithHostNet
                          restartPolicy: Always
                        """, "hostNetwork", "mode daemonset"),
                refused("a container of its own named otlp-exporter", """
                        metadata:
                          generateName: custom-
                          namespace: NS
                          labels: {app: custom}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          - {name: otlp-exporter, image: "my-own-collector:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          restartPolicy: Always
                        """, "container otlp-exporter", "was not injected", "rename"),
                refused("a port named otlp-grpc", """
                        metadata:
                          generateName: receiver-
                          namespace: NS
                          labels: {app: receiver}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          containers:
                          - {name: receiver, image: "receiver:1", ports: [{name: otlp-grpc, containerPort: 14317, protocol: TCP}], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          restartPolicy: Always
                        """, "container receiver declares port name otlp-grpc",
                        "otlp-grpc, otlp-http, otlp-metrics, otlp-health"),
                refused("an init container declaring port 4317", """
                        metadata:
                          generateName: warmup-
                          namespace: NS
                          labels: {app: warmup}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          initContainers:
                          - {name: warmup, image: "warmup:1", restartPolicy: Always, ports: [{containerPort: 4317, protocol: TCP}], resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          restartPolicy: Always
                        """, "container warmup declares port 4317"),
                refused("a volume of its own named as the runtime's", """
                        metadata:
                          generateName: lookalike-
                          namespace: NS
                          labels: {app: lookalike}
                          annotations: {otlp.dev/inject: agent}
                        spec:
                          containers:
                          - {name: app, image: "app:1", resources: {}, terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
                          volumes:
                          - {name: otlp-exporter-config, configMap: {name: my-config}}
                          restartPolicy: Always
                        """, "the pod has a volume named otlp-exporter-config"),
                unchanged("a pod the runtime was injected into before (created again from its manifest)", """
                        metadata:
                          name: copied
                          namespace: NS
                          labels: {app: copied, otlp.dev/sidecar-of: agent}
                          annotations: {otlp.dev/inject: agent, otlp.dev/sidecar-kind: native}
                        spec:
                          initContainers:
                          - {name: otlp-exporter, image: "ghcr.io/otlp-fleet/otlp-exporter-runtime:0.1.0", restartPolicy: Always, resources: {}}
                          containers:
                          - {name: app, image: "app:1", resources: {}}
                          restartPolicy: Always
                        """));
    }

    private static Shape injected(String name, String yaml) {
        return new Shape(name, yaml, Outcome.INJECTED, List.of());
    }

    private static Shape refused(String name, String yaml, String... refusal) {
        return new Shape(name, yaml, Outcome.REFUSED, List.of(refusal));
    }

    private static Shape unchanged(String name, String yaml) {
        return new Shape(name, yaml, Outcome.UNCHANGED, List.of());
    }
}
