package pricing

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed prices.json
var embedded []byte

// Table maps model names to prices. It is immutable once built and safe for
// concurrent use; the zero of *Table (nil) knows no model.
type Table struct {
	version string
	checked string
	models  map[string]Price  // canonical lower-case model names
	aliases map[string]string // lower-case alias -> model or alias name
	index   map[string]Price  // models and resolved aliases: the exact-hit map
	keys    []string          // index keys, longest first, for prefix matching
	cache   *lookupCache

	sources  map[string]Source // model name -> where its price comes from
	unpriced map[string]string // model name -> why it is knowingly unpriced
}

// Source is where a model's price was read.
type Source struct {
	// URL is the page the price was read on.
	URL string
	// Read is the date (YYYY-MM-DD) it was read, or that of the stored
	// copy read.
	Read string
	// Kind is "provider" for the provider's own pricing page, or
	// "secondary" for a page that quotes it (dated), where no stored copy
	// of the provider's page had the price.
	Kind string
	// Note says anything else a reader must know (which tier, "as stored").
	Note string
}

var (
	defaultOnce  sync.Once
	defaultTable *Table
)

// Default returns the price table embedded in this package, parsed once.
//
// The embedded file is checked by this package's tests, so it cannot fail to
// parse in a released build; should it anyway, Default logs the error (the
// same channel as OpenTelemetry's default error handler) and returns an empty
// table, so every model is reported as unpriced rather than the caller
// failing.
func Default() *Table {
	defaultOnce.Do(func() {
		t, err := Parse(embedded)
		if err != nil {
			log.Printf("otelagent/pricing: embedded price table: %v; costs will not be estimated", err)
			t = newTable("", "", nil, nil)
		}
		defaultTable = t
	})
	return defaultTable
}

// file is the JSON form of a price table.
type file struct {
	Version  string                `json:"version"`
	Checked  string                `json:"checked"`
	Currency string                `json:"currency"`
	Unit     string                `json:"unit"`
	Note     string                `json:"note"`
	Sources  map[string]sourceJSON `json:"sources"`
	Models   map[string]modelJSON  `json:"models"`
	Aliases  map[string]string     `json:"aliases"`
	Unpriced map[string]string     `json:"unpriced"`
}

type sourceJSON struct {
	URL  string `json:"url"`
	Read string `json:"read"`
	Kind string `json:"kind"`
	Note string `json:"note"`
}

type modelJSON struct {
	Input      *float64 `json:"input"`
	Output     *float64 `json:"output"`
	CacheRead  *float64 `json:"cache_read"`
	CacheWrite *float64 `json:"cache_write"`
	Source     string   `json:"source"`
}

const (
	currencyUSD     = "USD"
	unitPerMillion  = "per_million_tokens"
	checkedLayout   = "2006-01-02"
	maxModelNameLen = 256 // no real model id is longer; longer names are never looked up or cached
)

