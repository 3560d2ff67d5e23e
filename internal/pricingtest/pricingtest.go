// Package pricingtest checks a price table against the model constants an
// LLM SDK declares, so that an SDK upgrade that adds models fails a test
// until each new model is priced (with a source) or listed as knowingly
// unpriced. The adapters' tests use it with their pinned SDK versions.
package pricingtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// ModuleDir returns the directory of module in the module cache, as the
// calling test's module resolves it (its pinned version).
func ModuleDir(t testing.TB, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("go list -m %s: %v (%s)", module, err, dir)
	}
	return dir
}

// Constants returns the values of the string constants declared with one of
// typeNames as their type in file: an SDK's model constants.
func Constants(t testing.TB, file string, typeNames ...string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	var values []string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			typ, ok := vs.Type.(*ast.Ident)
			if !ok || !slices.Contains(typeNames, typ.Name) {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("%s: a %s constant is not a string literal", filepath.Base(file), typ.Name)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				values = append(values, s)
			}
		}
	}
	if len(values) == 0 {
		t.Fatalf("%s declares no constant of type %v: has the SDK moved them?", file, typeNames)
	}
	return values
}

// dated matches a dated snapshot's suffix, which is priced as its model.
var dated = regexp.MustCompile(`-(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})$`)

// CheckPriced fails t for each model that table neither prices with a
// source (the model, an alias of it, or the model a dated snapshot is of)
// nor lists as knowingly unpriced; a model priced only because its name
// extends a priced one ("o1-mini" as "o1") fails too, since that is a
// guess. It also fails for a model both priced and unpriced.
func CheckPriced(t testing.TB, table *pricing.Table, models []string) {
	t.Helper()
	for _, m := range models {
		_, priced := table.Lookup(m)
		_, sourced := table.Source(m)
		if !sourced {
			_, sourced = table.Source(dated.ReplaceAllString(m, ""))
		}
		why, unpriced := table.Unpriced(m)
		if !unpriced {
			why, unpriced = table.Unpriced(dated.ReplaceAllString(m, ""))
		}
		switch {
		case unpriced && priced:
			t.Errorf("model %q is knowingly unpriced (%s) but Lookup prices it", m, why)
		case unpriced:
		case !priced:
			t.Errorf("model %q has no price and is not listed as knowingly unpriced in prices.json", m)
		case !sourced:
			t.Errorf("model %q is priced only as a model its name extends: price it with a source, or list it as knowingly unpriced", m)
		}
	}
}
