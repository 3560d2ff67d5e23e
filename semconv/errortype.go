package semconv

// Values of ErrorTypeKey that otelagent reports. Besides these, error.type
// may hold an HTTP status code ("503") or a Go error type name
// ("*net.OpError"): both are bounded by the program, never by its input.
const (
	// ErrorTypeOther is the conventions' fallback for an unclassified error.
	ErrorTypeOther = "_OTHER"
	// ErrorTypeTimeout is a deadline that was exceeded.
	ErrorTypeTimeout = "timeout"
	// ErrorTypeCanceled is a context that was canceled.
	ErrorTypeCanceled = "canceled"
	// ErrorTypeNotFound is a missing file or resource.
	ErrorTypeNotFound = "not_found"
	// ErrorTypePermissionDenied is a refused file or resource access.
	ErrorTypePermissionDenied = "permission_denied"
	// ErrorTypeUnexpectedEOF is input that ended too early.
	ErrorTypeUnexpectedEOF = "unexpected_eof"
	// ErrorTypeToolError is a tool call whose result reports failure (MCP's
	// isError), as the MCP semantic conventions name it.
	ErrorTypeToolError = "tool_error"
)