// Parse reads a price table in the JSON form of this package's prices.json:
//
//	{
//	  "version": "2026-11-27",             required, any string
//	  "checked": "2026-11-27",             optional, YYYY-MM-DD
//	  "currency": "USD",                   optional, only USD
//	  "unit": "per_million_tokens",        optional, only per_million_tokens
//	  "sources": {"openai": {"url": "https://...", "read": "2026-11-27", "kind": "provider", "note": "..."}},
//	  "models": {"gpt-4o": {"input": 2.5, "output": 10, "cache_read": 1.25, "cache_write": 0, "source": "openai"}},
//	  "aliases": {"gpt-4o-latest": "gpt-4o"},
//	  "unpriced": {"gpt-4o-search-preview": "why it has no price"}
//	}
//
// sources, a model's source and unpriced are optional; a source a model
// names must be listed, with a URL, a read date and a kind ("provider" or
// "secondary"). A knowingly unpriced model must not also have a price.
//
// input and output are required; an absent or zero cache_read or cache_write
// means those tokens are charged at the input rate. Names are
// case-insensitive. An alias must name a model (or another alias) of the same
// file. Unknown fields are errors, so that a misspelt price is not silently
// ignored.
func Parse(data []byte) (*Table, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("pricing: invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("pricing: invalid JSON: data after the top-level object")
	}
	if strings.TrimSpace(f.Version) == "" {
		return nil, errors.New(`pricing: missing "version" (name this table, e.g. "2026-11-27" or "custom")`)
	}
	if f.Checked != "" {
		if _, err := time.Parse(checkedLayout, f.Checked); err != nil {
			return nil, fmt.Errorf(`pricing: "checked" %q is not a date (want YYYY-MM-DD)`, f.Checked)
		}
	}
	if f.Currency != "" && f.Currency != currencyUSD {
		return nil, fmt.Errorf(`pricing: currency %q not supported (want %q)`, f.Currency, currencyUSD)
	}
	if f.Unit != "" && f.Unit != unitPerMillion {
		return nil, fmt.Errorf(`pricing: unit %q not supported (want %q)`, f.Unit, unitPerMillion)
	}
	if len(f.Models) == 0 {
		return nil, errors.New(`pricing: no "models" (a table must price at least one model)`)
	}

	sources, err := parseSources(f.Sources)
	if err != nil {
		return nil, err
	}
	modelSources := make(map[string]Source, len(f.Models))
	models := make(map[string]Price, len(f.Models))
	for _, raw := range slices.Sorted(maps.Keys(f.Models)) {
		name := normalize(raw)
		if err := checkName("model", raw, name); err != nil {
			return nil, err
		}
		if _, dup := models[name]; dup {
			return nil, fmt.Errorf("pricing: model %q listed twice (names are case-insensitive)", raw)
		}
		p, err := f.Models[raw].price(raw)
		if err != nil {
			return nil, err
		}
		models[name] = p
		if id := f.Models[raw].Source; id != "" {
			src, ok := sources[id]
			if !ok {
				return nil, fmt.Errorf("pricing: model %q: source %q is not in \"sources\"", raw, id)
			}
			modelSources[name] = src
		}
	}
	unpriced := make(map[string]string, len(f.Unpriced))
	for raw, why := range f.Unpriced {
		name := normalize(raw)
		if err := checkName("unpriced model", raw, name); err != nil {
			return nil, err
		}
		if _, priced := models[name]; priced {
			return nil, fmt.Errorf("pricing: model %q is both priced and unpriced; remove one of them", raw)
		}
		unpriced[name] = why
	}

	aliases := make(map[string]string, len(f.Aliases))
	for _, raw := range slices.Sorted(maps.Keys(f.Aliases)) {
		name := normalize(raw)
		if err := checkName("alias", raw, name); err != nil {
			return nil, err
		}
		if _, dup := aliases[name]; dup {
			return nil, fmt.Errorf("pricing: alias %q listed twice (names are case-insensitive)", raw)
		}
		if _, isModel := models[name]; isModel {
			return nil, fmt.Errorf("pricing: alias %q is also a model name; remove one of them", raw)
		}
		aliases[name] = normalize(f.Aliases[raw])
	}
	for _, name := range slices.Sorted(maps.Keys(aliases)) {
		if _, ok := resolveAlias(name, models, aliases); !ok {
			return nil, fmt.Errorf("pricing: alias %q: target %q is not a model of this table (or the aliases form a loop)", name, aliases[name])
		}
	}
	t := newTable(f.Version, f.Checked, models, aliases)
	t.sources, t.unpriced = modelSources, unpriced
	return t, nil
}

func parseSources(in map[string]sourceJSON) (map[string]Source, error) {
	out := make(map[string]Source, len(in))
	for id, s := range in {
		switch {
		case s.URL == "":
			return nil, fmt.Errorf("pricing: source %q: missing \"url\"", id)
		case s.Kind != "provider" && s.Kind != "secondary":
			return nil, fmt.Errorf(`pricing: source %q: kind %q (want "provider" or "secondary")`, id, s.Kind)
		}
		if _, err := time.Parse(checkedLayout, s.Read); err != nil {
			return nil, fmt.Errorf(`pricing: source %q: "read" %q is not a date (want YYYY-MM-DD)`, id, s.Read)
		}
		out[id] = Source(s)
	}
	return out, nil
}

func (m modelJSON) price(model string) (Price, error) {
	var p Price
	for _, f := range []struct {
		name     string
		v        *float64
		required bool
		dst      *float64
	}{
		{"input", m.Input, true, &p.Input},
		{"output", m.Output, true, &p.Output},
		{"cache_read", m.CacheRead, false, &p.CacheRead},
		{"cache_write", m.CacheWrite, false, &p.CacheWrite},
	} {
		switch {
		case f.v == nil && f.required:
			return Price{}, fmt.Errorf("pricing: model %q: missing %q price", model, f.name)
		case f.v == nil:
		case *f.v < 0:
			return Price{}, fmt.Errorf("pricing: model %q: negative %s price %v", model, f.name, *f.v)
		default:
			*f.dst = *f.v
		}
	}
	return p, nil
}

func checkName(kind, raw, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("pricing: %s name %q is empty", kind, raw)
	case len(name) > maxModelNameLen:
		return fmt.Errorf("pricing: %s name %.40q... is longer than %d bytes", kind, raw, maxModelNameLen)
	}
	return nil
}

