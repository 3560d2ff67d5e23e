package semconv

const (
	// GenAIVersion is the version of the OpenTelemetry GenAI semantic
	// conventions these names follow: the gen_ai.* attributes and the two
	// gen_ai.client.* metrics as published in semantic conventions v1.41.0,
	// plus gen_ai.execute_tool.duration and gen_ai.invoke_agent.duration from
	// the semantic-conventions-genai repository that succeeded it.
	GenAIVersion = "1.41.0"

	// SchemaURL is the schema URL of the semantic conventions followed.
	SchemaURL = "https://opentelemetry.io/schemas/1.41.0"

	// LatestModelDate dates the semantic-conventions-genai model SchemaLatest
	// follows (reference/semconv-genai/model).
	LatestModelDate = "2026-08-03"
)
