package pricing

import (
	"fmt"
	"sync"
	"testing"
)

// lookupTable is a table for the lookup rules, apart from the embedded
// prices, which change.
func lookupTable(t *testing.T) *Table {
	t.Helper()
	table, err := Parse([]byte(`{
	  "version": "test",
	  "models": {
	    "gpt-4o": {"input": 2.5, "output": 10}, "gpt-4o-mini": {"input": 0.15, "output": 0.6},
	    "gpt-4o-mini-realtime-preview": {"input": 0.6, "output": 2.4}, "gpt-4": {"input": 30, "output": 60},
	    "gpt-5": {"input": 1.25, "output": 10}, "gpt-5.1": {"input": 1.25, "output": 10},
	    "o1": {"input": 15, "output": 60}, "o3-mini": {"input": 1.1, "output": 4.4},
	    "claude-3-5-sonnet": {"input": 3, "output": 15}, "claude-3-7-sonnet": {"input": 3, "output": 15.1},
	    "claude-3-haiku": {"input": 0.25, "output": 1.25}, "claude-opus-4": {"input": 15, "output": 75},
	    "claude-opus-4-1": {"input": 15, "output": 75.1}, "claude-sonnet-4-5": {"input": 3, "output": 15.2},
	    "mistral-large": {"input": 2, "output": 6}, "codestral": {"input": 0.3, "output": 0.9},
	    "gemini-2.0-flash": {"input": 0.1, "output": 0.4}, "gemini-1.5-pro": {"input": 1.25, "output": 5},
	    "gemini-2.5-flash": {"input": 0.3, "output": 2.5}, "gemini-2.5-flash-lite": {"input": 0.1, "output": 0.41},
	    "gemini-2.5-pro": {"input": 1.25, "output": 10}, "grok-4-fast": {"input": 0.2, "output": 0.5}
	  },
	  "aliases": {"claude-3.5-sonnet": "claude-3-5-sonnet", "claude-sonnet-4.5": "claude-sonnet-4-5",
	    "gpt-4-0613": "gpt-4", "mistral-large-2411": "mistral-large", "mistral-large-2407": "mistral-large",
	    "codestral-2501": "codestral"},
	  "unpriced": {"o1-mini": "no source"}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	return table
}

func TestLookup(t *testing.T) {
	table := lookupTable(t)
	must := func(model string) Price {
		t.Helper()
		p, ok := table.models[model]
		if !ok {
			t.Fatalf("embedded table lacks %q", model)
		}
		return p
	}
	tests := []struct {
		name  string
		model string
		want  string // canonical model whose price is expected; "" for unpriced
	}{
		{"exact", "gpt-4o", "gpt-4o"},
		{"exact mini", "gpt-4o-mini", "gpt-4o-mini"},
		{"upper case", "GPT-4o", "gpt-4o"},
		{"surrounding space", "  gpt-4o\n", "gpt-4o"},
		{"alias", "claude-3.5-sonnet", "claude-3-5-sonnet"},
		{"alias upper case", "Claude-3.5-Sonnet", "claude-3-5-sonnet"},
		{"alias four-digit date", "gpt-4-0613", "gpt-4"},
		{"alias mistral version", "mistral-large-2411", "mistral-large"},

		{"openai date", "gpt-4o-2024-08-06", "gpt-4o"},
		{"openai date mini", "gpt-4o-mini-2024-07-18", "gpt-4o-mini"},
		{"openai o-series date", "o3-mini-2025-01-31", "o3-mini"},
		{"openai gpt-5 date", "gpt-5-2025-08-07", "gpt-5"},
		{"anthropic date", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet"},
		{"anthropic 4.x date", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"},
		{"anthropic opus 4.1 date", "claude-opus-4-1-20250805", "claude-opus-4-1"},
		{"anthropic latest", "claude-3-5-sonnet-latest", "claude-3-5-sonnet"},
		{"mistral latest", "mistral-large-latest", "mistral-large"},
		{"vertex claude", "claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"},
		{"vertex gemini", "gemini-2.0-flash@001", "gemini-2.0-flash"},
		{"gemini numbered", "gemini-1.5-pro-002", "gemini-1.5-pro"},

		{"openai prefix", "openai/gpt-4o", "gpt-4o"},
		{"anthropic prefix", "anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"},
		{"gemini models prefix", "models/gemini-2.5-flash", "gemini-2.5-flash"},
		{"vertex resource name", "projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro", "gemini-2.5-pro"},
		{"openrouter", "openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"},
		{"mistralai prefix", "mistralai/codestral-2501", "codestral"},
		{"bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"},
		{"bedrock inference profile", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"},
		{"bedrock global profile", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
		{"bedrock context size", "anthropic.claude-3-haiku-20240307-v1:0:48k", "claude-3-haiku"},
		{"bedrock mistral", "mistral.mistral-large-2407-v1:0", "mistral-large"},

		{"longest prefix", "gpt-4o-mini-search-preview", "gpt-4o-mini"},
		{"prefix", "gpt-4o-search-preview-2025-03-11", "gpt-4o"},
		{"prefix beats shorter key", "gpt-4o-mini-realtime-preview-2024-12-17", "gpt-4o-mini-realtime-preview"},
		{"prefix dot boundary", "gpt-5.1-codex", "gpt-5.1"},
		{"prefix after strip", "grok-4-fast-reasoning", "grok-4-fast"},
		{"gemini preview", "gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite"},

		{"knowingly unpriced is not priced as the model it extends", "o1-mini", ""},
		{"knowingly unpriced, dated", "o1-mini-2024-09-12", ""},
		{"prefix that is not knowingly unpriced", "o1-preview", "o1"},
		{"no boundary: gpt-4 is not gpt-4o", "gpt-4omni", ""},
		{"digit after boundary is another version", "gpt-4.5-preview", ""},
		{"newer claude is not older claude", "claude-opus-4-6", ""},
		{"newer gpt is not older gpt", "gpt-5.4", ""},
		{"unlisted mistral version", "mistral-large-2512", ""},
		{"context variant", "gpt-4-32k", ""},
		{"fine-tune", "ft:gpt-4o-mini-2024-07-18:org::abc123", ""},
		{"openrouter free", "anthropic/claude-3.5-sonnet:free", ""},
		{"unknown", "my-local-model", ""},
		{"unknown bare vendor", "anthropic.", ""},
		{"suffix only", "-latest", ""},
		{"empty", "", ""},
		{"blank", "   ", ""},
		{"too long", string(make([]byte, maxModelNameLen+1)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Twice: the second answer comes from the cache.
			for i := range 2 {
				got, ok := table.Lookup(tt.model)
				if tt.want == "" {
					if ok {
						t.Fatalf("Lookup(%q) #%d = %+v, true; want unpriced", tt.model, i, got)
					}
					if got != (Price{}) {
						t.Fatalf("Lookup(%q) #%d = %+v for an unknown model; want zero Price", tt.model, i, got)
					}
					continue
				}
				if want := must(tt.want); !ok || got != want {
					t.Fatalf("Lookup(%q) #%d = %+v, %v; want %q's %+v", tt.model, i, got, ok, tt.want, want)
				}
			}
		})
	}
}

func TestLookupPrefixBoundary(t *testing.T) {
	table := mustParse(t, `{"version": "t", "models": {
		"gpt-4":  {"input": 30, "output": 60},
		"gpt-4o": {"input": 2.5, "output": 10}
	}}`)
	tests := []struct {
		model string
		want  float64 // input price; 0 for unpriced
	}{
		{"gpt-4", 30},
		{"gpt-4o", 2.5},
		{"gpt-4-turbo", 30},
		{"gpt-4.turbo", 30},
		{"gpt-4o-audio", 2.5},
		{"gpt-4oo", 0},
		{"gpt-4-", 0},
		{"gpt-4-0", 0},
		{"gpt-", 0},
		{"gpt", 0},
	}
	for _, tt := range tests {
		p, ok := table.Lookup(tt.model)
		if ok != (tt.want != 0) || p.Input != tt.want {
			t.Errorf("Lookup(%q) = %+v, %v; want input %v", tt.model, p, ok, tt.want)
		}
	}
}

func TestLookupNilTable(t *testing.T) {
	var table *Table
	if p, ok := table.Lookup("gpt-4o"); ok || p != (Price{}) {
		t.Errorf("nil Table Lookup = %+v, %v; want zero, false", p, ok)
	}
	if usd, ok := table.Cost("gpt-4o", Tokens{Input: 1}); ok || usd != 0 {
		t.Errorf("nil Table Cost = %v, %v; want 0, false", usd, ok)
	}
	if table.Version() != "" || table.Checked() != "" || table.Models() != nil {
		t.Error("nil Table accessors should return zero values")
	}
}

func TestTableCost(t *testing.T) {
	table := Default()
	usd, ok := table.Cost("claude-3-5-sonnet-20241022", Tokens{Input: 10_000, CacheRead: 6_000, CacheWrite: 2_000, Output: 500})
	if want := 0.0228; !ok || !approx(usd, want) {
		t.Errorf("Cost = %v, %v; want %v, true", usd, ok, want)
	}
	if usd, ok := table.Cost("my-local-model", Tokens{Input: 10}); ok || usd != 0 {
		t.Errorf("Cost of unknown model = %v, %v; want 0, false", usd, ok)
	}
}

func TestLookupConcurrent(t *testing.T) {
	table := mustParse(t, `{"version": "t", "models": {"gpt-4o": {"input": 2.5, "output": 10}}}`)
	table.cache = newLookupCache(64) // small, so concurrent lookups also clear it
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				name := fmt.Sprintf("gpt-4o-2024-%02d-%02d", g+1, i%28+1)
				if p, ok := table.Lookup(name); !ok || p.Input != 2.5 {
					t.Errorf("Lookup(%q) = %+v, %v", name, p, ok)
					return
				}
				if _, ok := table.Lookup(fmt.Sprintf("unknown-%d-%d", g, i)); ok {
					t.Error("unknown model priced")
					return
				}
			}
		})
	}
	wg.Wait()
	if n := table.cache.len(); n > 64 {
		t.Errorf("cache holds %d entries, cap 64", n)
	}
}

func TestLookupCacheBounded(t *testing.T) {
	// A private table: the cache of Default is shared with other tests.
	d := Default()
	table := newTable(d.version, d.checked, d.models, d.aliases)
	for i := range 3 * defaultCacheSize {
		table.Lookup(fmt.Sprintf("user-supplied-name-%d", i))
		if n := table.cache.len(); n > defaultCacheSize {
			t.Fatalf("after %d unknown names the cache holds %d entries, cap %d", i+1, n, defaultCacheSize)
		}
	}
	if table.cache.len() == 0 {
		t.Fatal("slow-path results are not cached")
	}
	// Exact hits never enter the cache.
	table = newTable(table.version, table.checked, table.models, table.aliases)
	table.Lookup("gpt-4o")
	if n := table.cache.len(); n != 0 {
		t.Errorf("an exact hit added %d cache entries", n)
	}
}

func TestLookupExactHitDoesNotAllocate(t *testing.T) {
	table := Default()
	if n := testing.AllocsPerRun(100, func() { table.Lookup("gpt-4o") }); n != 0 {
		t.Errorf("exact hit: %v allocations, want 0", n)
	}
	table.Lookup("gpt-4o-2024-08-06")
	if n := testing.AllocsPerRun(100, func() { table.Lookup("gpt-4o-2024-08-06") }); n != 0 {
		t.Errorf("cached hit: %v allocations, want 0", n)
	}
}

func BenchmarkLookup(b *testing.B) {
	table := Default()
	for _, bm := range []struct{ name, model string }{
		{"exact", "gpt-4o"},
		{"dated/cached", "gpt-4o-mini-2024-07-18"},
		{"bedrock/cached", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"},
		{"unknown/cached", "my-local-model"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				table.Lookup(bm.model)
			}
		})
	}
	b.Run("dated/uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			table.resolve("gpt-4o-mini-2024-07-18")
		}
	})
	b.Run("dated/cached/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				table.Lookup("claude-sonnet-4-5-20250929")
			}
		})
	})
}

func approx(got, want float64) bool {
	d := got - want
	return d < 1e-12 && d > -1e-12
}
