package egress

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// valueKind says how the string values of a key are checked.
type valueKind uint8

const (
	kindFree      valueKind = iota // free text: redacted and capped
	kindClass                      // an error class: names.ErrorClass or names.TypeName
	kindName                       // a name: the grammar of nameKinds[key]
	kindMCPMethod                  // an MCP method the specification defines
)

// nameKinds are the keys whose values name something, with the grammar
// the API holds them to. Values set through the raw OpenTelemetry API are
// held to the same grammar here.
var nameKinds = map[attribute.Key]names.Kind{
	semconv.GenAIRequestModelKey:   names.Model,
	semconv.GenAIResponseModelKey:  names.Model,
	semconv.GenAIProviderNameKey:   names.Provider,
	semconv.GenAIAgentNameKey:      names.Agent,
	semconv.GenAIToolNameKey:       names.Tool,
	semconv.GenAIToolTypeKey:       names.ToolType,
	semconv.GenAIConversationIDKey: names.ID,
	semconv.GenAIToolCallIDKey:     names.ID,
	semconv.CommandNameKey:         names.Command,
	semconv.CommandFlagsKey:        names.Flag,
	// The keys the schema switch added, held to the grammar the API uses.
	semconv.GenAIAgentIDKey:               names.ID,
	semconv.GenAIResponseIDKey:            names.ID,
	semconv.MCPSessionIDKey:               names.ID,
	semconv.JSONRPCRequestIDKey:           names.ID,
	semconv.GenAIAgentVersionKey:          names.Model,
	semconv.MCPProtocolVersionKey:         names.Model,
	semconv.GenAIRequestReasoningLevelKey: names.ToolType,
	semconv.GenAIResponseFinishReasonsKey: names.ToolType,
	semconv.NetworkTransportKey:           names.ToolType,
	semconv.ServerAddressKey:              names.Host,
}

// classKeys hold error classes.
var classKeys = map[attribute.Key]bool{
	semconv.ErrorTypeKey:             true,
	semconv.RPCResponseStatusCodeKey: true,
	exceptionTypeKey:                 true,
}

// ruleOf returns the rule of key k with length cap limit and type typ
// (attribute.INVALID: any type).
func ruleOf(k attribute.Key, limit int, typ attribute.Type) rule {
	r := rule{limit: limit, typ: typ}
	if classKeys[k] {
		r.kind = kindClass
	} else if k == semconv.MCPMethodNameKey {
		r.kind = kindMCPMethod
	} else if n, ok := nameKinds[k]; ok {
		r.kind, r.name = kindName, n
	}
	return r
}

// validName reports whether s may leave as a value of kind k: it
// satisfies its grammar and holds no credential. "_OTHER" always may.
func validName(r rule, s string) bool {
	if s == other {
		return true
	}
	switch r.kind {
	case kindClass:
		if !validClass(s) {
			return false
		}
	case kindName:
		if !names.Valid(r.name, s) {
			return false
		}
	case kindMCPMethod:
		return semconv.MCPMethod(s) == s
	}
	_, redacted := redact(s)
	return !redacted
}

// validClass is the error class rule: a class otelagent would record, or a
// Go type name.
func validClass(s string) bool {
	return names.Valid(names.ErrorClass, s) || names.Valid(names.TypeName, s)
}
