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
// Opting out (TELEMETRY_ENABLED=false, DO_NOT_TRACK=1, OTEL_SDK_DISABLED=true
// or WithEnabled(false)) yields no-op providers: nothing is sent, no file is
// written, nothing is printed, and recording costs nothing.
//
// Start installs an OpenTelemetry error handler (otel.SetErrorHandler):
// the SDK's per-failure error logs would otherwise print a stack of lines
// for one unreachable collector. Errors appear in debug output; without it,
// Shutdown prints one summary line when something was not delivered.
package setup // import "github.com/otelagent/otelagent-go/setup"
