{{/*
Names and labels. Selector labels are ONLY name, instance and component: never the version, or a
rolling upgrade would change an immutable Deployment selector.
*/}}

{{/* The services this chart deploys, in order. */}}
{{- define "parley.components" -}}
edge persister insights notifier
{{- end -}}

{{/* Which external systems each service talks to. */}}
{{- define "parley.needs" -}}
{{- $needs := dict
  "edge"      (list "redis" "kafka" "oidc")
  "persister" (list "postgresql" "kafka" "oidc")
  "insights"  (list "postgresql" "kafka" "oidc")
  "notifier"  (list "postgresql" "kafka" "redis" "oidc" "push") -}}
{{- index $needs . | join " " -}}
{{- end -}}

{{/* The Quarkus application (and container) name of a component. */}}
{{- define "parley.appName" -}}
{{- printf "chat-%s" . -}}
{{- end -}}

{{- define "parley.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "parley.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "parley.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's objects. Context: dict "root" $ "component" "edge". */}}
{{- define "parley.componentFullname" -}}
{{- printf "%s-%s" (include "parley.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels. Context: dict "root" $ "component" "edge". */}}
{{- define "parley.selectorLabels" -}}
app.kubernetes.io/name: {{ include "parley.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels. Context: dict "root" $ "component" "edge" (component optional). */}}
{{- define "parley.labels" -}}
helm.sh/chart: {{ include "parley.chart" .root }}
app.kubernetes.io/name: {{ include "parley.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: parley
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Image reference of a component. Context: dict "root" $ "component" "edge". */}}
{{- define "parley.image" -}}
{{- $svc := index .root.Values .component -}}
{{- $registry := .root.Values.global.imageRegistry -}}
{{- $repo := $svc.image.repository -}}
{{- $tag := default .root.Chart.AppVersion $svc.image.tag -}}
{{- if $svc.image.digest -}}
{{- printf "%s%s@%s" (ternary "" (printf "%s/" $registry) (empty $registry)) $repo $svc.image.digest -}}
{{- else -}}
{{- printf "%s%s:%s" (ternary "" (printf "%s/" $registry) (empty $registry)) $repo $tag -}}
{{- end -}}
{{- end -}}

{{- define "parley.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "parley.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Secret names: the operator's existingSecret, or the one this chart creates. Context: $ (root).
*/}}
{{- define "parley.secret.postgresql" -}}
{{- default (printf "%s-postgresql" (include "parley.fullname" .)) .Values.global.postgresql.auth.existingSecret -}}
{{- end -}}
{{- define "parley.secret.redis" -}}
{{- default (printf "%s-redis" (include "parley.fullname" .)) .Values.global.redis.auth.existingSecret -}}
{{- end -}}
{{- define "parley.secret.kafka" -}}
{{- default (printf "%s-kafka" (include "parley.fullname" .)) .Values.global.kafka.sasl.existingSecret -}}
{{- end -}}
{{- define "parley.secret.oidc" -}}
{{- default (printf "%s-oidc" (include "parley.fullname" .)) .Values.global.oidc.existingSecret -}}
{{- end -}}
{{- define "parley.secret.push" -}}
{{- default (printf "%s-push" (include "parley.fullname" .)) .Values.notifier.push.existingSecret -}}
{{- end -}}

{{/* "true" when credentials of that kind are configured (inline or existingSecret). */}}
{{- define "parley.has.postgresql" -}}
{{- $a := .Values.global.postgresql.auth -}}
{{- if or $a.existingSecret $a.password }}true{{ end -}}
{{- end -}}
{{- define "parley.has.redis" -}}
{{- $a := .Values.global.redis.auth -}}
{{- if or $a.existingSecret $a.password }}true{{ end -}}
{{- end -}}
{{- define "parley.has.kafka" -}}
{{- $s := .Values.global.kafka.sasl -}}
{{- if and $s.enabled (or $s.existingSecret $s.password) }}true{{ end -}}
{{- end -}}
{{- define "parley.has.oidc" -}}
{{- $o := .Values.global.oidc -}}
{{- if or $o.existingSecret $o.clientSecret }}true{{ end -}}
{{- end -}}

{{/* Kafka JAAS login module for the configured SASL mechanism. */}}
{{- define "parley.kafka.loginModule" -}}
{{- if eq .Values.global.kafka.sasl.mechanism "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- end -}}
{{- end -}}

{{/* Refuses settings that must never reach a cluster by accident. */}}
{{- define "parley.validate" -}}
{{- if and (eq .Values.global.authMode "insecure-dev") (not .Values.global.allowInsecureAuth) -}}
{{- fail "global.authMode=insecure-dev trusts the user id a client sends: set global.allowInsecureAuth=true to confirm this is not a production install" -}}
{{- end -}}
{{- $any := false -}}
{{- range $c := splitList " " (include "parley.components" .) -}}
{{- if (index $.Values $c).enabled }}{{ $any = true }}{{ end -}}
{{- end -}}
{{- if not $any -}}
{{- fail "every service is disabled: enable at least one of edge, persister, insights, notifier" -}}
{{- end -}}
{{- end -}}

{{/* Probe timings (everything but the path). Context: one probe block. */}}
{{- define "parley.probeTimings" -}}
{{- range $k := list "initialDelaySeconds" "periodSeconds" "timeoutSeconds" "failureThreshold" "successThreshold" }}
{{- if hasKey $ $k }}
{{ $k }}: {{ index $ $k }}
{{- end }}
{{- end }}
{{- end -}}
