package semconv

import "slices"

// MCP methods the specification defines: the well-known values of
// mcp.method.name, and server/discover, which newer protocol versions open
// a connection with (the MCP Go SDK v1.8.0 sends it) and the conventions do
// not list yet. A method arrives from the other end of the connection, so
// only these leave the process; any other is recorded as "_OTHER".
var mcpMethods = map[string]bool{
	"completion/complete":                  true,
	"elicitation/create":                   true,
	"initialize":                           true,
	"logging/setLevel":                     true,
	"notifications/cancelled":              true,
	"notifications/initialized":            true,
	"notifications/message":                true,
	"notifications/progress":               true,
	"notifications/prompts/list_changed":   true,
	"notifications/resources/list_changed": true,
	"notifications/resources/updated":      true,
	"notifications/roots/list_changed":     true,
	"notifications/tools/list_changed":     true,
	"ping":                                 true,
	"prompts/get":                          true,
	"prompts/list":                         true,
	"resources/list":                       true,
	"resources/read":                       true,
	"resources/subscribe":                  true,
	"resources/templates/list":             true,
	"resources/unsubscribe":                true,
	"roots/list":                           true,
	"sampling/createMessage":               true,
	"server/discover":                      true,
	"tools/call":                           true,
	"tools/list":                           true,
}

// MCPMethodToolsCall is the method of an MCP tool call.
const MCPMethodToolsCall = "tools/call"

// MCPMethod returns method if the MCP specification defines it, else
// "_OTHER".
func MCPMethod(method string) string {
	if mcpMethods[method] {
		return method
	}
	return ErrorTypeOther
}

// MCPMethods returns the methods MCPMethod records as themselves, sorted.
func MCPMethods() []string {
	out := make([]string, 0, len(mcpMethods))
	for m := range mcpMethods {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}
