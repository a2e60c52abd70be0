{{- define "deskfleet.name" -}}{{ .Chart.Name }}{{- end -}}
{{- define "deskfleet.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "deskfleet.labels" -}}
app.kubernetes.io/name: {{ include "deskfleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
