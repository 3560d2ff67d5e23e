package otelanthropic_test

import (
	"path/filepath"
	"testing"

	"github.com/otelagent/otelagent-go/internal/pricingtest"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// Every model constant of the pinned anthropic-sdk-go (the Messages API's
// Model, and the managed agents' models) has a price with a source or is
// knowingly unpriced: read from the SDK's source, so that an SDK upgrade
// with new models fails here until the table says what they cost.
func TestSDKModelsArePriced(t *testing.T) {
	dir := pricingtest.ModuleDir(t, "github.com/anthropics/anthropic-sdk-go/v2")
	models := pricingtest.Constants(t, filepath.Join(dir, "message.go"), "Model")
	models = append(models, pricingtest.Constants(t, filepath.Join(dir, "betaagent.go"), "BetaManagedAgentsModel")...)
	if len(models) < 20 {
		t.Fatalf("found %d model constants, want the SDK's full list", len(models))
	}
	pricingtest.CheckPriced(t, pricing.Default(), models)
}
