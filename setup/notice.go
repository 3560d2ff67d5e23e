package setup

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// noticeText is shown on the first run of each service that enables
// telemetry: what is collected, what never is, where it goes, how to see it
// and how to opt out.
const noticeText = `%[1]s collects anonymous usage telemetry with OpenTelemetry (otelagent):
  collected: command names and success or failure, agent and model names,
             tool names, durations and outcomes, token counts and estimated cost,
             session durations and error counts.
%[2]s
  sent to:   %[3]s
  opt out:   set TELEMETRY_ENABLED=false (or DO_NOT_TRACK=1) in your environment.
  see what is sent: %[4]s.
%[5]s
`

const (
	neverCollected = `  never collected: prompts, responses or generated content, file contents,
             tool arguments or results, API keys or credentials, or anything
             that identifies you.`
	// With content capture on, the notice must not say prompts are never
	// collected: they are.
	alsoCollected = `  ALSO collected, because content capture is on: prompts, responses,
             tool arguments and results, with credentials redacted.
  never collected: API keys or credentials.`

	// defaultInspectHint works in any program: the console exporter prints
	// what would be sent, on stderr, instead of sending it.
	defaultInspectHint = "run with OTEL_TRACES_EXPORTER=console"
)

// showNotice prints the first-run notice unless this service showed it
// before. It says "shown once" only when it could record that it was shown:
// with no writable configuration directory (HOME unset, a read-only home)
// it is shown at every run, and says why.
func showNotice(s settings) {
	what := neverCollected
	if s.captureContent {
		what = alsoCollected
	}
	hint := s.inspectHint
	if hint == "" {
		hint = defaultInspectHint
	}
	once, seen := rememberNotice(s)
	if seen {
		return
	}
	fmt.Fprintf(s.diagnostics, noticeText, s.serviceName, what, destination(s), hint, once)
}

// rememberNotice records that the notice of s.serviceName was shown, and
// returns the notice's last line, or seen when it was shown before.
func rememberNotice(s settings) (lastLine string, seen bool) {
	dir := s.configDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "This notice is shown at every run: there is no configuration directory to remember it in (" + err.Error() + ").", false
		}
		dir = filepath.Join(base, "otelagent")
	}
	marker := filepath.Join(dir, "notice-shown-"+fileName(s.serviceName))
	if _, err := os.Lstat(marker); err == nil {
		return "", true
	}
	err := os.MkdirAll(dir, 0o700)
	if err == nil {
		var f *os.File
		f, err = os.OpenFile(marker, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
		if err == nil {
			err = f.Close()
		}
	}
	if err != nil {
		return "This notice is shown at every run: " + dir + " cannot be written.", false
	}
	return "This notice is shown once.", false
}

// destination says where the data goes, as a person reads it: the OTLP
// collector's host (never the path, the query or credentials), a local
// file, or the terminal.
func destination(s settings) string {
	var where []string
	add := func(d string) {
		if d != "" && !slices.Contains(where, d) {
			where = append(where, d)
		}
	}
	for _, sig := range []struct {
		exporters []string
		otlp      exporters.Endpoint
		file      string
	}{{s.traces, s.tracesOTLP, "traces.jsonl"}, {s.metrics, s.metricsOTLP, "metrics.jsonl"}} {
		for _, name := range sig.exporters {
			switch name {
			case ExporterOTLP:
				add("an OpenTelemetry collector at " + endpointHost(sig.otlp.URL))
			case ExporterConsole:
				add("this terminal (stderr)")
			case ExporterFile:
				add("files in " + cmp.Or(s.fileDir, "the current directory"))
			}
		}
	}
	if len(where) == 0 {
		return "nowhere (no exporter is configured)"
	}
	return strings.Join(where, ", ")
}

// endpointHost is the host and port of an endpoint URL, or the redacted URL
// when it has none.
func endpointHost(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return urlredact.URL(raw)
}

// announceCapture says at every run that content capture is on. It cannot
// be silenced: with diagnostics discarded it goes to stderr, and it is
// also in the debug output.
func announceCapture(s settings, debug io.Writer) {
	if !s.captureContent {
		return
	}
	line := "otelagent: content capture is ON: prompts, responses, tool arguments and results are recorded, with credentials redacted (" + envCapture + " or WithContentCapture)\n"
	w := s.diagnostics
	if w == io.Discard {
		w = os.Stderr
	}
	_, _ = io.WriteString(w, line)
	if debug != nil && debug != w {
		_, _ = io.WriteString(debug, line)
	}
}
