package io.parley.deploy;

import java.nio.file.Path;
import java.util.List;

/** The value sets every rendering check runs against. */
enum ValueSet {
    /** values.yaml as shipped. */
    DEFAULTS(""),
    /** The production example, values-production.yaml. */
    PRODUCTION(null),
    /** Every optional object on, every credential inline. */
    EVERYTHING("""
            global:
              redis:
                mode: sentinel
                hosts: redis://sentinel-0:26379,redis://sentinel-1:26379
                auth:
                  password: s3cr3t-redis
              kafka:
                sasl:
                  enabled: true
                  mechanism: PLAIN
                  username: kafka-user
                  password: s3cr3t-kafka
              postgresql:
                replicaJdbcUrl: jdbc:postgresql://replica:5432/parley
                auth:
                  password: s3cr3t-postgres
              oidc:
                clientSecret: s3cr3t-oidc
            metrics:
              serviceMonitor:
                enabled: true
            edge:
              env:
                PARLEY_ENGINEIO_PING_INTERVAL: 20s
              extraConfig:
                quarkus.log.category."io.parley".level: DEBUG
              podAnnotations:
                example.com/team: chat
              ingress:
                enabled: true
                tls:
                  - secretName: chat-tls
                    hosts: [chat.example.com]
              httpRoute:
                enabled: true
                parentRefs:
                  - name: public
                hostnames: [chat.example.com]
                sessionPersistence:
                  enabled: true
            persister:
              autoscaling:
                enabled: true
              pdb:
                enabled: true
            insights:
              autoscaling:
                enabled: true
              pdb:
                enabled: true
                minAvailable: 1
            notifier:
              autoscaling:
                enabled: true
              pdb:
                enabled: true
              push:
                vapid:
                  subject: mailto:ops@example.com
                  publicKey: s3cr3t-vapid-public
                  privateKey: s3cr3t-vapid-private
                fcm:
                  serviceAccountJson: '{"type":"service_account","private_key":"s3cr3t-fcm"}'
                apns:
                  keyId: KEYID
                  teamId: TEAMID
                  topic: com.example.parley
                  key: s3cr3t-apns
                webhook:
                  secret: s3cr3t-webhook
            """),
    /** Only the edge: the consumers are switched off. */
    SERVICES_DISABLED("""
            persister:
              enabled: false
            insights:
              enabled: false
            notifier:
              enabled: false
            """),
    /** Every credential from a Secret the operator created. */
    EXISTING_SECRET("""
            global:
              redis:
                auth:
                  existingSecret: ops-redis
                  passwordKey: pw
              kafka:
                sasl:
                  enabled: true
                  existingSecret: ops-kafka
              postgresql:
                auth:
                  existingSecret: ops-postgres
              oidc:
                existingSecret: ops-oidc
            notifier:
              push:
                existingSecret: ops-push
            """);

    /** The inline secret values of EVERYTHING: none may appear outside a Secret. */
    static final List<String> SECRET_VALUES = List.of("s3cr3t-redis", "s3cr3t-kafka", "s3cr3t-postgres",
            "s3cr3t-oidc", "s3cr3t-vapid-public", "s3cr3t-vapid-private", "s3cr3t-fcm", "s3cr3t-apns",
            "s3cr3t-webhook");

    private final String yaml;

    ValueSet(String yaml) {
        this.yaml = yaml;
    }

    Path valuesFile() {
        return yaml == null ? Chart.chartDir().resolve("values-production.yaml") : Chart.valuesFile(yaml);
    }

    String template() {
        return Chart.template(valuesFile());
    }
}
