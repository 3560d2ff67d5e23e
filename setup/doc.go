// Package setup turns configuration into a working otelagent pipeline: it
// reads options and the environment, builds OpenTelemetry providers with
// the right exporters behind the privacy filter, prints the first-run
// notice, and returns a ready *otelagent.Telemetry with a Shutdown that
// flushes.
//
// It is the SDK side of otelagent, for programs (an agent CLI's main);
// libraries and frameworks record with the otelagent package alone and let
// the program decide. See the README for every environment variable.
//
// Configuration is one pure step shared by Start and Inspect: options and
// the environment in, settings and a list of problems out. Options in code
// win over the environment, which wins over defaults; an opt-out in the
// environment (TELEMETRY_ENABLED=false, DO_NOT_TRACK=1,
// OTEL_SDK_DISABLED=true) always wins. Opting out yields no-op providers:
// nothing is sent, no file is written, nothing is printed, and recording
// costs nothing.
//
// Every problem is one "otelagent:" line naming the setting and what to
// write instead, printed once by Start. The OpenTelemetry SDK never prints
// on its own: Start routes its logger, and its error handler unless the
// program installed one (always with WithGlobal), into the debug output;
// without it, Shutdown prints one summary line when something was not
// delivered.
package setup // import "github.com/otelagent/otelagent-go/setup"
