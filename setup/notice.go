package setup

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// noticeText is shown on the first run of each service that enables
// telemetry: what is collected, what never is, and how to opt out.
const noticeText = `%[1]s collects anonymous usage telemetry with OpenTelemetry (otelagent):
  collected: command names and success or failure, agent and model names,
             tool names, durations and outcomes, token counts and estimated cost,
             session durations and error counts.
%[2]s
  opt out:   set TELEMETRY_ENABLED=false (or DO_NOT_TRACK=1) in your environment.
  see what is sent: run with --debug.
This notice is shown once.
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
)

// showNotice prints the first-run notice unless this service showed it
// before, then remembers that it did. If the marker cannot be written the
// notice is shown again next time: better twice than never.
func showNotice(s settings) {
	what := neverCollected
	if s.captureContent {
		what = alsoCollected
	}
	dir := s.configDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			fmt.Fprintf(s.diagnostics, noticeText, s.serviceName, what)
			return
		}
		dir = filepath.Join(base, "otelagent")
	}
	marker := filepath.Join(dir, "notice-shown-"+fileName(s.serviceName))
	if _, err := os.Stat(marker); err == nil {
		return
	}
	fmt.Fprintf(s.diagnostics, noticeText, s.serviceName, what)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	_ = os.WriteFile(marker, nil, 0o600)
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
