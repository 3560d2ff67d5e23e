package setup

import (
	"fmt"
	"os"
	"path/filepath"
)

// noticeText is shown on the first run of each service that enables
// telemetry: what is collected, what never is, and how to opt out.
const noticeText = `%[1]s collects anonymous usage telemetry with OpenTelemetry (otelagent):
  collected: command names and success or failure, agent and model names,
             tool names, durations and outcomes, token counts and estimated cost,
             session durations and error counts.
  never collected: prompts, responses or generated content, file contents,
             tool arguments or results, API keys or credentials, or anything
             that identifies you.
  opt out:   set TELEMETRY_ENABLED=false (or DO_NOT_TRACK=1) in your environment.
  see what is sent: run with --debug.
This notice is shown once.
`

// showNotice prints the first-run notice unless this service showed it
// before, then remembers that it did. If the marker cannot be written the
// notice is shown again next time: better twice than never.
func showNotice(cfg config, service string) {
	dir := cfg.configDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			fmt.Fprintf(cfg.diagnostics, noticeText, service)
			return
		}
		dir = filepath.Join(base, "otelagent")
	}
	marker := filepath.Join(dir, "notice-shown-"+fileName(service))
	if _, err := os.Stat(marker); err == nil {
		return
	}
	fmt.Fprintf(cfg.diagnostics, noticeText, service)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	_ = os.WriteFile(marker, nil, 0o600)
}
