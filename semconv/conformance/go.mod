module github.com/otelagent/otelagent-go/semconv/conformance

go 1.26.0

require (
	github.com/otelagent/otelagent-go v0.2.0
	gopkg.in/yaml.v3 v3.0.1
)

replace github.com/otelagent/otelagent-go => ../..
