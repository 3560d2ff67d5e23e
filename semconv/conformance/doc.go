// Package conformance reads the machine-readable model of the OpenTelemetry
// GenAI semantic conventions (the YAML registry, spans and metrics of
// open-telemetry/semantic-conventions-genai) and its tests check otelagent's
// semconv package against it, for each schema otelagent can emit.
//
// It is a module of its own so that its YAML parser never becomes a
// requirement of the otelagent module.
package conformance
