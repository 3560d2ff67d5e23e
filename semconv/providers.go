package semconv

// Values of GenAIProviderNameKey that otelagent's adapters record. All but
// ProviderOllama are the conventions' well-known values; the conventions
// have none for Ollama and ask for a custom value then, so it is the name
// the project calls itself by.
const (
	ProviderOpenAI      = "openai"
	ProviderGCPGemini   = "gcp.gemini"    // the Gemini API, generativelanguage.googleapis.com
	ProviderGCPVertexAI = "gcp.vertex_ai" // Vertex AI, aiplatform.googleapis.com
	ProviderOllama      = "ollama"
)
