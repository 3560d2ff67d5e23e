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
	Version  string               `json:"version"`
	Checked  string               `json:"checked"`
	Currency string               `json:"currency"`
	Unit     string               `json:"unit"`
	Note     string               `json:"note"`
	Models   map[string]modelJSON `json:"models"`
	Aliases  map[string]string    `json:"aliases"`
}

type modelJSON struct {
	Input      *float64 `json:"input"`
	Output     *float64 `json:"output"`
	CacheRead  *float64 `json:"cache_read"`
	CacheWrite *float64 `json:"cache_write"`
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
//	  "models": {"gpt-4o": {"input": 2.5, "output": 10, "cache_read": 1.25, "cache_write": 0}},
//	  "aliases": {"gpt-4o-latest": "gpt-4o"}
//	}
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
	return newTable(f.Version, f.Checked, models, aliases), nil
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
	return newTable(version, checked, models, aliases)
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
