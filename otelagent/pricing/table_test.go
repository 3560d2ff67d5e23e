package pricing

import (
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, data string) *Table {
	t.Helper()
	table, err := Parse([]byte(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return table
}

func TestParse(t *testing.T) {
	table := mustParse(t, `{
		"version": "v1", "checked": "2026-01-02", "currency": "USD", "unit": "per_million_tokens",
		"note": "free text",
		"models": {
			"Model-A": {"input": 1, "output": 2, "cache_read": 0.1, "cache_write": 1.25},
			"model-b": {"input": 0, "output": 0}
		},
		"aliases": {"a": "model-a", "a2": "A"}
	}`)
	if table.Version() != "v1" || table.Checked() != "2026-01-02" {
		t.Errorf("Version, Checked = %q, %q", table.Version(), table.Checked())
	}
	if got, want := strings.Join(table.Models(), ","), "model-a,model-b"; got != want {
		t.Errorf("Models = %s, want %s", got, want)
	}
	want := Price{Input: 1, Output: 2, CacheRead: 0.1, CacheWrite: 1.25}
	for _, name := range []string{"model-a", "MODEL-A", "a", "a2"} {
		if p, ok := table.Lookup(name); !ok || p != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", name, p, ok, want)
		}
	}
	// A zero price is a price: free local models are priced, not unpriced.
	if p, ok := table.Lookup("model-b"); !ok || p != (Price{}) {
		t.Errorf("Lookup(model-b) = %+v, %v; want zero price, true", p, ok)
	}
}

func TestParseErrors(t *testing.T) {
	const model = `"m": {"input": 1, "output": 1}`
	tests := []struct {
		name string
		data string
		want string
	}{
		{"not JSON", `{"version": `, "pricing: invalid JSON"},
		{"empty", ``, "pricing: invalid JSON"},
		{"trailing data", `{"version": "v", "models": {` + model + `}} {}`, "data after the top-level object"},
		{"unknown field", `{"version": "v", "models": {"m": {"input": 1, "output": 1, "cache_reed": 1}}}`, `unknown field "cache_reed"`},
		{"wrong type", `{"version": "v", "models": {"m": {"input": "1", "output": 1}}}`, "pricing: invalid JSON"},
		{"missing version", `{"models": {` + model + `}}`, `pricing: missing "version"`},
		{"bad checked", `{"version": "v", "checked": "01/02/2026", "models": {` + model + `}}`, `pricing: "checked" "01/02/2026" is not a date (want YYYY-MM-DD)`},
		{"currency", `{"version": "v", "currency": "EUR", "models": {` + model + `}}`, `pricing: currency "EUR" not supported (want "USD")`},
		{"unit", `{"version": "v", "unit": "per_token", "models": {` + model + `}}`, `pricing: unit "per_token" not supported`},
		{"no models", `{"version": "v", "models": {}}`, `pricing: no "models"`},
		{"negative input", `{"version": "v", "models": {"gpt-x": {"input": -1, "output": 1}}}`, `pricing: model "gpt-x": negative input price -1`},
		{"negative cache read", `{"version": "v", "models": {"gpt-x": {"input": 1, "output": 1, "cache_read": -0.5}}}`, `pricing: model "gpt-x": negative cache_read price -0.5`},
		{"missing output", `{"version": "v", "models": {"gpt-x": {"input": 1}}}`, `pricing: model "gpt-x": missing "output" price`},
		{"empty model name", `{"version": "v", "models": {" ": {"input": 1, "output": 1}}}`, `pricing: model name " " is empty`},
		{"duplicate by case", `{"version": "v", "models": {"M": {"input": 1, "output": 1}, ` + model + `}}`, `listed twice (names are case-insensitive)`},
		{"alias to unknown model", `{"version": "v", "models": {` + model + `}, "aliases": {"x": "gpt-x"}}`, `pricing: alias "x": target "gpt-x" is not a model of this table`},
		{"alias loop", `{"version": "v", "models": {` + model + `}, "aliases": {"x": "y", "y": "x"}}`, `pricing: alias "x"`},
		{"alias is model", `{"version": "v", "models": {` + model + `}, "aliases": {"M": "m"}}`, `pricing: alias "M" is also a model name`},
		{"unknown source", `{"version": "v", "models": {"m": {"input": 1, "output": 1, "source": "s"}}}`, `pricing: model "m": source "s" is not in "sources"`},
		{"source without url", `{"version": "v", "sources": {"s": {"read": "2026-01-02", "kind": "provider"}}, "models": {` + model + `}}`, `pricing: source "s": missing "url"`},
		{"source kind", `{"version": "v", "sources": {"s": {"url": "https://x", "read": "2026-01-02", "kind": "blog"}}, "models": {` + model + `}}`, `pricing: source "s": kind "blog"`},
		{"source date", `{"version": "v", "sources": {"s": {"url": "https://x", "read": "June 2026", "kind": "provider"}}, "models": {` + model + `}}`, `pricing: source "s": "read" "June 2026" is not a date`},
		{"priced and unpriced", `{"version": "v", "models": {` + model + `}, "unpriced": {"M": "why"}}`, `pricing: model "M" is both priced and unpriced`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatalf("Parse succeeded with %d models; want error %q", len(table.Models()), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %q; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	base := mustParse(t, `{"version": "2026-11-01", "checked": "2026-11-01", "models": {
		"gpt-4o": {"input": 2.5, "output": 10, "cache_read": 1.25},
		"claude-3-5-sonnet": {"input": 3, "output": 15},
		"old": {"input": 9, "output": 9}
	}, "aliases": {"claude-3.5-sonnet": "claude-3-5-sonnet", "shadowed": "gpt-4o"}}`)
	override := mustParse(t, `{"version": "custom", "checked": "2026-06-01", "models": {
		"claude-3-5-sonnet": {"input": 1.5, "output": 7.5},
		"shadowed": {"input": 4, "output": 4},
		"llama-local": {"input": 0, "output": 0},
		"new": {"input": 1, "output": 1}
	}, "aliases": {"old": "new"}}`)
	merged := base.Merge(override)

	if got, want := merged.Version(), "2026-11-01+custom"; got != want {
		t.Errorf("Version = %q, want %q", got, want)
	}
	if got, want := merged.Checked(), "2026-06-01"; got != want {
		t.Errorf("Checked = %q, want the older date %q", got, want)
	}
	tests := []struct {
		model string
		want  Price
	}{
		{"gpt-4o", Price{Input: 2.5, Output: 10, CacheRead: 1.25}},            // base only
		{"gpt-4o-2024-08-06", Price{Input: 2.5, Output: 10, CacheRead: 1.25}}, // base, by suffix
		{"claude-3-5-sonnet", Price{Input: 1.5, Output: 7.5}},                 // override wins
		{"claude-3.5-sonnet", Price{Input: 1.5, Output: 7.5}},                 // base alias follows the override
		{"claude-3-5-sonnet-20241022", Price{Input: 1.5, Output: 7.5}},        // so does suffix stripping
		{"shadowed", Price{Input: 4, Output: 4}},                              // override model beats base alias
		{"old", Price{Input: 1, Output: 1}},                                   // override alias beats base model
		{"llama-local", Price{}},                                              // new, free
	}
	for _, tt := range tests {
		if p, ok := merged.Lookup(tt.model); !ok || p != tt.want {
			t.Errorf("merged Lookup(%q) = %+v, %v; want %+v", tt.model, p, ok, tt.want)
		}
	}
	if got, want := strings.Join(merged.Models(), ","), "claude-3-5-sonnet,gpt-4o,llama-local,new,shadowed"; got != want {
		t.Errorf("merged Models = %s, want %s", got, want)
	}
	// The inputs are unchanged.
	if p, _ := base.Lookup("claude-3-5-sonnet"); p.Input != 3 {
		t.Errorf("Merge changed the base table: %+v", p)
	}
	if _, ok := override.Lookup("gpt-4o"); ok {
		t.Error("Merge changed the override table")
	}
	if base.Merge(nil) != base {
		t.Error("Merge(nil) should return the table itself")
	}
	if (*Table)(nil).Merge(override) != override {
		t.Error("nil.Merge(o) should return o")
	}
}

// TestEmbedded checks the table every user gets; a failure here is what
// Default would otherwise log at run time.
// Merge keeps each price's source, and an override's price or unpriced
// entry wins over the base's.
func TestMergeSourcesAndUnpriced(t *testing.T) {
	base, err := Parse([]byte(`{"version": "b", "sources": {"s": {"url": "https://a", "read": "2026-01-02", "kind": "provider"}},
	  "models": {"m1": {"input": 1, "output": 1, "source": "s"}, "m2": {"input": 1, "output": 1, "source": "s"}},
	  "unpriced": {"u1": "no source", "u2": "no source"}}`))
	if err != nil {
		t.Fatal(err)
	}
	override, err := Parse([]byte(`{"version": "o", "models": {"m2": {"input": 2, "output": 2}, "u1": {"input": 3, "output": 3}},
	  "unpriced": {"u3": "mine"}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := base.Merge(override)
	if src, ok := m.Source("m1"); !ok || src.URL != "https://a" {
		t.Errorf("Source(m1) = %+v, %v; want the base's", src, ok)
	}
	if _, ok := m.Source("m2"); ok {
		t.Error("m2, re-priced without a source, kept the base's source")
	}
	for model, want := range map[string]bool{"u1": false, "u2": true, "u3": true} {
		if _, got := m.Unpriced(model); got != want {
			t.Errorf("Unpriced(%s) = %v, want %v", model, got, want)
		}
	}
	if p, ok := m.Lookup("u1"); !ok || p.Input != 3 {
		t.Errorf("Lookup(u1) = %+v, %v; want the override's price", p, ok)
	}
}

func TestEmbedded(t *testing.T) {
	table, err := Parse(embedded)
	if err != nil {
		t.Fatalf("embedded prices.json: %v", err)
	}
	for name, date := range map[string]string{"version": table.Version(), "checked": table.Checked()} {
		if _, err := time.Parse(checkedLayout, date); err != nil {
			t.Errorf("embedded %s %q is not a YYYY-MM-DD date", name, date)
		}
	}
	if table.Checked() > table.Version() {
		t.Errorf("checked %s is after version %s", table.Checked(), table.Version())
	}
	if len(table.Models()) < 40 {
		t.Errorf("embedded table has only %d models", len(table.Models()))
	}
	for _, name := range table.Models() {
		p := table.models[name]
		if p.Input <= 0 || p.Output <= 0 {
			t.Errorf("model %q: input %v and output %v must be > 0", name, p.Input, p.Output)
		}
		// Cache reads are discounted and cache writes not cheaper than input
		// everywhere; anything else is a typo.
		if p.CacheRead > p.Input {
			t.Errorf("model %q: cache_read %v above input %v", name, p.CacheRead, p.Input)
		}
		if p.CacheWrite != 0 && p.CacheWrite < p.Input {
			t.Errorf("model %q: cache_write %v below input %v", name, p.CacheWrite, p.Input)
		}
		// Each model must be found under its own name without the suffix
		// stripping moving it to another entry.
		if got, ok := table.Lookup(name); !ok || got != p {
			t.Errorf("Lookup(%q) = %+v, %v; want its own price %+v", name, got, ok, p)
		}
	}
	// Every price says where it was read; a knowingly unpriced model says
	// why, and is not priced by a model it extends.
	for _, name := range table.Models() {
		src, ok := table.Source(name)
		if !ok {
			t.Errorf("model %q has no source", name)
			continue
		}
		if !strings.HasPrefix(src.URL, "https://") || src.Read > table.Checked() {
			t.Errorf("model %q: source %+v: want an https URL read by the checked date %s", name, src, table.Checked())
		}
	}
	for name, why := range table.unpriced {
		if why == "" {
			t.Errorf("unpriced model %q says not why", name)
		}
		if p, ok := table.Lookup(name); ok {
			t.Errorf("unpriced model %q is priced %+v by Lookup", name, p)
		}
	}
	for alias, target := range table.aliases {
		p, ok := table.models[target]
		if !ok {
			t.Errorf("alias %q targets %q, not a model", alias, target)
			continue
		}
		if got, ok := table.Lookup(alias); !ok || got != p {
			t.Errorf("Lookup(alias %q) = %+v, %v; want %q's %+v", alias, got, ok, target, p)
		}
	}
	if d := Default(); d.Version() != table.Version() || len(d.Models()) != len(table.Models()) {
		t.Errorf("Default() = version %q with %d models; want the embedded table", d.Version(), len(d.Models()))
	}
	if Default() != Default() {
		t.Error("Default() should parse once and return the same table")
	}
}
