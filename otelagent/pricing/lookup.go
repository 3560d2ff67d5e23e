package pricing

import (
	"regexp"
	"strings"
	"sync"
)

// Lookup returns the price of model, and false when the table does not know
// it; an unknown model is never priced by guess.
//
// Names match case-insensitively, in this order: the exact name or an alias;
// the name without a provider prefix ("openai/", "models/",
// "us.anthropic."); the name without version or date suffixes ("-2024-08-06",
// "-20241022", "@20240620", "-latest", "-v2:0", "-001"); then the longest
// known name that the name starts with, followed by '-' or '.' and not by a
// digit: "gpt-4o-search-preview" is priced as "gpt-4o", but "gpt-4o" is not
// priced as "gpt-4", nor "claude-opus-4-6" as "claude-opus-4" (a digit there
// starts another model version, whose price may differ).
//
// An exact hit costs one map read and no allocation. The result for any
// other name is cached in a bounded cache.
func (t *Table) Lookup(model string) (Price, bool) {
	if t == nil {
		return Price{}, false
	}
	if p, ok := t.index[model]; ok {
		return p, true
	}
	if len(model) > maxModelNameLen {
		return Price{}, false
	}
	if r, ok := t.cache.get(model); ok {
		return r.price, r.ok
	}
	p, ok := t.resolve(model)
	t.cache.put(model, result{price: p, ok: ok})
	return p, ok
}

// resolve is the slow path of Lookup.
func (t *Table) resolve(model string) (Price, bool) {
	name := normalize(model)
	if name == "" {
		return Price{}, false
	}
	if p, ok := t.index[name]; ok {
		return p, true
	}
	name = stripProvider(name)
	if p, ok := t.index[name]; ok {
		return p, true
	}
	if t.knowinglyUnpriced(name) {
		return Price{}, false
	}
	for {
		loc := versionSuffix().FindStringIndex(name)
		if loc == nil || loc[0] == 0 {
			break
		}
		name = name[:loc[0]]
		if p, ok := t.index[name]; ok {
			return p, true
		}
		if t.knowinglyUnpriced(name) {
			return Price{}, false
		}
	}
	for _, key := range t.keys {
		if extends(name, key) {
			return t.index[key], true
		}
	}
	return Price{}, false
}

// knowinglyUnpriced reports whether the table lists name as unpriced: then
// it is not priced as a model it extends ("o1-mini" is not "o1").
func (t *Table) knowinglyUnpriced(name string) bool {
	_, ok := t.unpriced[name]
	return ok
}

func normalize(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// versionSuffix matches one version or date suffix at the end of a model
// name: -latest, Vertex's @20240620 / @001 / @latest, Bedrock's -v2:0 (with
// an optional context size, -v1:0:200k) and -v2, dates -2024-08-06 and
// -20241022, and Gemini's -001. Four-digit suffixes (-0613, -2411) are not
// stripped: they are dates for OpenAI but versions with their own prices for
// Mistral, so the table lists the ones it knows as aliases.
var versionSuffix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:-latest|@(?:[0-9]+|latest)|-v[0-9]+(?::[0-9]+)?(?::[0-9]+k)?|-[0-9]{4}-[0-9]{2}-[0-9]{2}|-[0-9]{8}|-[0-9]{3})$`)
})

// bedrockVendors are the vendor segments of Amazon Bedrock model ids
// ("anthropic.claude-…", "us.anthropic.claude-…" for inference profiles).
var bedrockVendors = map[string]bool{
	"ai21": true, "amazon": true, "anthropic": true, "cohere": true, "deepseek": true,
	"meta": true, "mistral": true, "openai": true, "qwen": true, "writer": true,
}

// bedrockRegions are the geography prefixes of Bedrock cross-region
// inference profiles.
var bedrockRegions = map[string]bool{
	"us": true, "eu": true, "apac": true, "global": true, "us-gov": true,
	"jp": true, "au": true, "ca": true,
}

// stripProvider removes what names the host or vendor rather than the model:
// everything up to the last '/' ("openai/gpt-4o",
// "projects/p/locations/l/publishers/google/models/gemini-2.0-flash",
// "openrouter/anthropic/…") and a Bedrock vendor and region prefix.
func stripProvider(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	first, rest, ok := strings.Cut(name, ".")
	if !ok {
		return name
	}
	if bedrockRegions[first] {
		vendor, model, ok := strings.Cut(rest, ".")
		if ok && bedrockVendors[vendor] && model != "" {
			return model
		}
		return name
	}
	if bedrockVendors[first] && rest != "" {
		return rest
	}
	return name
}

// extends reports whether name is key followed by '-' or '.' and then by
// something other than a digit.
func extends(name, key string) bool {
	if len(name) < len(key)+2 || !strings.HasPrefix(name, key) {
		return false
	}
	sep, next := name[len(key)], name[len(key)+1]
	return (sep == '-' || sep == '.') && (next < '0' || next > '9')
}
