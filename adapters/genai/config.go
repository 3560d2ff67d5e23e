package otelgenai

import (
	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// An Option configures Transport and HTTPClient.
type Option = chathttp.Option

// WithTelemetry records the calls through tel. Without it (or with nil),
// each call is recorded through the Telemetry in its context, or
// otelagent.Default (see otelagent.FromContext).
func WithTelemetry(tel *otelagent.Telemetry) Option { return chathttp.WithTelemetry(tel) }

// WithProviderName sets the gen_ai.provider.name of every call. By
// default it is "gcp.vertex_ai" for Vertex AI paths
// (…/publishers/google/models/…) and "gcp.gemini" for the Gemini API
// (/v1beta/models/…), the conventions' names. An empty name keeps the
// default.
func WithProviderName(name string) Option { return chathttp.WithProviderName(name) }
