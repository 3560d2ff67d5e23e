package otelopenai

import "encoding/json"

// ParsePayload and ReferenceParsePayload return what parsePayload and
// the reference decoder report of data, for the external tests that hold
// the fixtures.
func ParsePayload(data []byte) any          { return parsePayload(data) }
func ReferenceParsePayload(data []byte) any { return referenceParsePayload(data) }

// ParsePayloadSeen returns what parsePayload reports of data after a
// first call, passing the id and model that call reported as seen.
func ParsePayloadSeen(data []byte) any {
	r := parsePayload(data)
	return parsePayload(data, r.id, r.model)
}

// referenceParsePayload is the adapter's former decoder, json.Unmarshal
// into the fields it reads: parsePayload must report exactly what it
// does, for every input.
func referenceParsePayload(data []byte) report {
	var p payload
	if json.Unmarshal(data, &p) != nil {
		return report{}
	}
	body := p.responseBody
	if p.Response != nil {
		body = *p.Response
	}
	r := report{id: body.ID, model: body.Model, status: body.Status}
	if body.Usage != nil {
		r.usage, r.hasUsage = *body.Usage, true
	}
	for _, c := range body.Choices {
		if c.FinishReason != "" {
			r.finishReasons = append(r.finishReasons, c.FinishReason)
		}
	}
	switch {
	case p.Error != nil: // a Chat Completions error chunk
		r.failure = firstOf(p.Error.Code, p.Error.Type, "error")
	case p.Type == "error": // a Responses "error" event
		r.failure = firstOf(p.Code, p.Type)
	case body.Status == statusFailed: // "response.failed", or a failed response body
		code := ""
		if body.Error != nil {
			code = body.Error.Code
		}
		r.failure = firstOf(code, p.Type, "response.failed")
	}
	return r
}

// payload holds the only fields of a response body, stream chunk or
// stream event the adapter reads.
type payload struct {
	Type     string        `json:"type"`
	Code     string        `json:"code"`
	Error    *errorObject  `json:"error"`
	Response *responseBody `json:"response"`
	responseBody
}

type responseBody struct {
	ID      string       `json:"id"`
	Model   string       `json:"model"`
	Status  string       `json:"status"`
	Usage   *usage       `json:"usage"`
	Error   *errorObject `json:"error"`
	Choices []struct {
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

type errorObject struct {
	Type string `json:"type"`
	Code string `json:"code"`
}
