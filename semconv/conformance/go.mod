module github.com/otelagent/otelagent-go/semconv/conformance

go 1.26.0

require (
	github.com/otelagent/otelagent-go v0.0.0-00010101000000-000000000000
	go.opentelemetry.io/otel v1.47.0
	gopkg.in/yaml.v3 v3.0.1
)

require github.com/cespare/xxhash/v2 v2.3.0 // indirect

replace github.com/otelagent/otelagent-go => ../..