// resolveAlias follows aliases (at most a few hops, so a loop ends) to a
// model's price.
func resolveAlias(name string, models map[string]Price, aliases map[string]string) (Price, bool) {
	for range 8 {
		target, ok := aliases[name]
		if !ok {
			return Price{}, false
		}
		if p, ok := models[target]; ok {
			return p, true
		}
		name = target
	}
	return Price{}, false
}

func newTable(version, checked string, models map[string]Price, aliases map[string]string) *Table {
	t := &Table{
		version: version,
		checked: checked,
		models:  models,
		aliases: aliases,
		index:   make(map[string]Price, len(models)+len(aliases)),
		cache:   newLookupCache(defaultCacheSize),
	}
	for name := range aliases {
		if p, ok := resolveAlias(name, models, aliases); ok {
			t.index[name] = p
		}
	}
	for name, p := range models {
		t.index[name] = p
	}
	t.keys = slices.Collect(maps.Keys(t.index))
	slices.SortFunc(t.keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return t
}

// Merge returns a new table with the models and aliases of both, override
// winning wherever both name the same model or alias. Aliases of t follow
// override's prices: re-pricing "claude-3-5-sonnet" also re-prices
// "claude-3.5-sonnet". The version reads "<t>+<override>"; the checked date
// is the older of the two, since some prices were last checked then.
func (t *Table) Merge(override *Table) *Table {
	if override == nil {
		return t
	}
	if t == nil {
		return override
	}
	models := make(map[string]Price, len(t.models)+len(override.models))
	aliases := make(map[string]string, len(t.aliases)+len(override.aliases))
	for name, p := range t.models {
		if _, shadowed := override.aliases[name]; !shadowed {
			models[name] = p
		}
	}
	for name, target := range t.aliases {
		if _, shadowed := override.models[name]; !shadowed {
			aliases[name] = target
		}
	}
	for name, p := range override.models {
		models[name] = p
	}
	for name, target := range override.aliases {
		aliases[name] = target
	}

	version := override.version
	if t.version != "" {
		version = t.version + "+" + override.version
	}
	checked := t.checked
	if override.checked != "" && (checked == "" || override.checked < checked) {
		checked = override.checked
	}
	merged := newTable(version, checked, models, aliases)
	merged.sources = make(map[string]Source, len(t.sources)+len(override.sources))
	merged.unpriced = make(map[string]string, len(t.unpriced)+len(override.unpriced))
	for name, src := range t.sources {
		if _, repriced := override.models[name]; !repriced {
			merged.sources[name] = src
		}
	}
	maps.Copy(merged.sources, override.sources)
	for name, why := range t.unpriced {
		if _, priced := models[name]; !priced {
			merged.unpriced[name] = why
		}
	}
	for name, why := range override.unpriced {
		if _, priced := override.models[name]; !priced {
			merged.unpriced[name] = why
			delete(merged.sources, name)
		}
	}
	for name := range merged.unpriced {
		if _, priced := models[name]; priced {
			delete(merged.unpriced, name)
		}
	}
	return merged
}

// Source returns where the price of model, a model name of the table (or
// an alias of one), was read, if the table says.
func (t *Table) Source(model string) (Source, bool) {
	if t == nil {
		return Source{}, false
	}
	name := normalize(model)
	for range 8 {
		if src, ok := t.sources[name]; ok {
			return src, true
		}
		target, ok := t.aliases[name]
		if !ok {
			return Source{}, false
		}
		name = target
	}
	return Source{}, false
}

// Unpriced reports whether model (its exact name, case-insensitive) is
// knowingly unpriced, and why: a model the table's authors looked for and
// found no published price for. Its tokens are counted as unpriced, like
// those of any model the table does not know.
func (t *Table) Unpriced(model string) (reason string, ok bool) {
	if t == nil {
		return "", false
	}
	reason, ok = t.unpriced[normalize(model)]
	return reason, ok
}

// Version names the table, e.g. "2026-11-27" or "2026-11-27+custom" after a
// Merge.
func (t *Table) Version() string {
	if t == nil {
		return ""
	}
	return t.version
}

// Checked is the date (YYYY-MM-DD) the table's prices were last checked
// against the providers' published list prices, or "" if not given.
func (t *Table) Checked() string {
	if t == nil {
		return ""
	}
	return t.checked
}

// Models returns the names of the priced models, sorted, without aliases.
func (t *Table) Models() []string {
	if t == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(t.models))
}

// Cost is Lookup followed by Price.Cost; ok is false, and the cost zero, when
// the table does not know the model.
func (t *Table) Cost(model string, tokens Tokens) (usd float64, ok bool) {
	p, ok := t.Lookup(model)
	if !ok {
		return 0, false
	}
	return p.Cost(tokens), true
}
