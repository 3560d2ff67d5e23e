package conformance

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Model is what the conventions define: attributes, and the spans and
// metrics that use them.
type Model struct {
	// Attributes by key.
	Attributes map[string]Attribute
	// Metrics by name.
	Metrics map[string]Metric
	// Spans by type (the model's id of a kind of span).
	Spans map[string]Span
}

// Attribute is one registry attribute.
type Attribute struct {
	Key string
	// Type is the model's type: string, int, double, boolean, string[],
	// template[string]…; "enum" for a type given by members.
	Type string
	// Members are the enum values; an enum may also take other values
	// unless the model says otherwise.
	Members []string
	File    string
}

// Use is an attribute as a span or metric uses it.
type Use struct {
	Key string
	// Requirement is required, conditionally_required, recommended or
	// opt_in.
	Requirement string
	// Condition is the condition of a conditionally_required (or
	// recommended) use, as the model words it.
	Condition string
}

// Metric is one metric the conventions define.
type Metric struct {
	Name       string
	Instrument string // counter, updowncounter, histogram, gauge
	Unit       string
	Attributes []Use
	File       string
}

// Span is one kind of span the conventions define.
type Span struct {
	Type       string
	Kind       string
	Attributes []Use
	File       string
}

// Use returns how s uses key, and whether it does.
func (s Span) Use(key string) (Use, bool) { return findUse(s.Attributes, key) }

// Use returns how m uses key, and whether it does.
func (m Metric) Use(key string) (Use, bool) { return findUse(m.Attributes, key) }

func findUse(uses []Use, key string) (Use, bool) {
	i := slices.IndexFunc(uses, func(u Use) bool { return u.Key == key })
	if i < 0 {
		return Use{}, false
	}
	return uses[i], true
}

// The YAML shapes of the model's files (definition/2).
type yamlFile struct {
	Attributes      []yamlAttribute `yaml:"attributes"`
	AttributeGroups []yamlGroup     `yaml:"attribute_groups"`
	Metrics         []yamlMetric    `yaml:"metrics"`
	Spans           []yamlSpan      `yaml:"spans"`
}

type yamlAttribute struct {
	Key  string    `yaml:"key"`
	Type yaml.Node `yaml:"type"`
}

type yamlRef struct {
	Ref         string    `yaml:"ref"`
	RefGroup    string    `yaml:"ref_group"`
	Requirement yaml.Node `yaml:"requirement_level"`
}

type yamlGroup struct {
	ID         string    `yaml:"id"`
	Attributes []yamlRef `yaml:"attributes"`
}

type yamlMetric struct {
	Name       string    `yaml:"name"`
	Instrument string    `yaml:"instrument"`
	Unit       string    `yaml:"unit"`
	Attributes []yamlRef `yaml:"attributes"`
}

type yamlSpan struct {
	Type       string    `yaml:"type"`
	Kind       string    `yaml:"kind"`
	Attributes []yamlRef `yaml:"attributes"`
}

// Load reads every .yaml file under dir.
func Load(dir string) (*Model, error) {
	m := &Model{Attributes: map[string]Attribute{}, Metrics: map[string]Metric{}, Spans: map[string]Span{}}
	groups := map[string][]yamlRef{}
	type pending struct {
		file string
		refs []yamlRef
		set  func([]Use)
	}
	var todo []pending
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") || d.Name() == "manifest.yaml" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var f yamlFile
		if err := yaml.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, _ := filepath.Rel(dir, path)
		for _, a := range f.Attributes {
			attr, err := attribute(a)
			if err != nil {
				return fmt.Errorf("%s: attribute %s: %w", rel, a.Key, err)
			}
			attr.File = rel
			m.Attributes[a.Key] = attr
		}
		for _, g := range f.AttributeGroups {
			groups[g.ID] = g.Attributes
		}
		for _, y := range f.Metrics {
			met := Metric{Name: y.Name, Instrument: y.Instrument, Unit: y.Unit, File: rel}
			todo = append(todo, pending{rel, y.Attributes, func(u []Use) { met.Attributes = u; m.Metrics[met.Name] = met }})
		}
		for _, y := range f.Spans {
			span := Span{Type: y.Type, Kind: y.Kind, File: rel}
			todo = append(todo, pending{rel, y.Attributes, func(u []Use) { span.Attributes = u; m.Spans[span.Type] = span }})
		}
		// Groups defined in metrics.yaml files also hold attributes.
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range todo {
		uses, err := resolve(p.refs, groups, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.file, err)
		}
		p.set(uses)
	}
	if len(m.Attributes) == 0 {
		return nil, errors.New("no attributes found under " + dir)
	}
	return m, nil
}

func attribute(a yamlAttribute) (Attribute, error) {
	attr := Attribute{Key: a.Key}
	switch a.Type.Kind {
	case yaml.ScalarNode:
		attr.Type = a.Type.Value
	case yaml.MappingNode:
		var enum struct {
			Members []struct {
				Value any `yaml:"value"`
			} `yaml:"members"`
		}
		if err := a.Type.Decode(&enum); err != nil {
			return attr, err
		}
		attr.Type = "enum"
		for _, mem := range enum.Members {
			attr.Members = append(attr.Members, fmt.Sprint(mem.Value))
		}
	default:
		return attr, errors.New("no type")
	}
	return attr, nil
}

// resolve flattens refs, expanding ref_groups; a later use of a key
// overrides an earlier one, as in the model (a span refines a group).
func resolve(refs []yamlRef, groups map[string][]yamlRef, depth int) ([]Use, error) {
	if depth > 16 {
		return nil, errors.New("ref_group nesting deeper than 16")
	}
	var out []Use
	add := func(u Use) {
		if i := slices.IndexFunc(out, func(o Use) bool { return o.Key == u.Key }); i >= 0 {
			// A ref without a requirement_level refines only the text of
			// the use a group made (gen_ai.operation.name stays required).
			if u.Requirement == "" {
				return
			}
			out[i] = u
			return
		}
		out = append(out, u)
	}
	for _, r := range refs {
		if r.RefGroup != "" {
			g, ok := groups[r.RefGroup]
			if !ok {
				return nil, fmt.Errorf("unknown ref_group %q", r.RefGroup)
			}
			uses, err := resolve(g, groups, depth+1)
			if err != nil {
				return nil, err
			}
			for _, u := range uses {
				add(u)
			}
			continue
		}
		level, cond := requirement(r.Requirement)
		add(Use{Key: r.Ref, Requirement: level, Condition: cond})
	}
	if depth == 0 {
		for i := range out {
			if out[i].Requirement == "" {
				out[i].Requirement = "recommended"
			}
		}
	}
	return out, nil
}

// requirement reads a requirement_level: a scalar (required, recommended,
// opt_in) or a mapping whose one key is the level and whose value is the
// condition. Absent, it is "" (the model's default, recommended, unless an
// earlier use of the key said otherwise).
func requirement(n yaml.Node) (level, condition string) {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value, ""
	case yaml.MappingNode:
		if len(n.Content) > 1 {
			return n.Content[0].Value, strings.TrimSpace(n.Content[1].Value)
		}
	}
	return "", ""
}
