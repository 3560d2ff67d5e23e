package otlpconv

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// idFields are the OTLP fields that hold trace and span ids: the protobuf
// JSON mapping writes bytes as base64, OTLP JSON as lower-case hex.
var idFields = map[string]bool{"traceId": true, "spanId": true, "parentSpanId": true}

var marshalOptions = protojson.MarshalOptions{UseEnumNumbers: true}

func marshalJSON(m proto.Message) ([]byte, error) {
	b, err := marshalOptions.Marshal(m)
	if err != nil {
		return nil, err
	}
	return rewriteIDs(b, func(s string) (string, error) {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return "", err
		}
		return hex.EncodeToString(raw), nil
	})
}

func unmarshalJSON(b []byte, m proto.Message) error {
	b, err := rewriteIDs(b, func(s string) (string, error) {
		raw, err := hex.DecodeString(s)
		if err != nil {
			// Not hex: leave it for protojson, which reads base64.
			return s, nil //nolint:nilerr // a base64 id is valid input
		}
		return base64.StdEncoding.EncodeToString(raw), nil
	})
	if err != nil {
		return err
	}
	return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(b, m)
}

// rewriteIDs applies conv to every id field's string value in the JSON
// document b and returns it compact, on one line.
func rewriteIDs(b []byte, conv func(string) (string, error)) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers are kept exactly as written
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("otlpconv: %w", err)
	}
	if err := walkIDs(doc, conv); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimRight(out.Bytes(), "\n"), nil
}

func walkIDs(v any, conv func(string) (string, error)) error {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if s, ok := child.(string); ok && idFields[k] {
				c, err := conv(s)
				if err != nil {
					return fmt.Errorf("otlpconv: %s %q: %w", k, s, err)
				}
				v[k] = c
				continue
			}
			if err := walkIDs(child, conv); err != nil {
				return err
			}
		}
	case []any:
		for _, child := range v {
			if err := walkIDs(child, conv); err != nil {
				return err
			}
		}
	}
	return nil
}
