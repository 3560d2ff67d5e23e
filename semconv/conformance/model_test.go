package conformance_test

import (
	"slices"
	"testing"

	"github.com/otelagent/otelagent-go/semconv/conformance"
)

const modelDir = "testdata/model"

func load(t *testing.T) *conformance.Model {
	t.Helper()
	m, err := conformance.Load(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLoad guards the reader itself: known facts of the model.
func TestLoad(t *testing.T) {
	m := load(t)
	if a := m.Attributes["gen_ai.request.max_tokens"]; a.Type != "int" {
		t.Errorf("gen_ai.request.max_tokens type = %q, want int", a.Type)
	}
	if a := m.Attributes["gen_ai.provider.name"]; a.Type != "enum" || !slices.Contains(a.Members, "aws.bedrock") {
		t.Errorf("gen_ai.provider.name = %+v, want an enum with aws.bedrock", a)
	}
	met := m.Metrics["gen_ai.client.token.usage"]
	if u, ok := met.Use("gen_ai.token.type"); !ok || u.Requirement != "required" {
		t.Errorf("gen_ai.client.token.usage: gen_ai.token.type use = %+v, %v; want required", u, ok)
	}
	if u, ok := met.Use("gen_ai.operation.name"); !ok || u.Requirement != "required" {
		t.Errorf("gen_ai.client.token.usage: gen_ai.operation.name (from a ref_group) = %+v, %v; want required", u, ok)
	}
	// A span's plain ref refines a group's use without lowering it.
	chat := m.Spans["gen_ai.inference.client"]
	if u, _ := chat.Use("gen_ai.operation.name"); u.Requirement != "required" {
		t.Errorf("gen_ai.inference.client: gen_ai.operation.name = %+v, want required", u)
	}
	if u, _ := chat.Use("gen_ai.request.seed"); u.Requirement != "conditionally_required" || u.Condition == "" {
		t.Errorf("gen_ai.inference.client: gen_ai.request.seed = %+v, want conditionally_required with its condition", u)
	}
	if u, _ := chat.Use("server.address"); u.Requirement != "recommended" {
		t.Errorf("gen_ai.inference.client: server.address = %+v, want recommended", u)
	}
	s := m.Spans["mcp.server"]
	if s.Kind != "server" {
		t.Errorf("mcp.server kind = %q", s.Kind)
	}
	if _, err := conformance.Load(t.TempDir()); err == nil {
		t.Error("Load of an empty directory: no error")
	}
}
