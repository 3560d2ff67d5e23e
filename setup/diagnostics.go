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
	backlogSpans, backlogPoints := p.delivery.Backlog()
	var signals []string
	hinted := false
	for _, sig := range []struct {
		item    string
		s       exporters.SignalStats
		backlog uint64
	}{{"span", st.Traces, backlogSpans}, {"data point", st.Metrics, backlogPoints}} {
		var parts []string
		if sig.s.Pending > 0 {
			where := "in memory"
			if st.SpoolDir != "" {
				where = "in " + st.SpoolDir + " for the next run"
			}
			kept := count(sig.s.Pending, sig.item) + " from this run"
			if sig.backlog > 0 {
				kept += fmt.Sprintf(" and %d from earlier runs", sig.backlog)
			}
			parts = append(parts, fmt.Sprintf("%s kept %s", kept, where))
		}
		if n := sig.s.DroppedTotal(); n > 0 {
			reasons := make([]string, 0, len(sig.s.Dropped))
			for r := range sig.s.Dropped {
				reasons = append(reasons, r)
			}
			slices.Sort(reasons)
			parts = append(parts, fmt.Sprintf("%s dropped (%s)", count(n, sig.item), strings.Join(reasons, ", ")))
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
			hinted = true
		}
		signals = append(signals, fmt.Sprintf("%s (%s): %s", sig.s.URL, class, strings.Join(parts, ", ")))
	}
	if len(signals) == 0 {
		return ""
	}
	line := "otelagent: telemetry could not be delivered to " + strings.Join(signals, "; to ")
	if !hinted {
		// Nothing the user can set would fix it (the collector is down or
		// slow): say how to stop paying for it instead.
		line += " (to turn telemetry off, set TELEMETRY_ENABLED=false)"
	}
	return line
}

// deliveryLine is what --debug always ends with: per signal, what this run
// delivered and where, and what earlier runs' spool delivered.
func (p *Pipeline) deliveryLine() string {
	if p.delivery == nil {
		return ""
	}
	st := p.delivery.Stats()
	var parts []string
	for _, sig := range []struct {
		item string
		s    exporters.SignalStats
	}{{"span", st.Traces}, {"data point", st.Metrics}} {
		if sig.s.URL == "" {
			continue
		}
		part := fmt.Sprintf("%s of %d delivered to %s", count(sig.s.Exported, sig.item), sig.s.Ended, sig.s.URL)
		if sig.s.Replayed > 0 {
			part += fmt.Sprintf(" (and %s from earlier runs)", count(sig.s.Replayed, sig.item))
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return "otelagent: " + strings.Join(parts, "; ")
}

// count writes n items, in the singular for one.
func count(n uint64, item string) string {
	if n == 1 {
		return "1 " + item
	}
	return fmt.Sprintf("%d %ss", n, item)
}
