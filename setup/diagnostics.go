package setup

import (
	"fmt"
	"slices"
	"strings"

	"github.com/otelagent/otelagent-go/exporters"
)

// summary returns the one line that says what could not be delivered,
// per signal: where it was meant to go (that signal's URL), why (the error
// class, and the fix for a configuration error) and what became of it; ""
// when everything was delivered.
func (p *Pipeline) summary() string {
	if p.delivery == nil {
		return ""
	}
	st := p.delivery.Stats()
	var signals []string
	for _, sig := range []struct {
		items string
		s     exporters.SignalStats
	}{{"spans", st.Traces}, {"data points", st.Metrics}} {
		var parts []string
		if sig.s.Pending > 0 {
			where := "in memory"
			if st.SpoolDir != "" {
				where = "in " + st.SpoolDir + " for the next run"
			}
			parts = append(parts, fmt.Sprintf("%d %s kept %s", sig.s.Pending, sig.items, where))
		}
		if n := sig.s.DroppedTotal(); n > 0 {
			reasons := make([]string, 0, len(sig.s.Dropped))
			for r := range sig.s.Dropped {
				reasons = append(reasons, r)
			}
			slices.Sort(reasons)
			parts = append(parts, fmt.Sprintf("%d %s dropped (%s)", n, sig.items, strings.Join(reasons, ", ")))
		}
		if len(parts) == 0 {
			continue
		}
		class := sig.s.LastErrorClass
		if class == "" {
			class = "error"
		}
		if sig.s.LastErrorHint != "" {
			class += ": " + sig.s.LastErrorHint
		}
		signals = append(signals, fmt.Sprintf("%s (%s): %s", sig.s.URL, class, strings.Join(parts, ", ")))
	}
	if len(signals) == 0 {
		return ""
	}
	return "otelagent: telemetry could not be delivered to " + strings.Join(signals, "; to ")
}
