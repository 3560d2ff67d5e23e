package otelgenai_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/otelagent/otelagent-go/internal/pricingtest"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// geminiModel is a Gemini model name as the SDK's code and documentation
// write it in a string literal.
var geminiModel = regexp.MustCompile(`"(gemini-[0-9][a-z0-9.-]*)"`)

// google.golang.org/genai declares no model constants: models are strings.
// The models its own code, tests and documentation name are what its users
// start from, so each of them has a price with a source or is knowingly unpriced;
// an SDK upgrade that names new models fails here until the table says
// what they cost.
func TestSDKModelsArePriced(t *testing.T) {
	dir := pricingtest.ModuleDir(t, "google.golang.org/genai")
	var files []string
	for _, pattern := range []string{"*.go", "*.md"} {
		matched, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matched...)
	}
	var models []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range geminiModel.FindAllSubmatch(src, -1) {
			if name := string(m[1]); !slices.Contains(models, name) {
				models = append(models, name)
			}
		}
	}
	if len(models) == 0 {
		t.Fatal("found no Gemini model named in the SDK's source: has the SDK changed how it names models?")
	}
	t.Logf("models named by the SDK: %v", models)
	pricingtest.CheckPriced(t, pricing.Default(), models)
}
