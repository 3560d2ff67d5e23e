package chathttp

import (
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestNewConfig(t *testing.T) {
	tel := otelagent.New()
	c := NewConfig([]Option{nil, WithTelemetry(tel), WithProviderName("ollama"), WithTelemetry(nil), WithProviderName("")})
	if c.Telemetry != tel || c.Provider != "ollama" {
		t.Errorf("config = %+v, want the last non-empty values", c)
	}
	if c := NewConfig(nil); c.Telemetry != nil || c.Provider != "" {
		t.Errorf("NewConfig(nil) = %+v, want zero", c)
	}
}
