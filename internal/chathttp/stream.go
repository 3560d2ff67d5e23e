package chathttp

// ndjson is the media type of a stream of newline-delimited JSON objects,
// one event per line (Ollama).
const ndjson = "application/x-ndjson"
