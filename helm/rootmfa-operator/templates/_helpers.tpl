{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "rootmfa-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name when it already contains the chart name. */}}
{{- define "rootmfa-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rootmfa-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rootmfa-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rootmfa-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rootmfa-operator.labels" -}}
helm.sh/chart: {{ include "rootmfa-operator.chart" . }}
{{ include "rootmfa-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: rootmfa
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "rootmfa-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rootmfa-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest when a digest is given, else repository:tag (the tag defaulting to appVersion). */}}
{{- define "rootmfa-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" or "false": leader election is on when asked for, or by default when more than one replica runs. */}}
{{- define "rootmfa-operator.leaderElection" -}}
{{- if kindIs "bool" .Values.leaderElection.enabled }}
{{- .Values.leaderElection.enabled }}
{{- else }}
{{- gt (int .Values.replicaCount) 1 }}
{{- end }}
{{- end }}

{{/* Namespaces where Secrets may be read, comma-separated; empty means cluster-wide. */}}
{{/*
Where the operator may `get` Secrets: rbac.secretNamespaces, else the watched namespaces when they are listed,
else nowhere (never cluster-wide: with all namespaces watched, list the namespaces whose policies use secretRef).
*/}}
{{- define "rootmfa-operator.secretNamespaces" -}}
{{- if .Values.rbac.secretNamespaces }}
{{- join "," .Values.rbac.secretNamespaces }}
{{- else }}
{{- join "," .Values.watchNamespaces }}
{{- end }}
{{- end }}

{{/* The platform team's RootMfaAccountBindings are cluster-scoped: read cluster-wide, never written. */}}
{{- define "rootmfa-operator.bindingRules" -}}
- apiGroups: ["rootmfa.io"]
  resources: ["rootmfaaccountbindings"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{- define "rootmfa-operator.policyRules" -}}
- apiGroups: ["rootmfa.io"]
  resources: ["rootmfapolicies"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["rootmfa.io"]
  resources: ["organizationrootmfapolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["rootmfa.io"]
  resources: ["organizationrootmfapolicies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["rootmfa.io"]
  resources: ["rootmfapolicies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["rootmfa.io"]
  resources: ["rootmfapolicies/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{- define "rootmfa-operator.secretRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}

{{/* fabric8's LeaderElector renews the Lease with PATCH (src/test/.../it/ChartRbacTest proves these verbs). */}}
{{- define "rootmfa-operator.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}

{{/*
A Role and RoleBinding in .namespace, or a ClusterRole and ClusterRoleBinding when .namespace is empty,
granting .rules to the operator's ServiceAccount. Arguments: root (the chart context), name, namespace, rules.
*/}}
{{- define "rootmfa-operator.grant" -}}
{{- $kind := ternary "ClusterRole" "Role" (empty .namespace) }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: {{ $kind }}
metadata:
  name: {{ .name }}
  {{- with .namespace }}
  namespace: {{ . }}
  {{- end }}
  labels:
    {{- include "rootmfa-operator.labels" .root | nindent 4 }}
rules:
  {{- .rules | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: {{ $kind }}Binding
metadata:
  name: {{ .name }}
  {{- with .namespace }}
  namespace: {{ . }}
  {{- end }}
  labels:
    {{- include "rootmfa-operator.labels" .root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: {{ $kind }}
  name: {{ .name }}
subjects:
  - kind: ServiceAccount
    name: {{ include "rootmfa-operator.serviceAccountName" .root }}
    namespace: {{ .root.Release.Namespace }}
{{- end }}
