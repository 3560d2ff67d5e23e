package otelopenai_test

import (
	"path/filepath"
	"testing"

	"github.com/otelagent/otelagent-go/internal/pricingtest"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// Every model constant of the pinned openai-go has a price with a source or
// is knowingly unpriced: read from the SDK's source, so that an SDK upgrade
// with new models fails here until the table says what they cost.
func TestSDKModelsArePriced(t *testing.T) {
	dir := pricingtest.ModuleDir(t, "github.com/openai/openai-go/v3")
	models := pricingtest.Constants(t, filepath.Join(dir, "shared", "shared.go"), "ChatModel", "ResponsesModel")
	if len(models) < 50 {
		t.Fatalf("found %d model constants, want the SDK's full list", len(models))
	}
	pricingtest.CheckPriced(t, pricing.Default(), models)
}
