package otelagent_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The instrumentation packages may import only the OpenTelemetry API: a
// framework that depends on them must not bring an SDK, exporters or any
// other module into its users' builds.
func TestImportsOnlyTheAPI(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}",
		"github.com/otelagent/otelagent-go/otelagent", "github.com/otelagent/otelagent-go/semconv").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := []string{
		"github.com/otelagent/otelagent-go/otelagent",
		"github.com/otelagent/otelagent-go/semconv",
		"github.com/otelagent/otelagent-go/internal/names", // the name grammar; the standard library only
		"go.opentelemetry.io/otel",
		"go.opentelemetry.io/auto/sdk", // the API's own auto-instrumentation hook
		"github.com/go-logr/",          // the API's default logger
		"github.com/cespare/xxhash/",   // the attribute package's hash
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "go.opentelemetry.io/otel/sdk") || strings.HasPrefix(pkg, "go.opentelemetry.io/otel/exporters") {
			t.Errorf("imports the SDK: %s", pkg)
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || pkg == a || strings.HasPrefix(pkg, a+"/") || strings.HasSuffix(a, "/") && strings.HasPrefix(pkg, a)
		}
		if !ok {
			t.Errorf("imports %s, which is not the OpenTelemetry API", pkg)
		}
	}
}
