package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Schema is a JSON Schema document of the model (the gen-ai-*.json files
// that define the content attributes).
type Schema struct {
	root map[string]any
}

// LoadSchema reads a JSON Schema file.
func LoadSchema(path string) (*Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Schema{root: root}, nil
}

// Validate checks the JSON document doc against s. It implements the
// subset of JSON Schema the model's files use: type, properties, required,
// additionalProperties (true or absent), items, anyOf, const, enum, and
// $ref to #/$defs/…; the reference to the draft-07 meta-schema (a tool's
// parameters) accepts any object or boolean. Annotations (title,
// description, default, format) are ignored. An unknown keyword is an
// error, so the validator never passes what it does not understand.
func (s *Schema) Validate(doc []byte) error {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.validate(s.root, v, "$", 0)
}

var annotations = []string{"title", "description", "default", "format", "$defs", "$schema", "$id", "examples"}

func (s *Schema) validate(schema map[string]any, v any, path string, depth int) error {
	if depth > 64 {
		return errors.New(path + ": schema nesting deeper than 64")
	}
	for k := range schema {
		switch {
		case slices.Contains(annotations, k):
		case slices.Contains([]string{"type", "properties", "required", "additionalProperties", "items", "anyOf", "const", "enum", "$ref"}, k):
		default:
			return fmt.Errorf("%s: schema keyword %q is not supported by this validator", path, k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		target, err := s.resolve(ref)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if target == nil { // the draft-07 meta-schema
			if _, obj := v.(map[string]any); !obj {
				if _, b := v.(bool); !b {
					return fmt.Errorf("%s: want a JSON Schema (object or boolean), got %s", path, jsonType(v))
				}
			}
			return nil
		}
		if err := s.validate(target, v, path, depth+1); err != nil {
			return err
		}
	}
	if t, ok := schema["type"].(string); ok && !hasType(v, t) {
		return fmt.Errorf("%s: want %s, got %s", path, t, jsonType(v))
	}
	if c, ok := schema["const"]; ok && !equalJSON(c, v) {
		return fmt.Errorf("%s: want %v, got %v", path, c, v)
	}
	if e, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return equalJSON(x, v) }) {
		return fmt.Errorf("%s: %v is not one of %v", path, v, e)
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		var errs []string
		matched := false
		for _, alt := range alts {
			m, _ := alt.(map[string]any)
			err := s.validate(m, v, path, depth+1)
			if err == nil {
				matched = true
				break
			}
			errs = append(errs, err.Error())
		}
		if !matched {
			return fmt.Errorf("%s: matches none of anyOf: [%s]", path, strings.Join(errs, "; "))
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, present := obj[r.(string)]; !present {
					return fmt.Errorf("%s: required property %q missing", path, r)
				}
			}
		}
		for k, val := range obj {
			if p, ok := props[k].(map[string]any); ok {
				if err := s.validate(p, val, path+"."+k, depth+1); err != nil {
					return err
				}
			} else if ap, ok := schema["additionalProperties"].(bool); ok && !ap && props != nil {
				return fmt.Errorf("%s: property %q not allowed", path, k)
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range arr {
				if err := s.validate(items, item, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// resolve returns the schema ref points to; nil for the draft-07
// meta-schema.
func (s *Schema) resolve(ref string) (map[string]any, error) {
	if strings.HasPrefix(ref, "http://json-schema.org/draft-07/schema") {
		return nil, nil
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil, fmt.Errorf("$ref %q is not supported", ref)
	}
	defs, _ := s.root["$defs"].(map[string]any)
	d, ok := defs[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q not found", ref)
	}
	return d, nil
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
