{{- define "deskfleet.name" -}}{{ .Chart.Name }}{{- end -}}
{{- define "deskfleet.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "deskfleet.labels" -}}
app.kubernetes.io/name: {{ include "deskfleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{/* The names clients use to reach the HTTP API: the service's DNS names and the configured ones. */}}
{{- define "deskfleet.httpNames" -}}
{{- $svc := printf "%s-http" (include "deskfleet.fullname" .) -}}
{{- $names := list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.cluster.local" $svc .Release.Namespace) -}}
{{- join "," (concat $names .Values.http.hostNames) -}}
{{- end -}}
