// Package egress decides what may leave the process: it is the privacy
// filter in front of every span and metric exporter, and the credential
// redactor it uses.
//
// Spans and Metrics wrap an exporter. Only what semconv defines (and what
// the user opted in to) passes: attribute keys, span event names, metric
// names, instrumentation scopes, resource keys, tracestate vendor keys.
// Values that name something (models, tools, agents, error classes, ...)
// must satisfy the grammar of package internal/names or become "_OTHER";
// every other string is redacted (Redact) and length-capped, also inside
// slices and maps. What was removed is counted in Counters, whose Stats
// snapshot --debug prints.
//
// Redact recognises credentials also where escaping hides them: JSON and
// URL escapes are decoded, and full-width and zero-width characters
// normalised, before the patterns are matched.
//
// The package shares nothing with delivery (package exporters): it only
// filters, and an exporter it wraps sees a filtered view of the data,
// never a modified original.
package egress // import "github.com/otelagent/otelagent-go/egress"
