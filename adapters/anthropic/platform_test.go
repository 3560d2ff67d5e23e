package otelanthropic_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/bedrock"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/vertex"
	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

// eventStreamFrame encodes an AWS event stream frame with string headers,
// as Bedrock sends them.
func eventStreamFrame(headers [][2]string, payload []byte) []byte {
	var h bytes.Buffer
	for _, kv := range headers {
		h.WriteByte(byte(len(kv[0])))
		h.WriteString(kv[0])
		h.WriteByte(7)
		_ = binary.Write(&h, binary.BigEndian, uint16(len(kv[1])))
		h.WriteString(kv[1])
	}
	total := 12 + h.Len() + len(payload) + 4
	var f bytes.Buffer
	_ = binary.Write(&f, binary.BigEndian, uint32(total))
	_ = binary.Write(&f, binary.BigEndian, uint32(h.Len()))
	_ = binary.Write(&f, binary.BigEndian, crc32.ChecksumIEEE(f.Bytes()))
	f.Write(h.Bytes())
	f.Write(payload)
	_ = binary.Write(&f, binary.BigEndian, crc32.ChecksumIEEE(f.Bytes()))
	return f.Bytes()
}

// bedrockStream is messageStream as Bedrock sends it: each event's data,
// base64-encoded, in a "chunk" event frame.
func bedrockStream(t *testing.T, events []string) []byte {
	var out bytes.Buffer
	for _, e := range events {
		_, data, ok := strings.Cut(e, "data: ")
		if !ok {
			t.Fatalf("fixture event without data: %q", e)
		}
		payload, _ := json.Marshal(map[string]string{"bytes": base64.StdEncoding.EncodeToString([]byte(strings.TrimSpace(data)))})
		out.Write(eventStreamFrame([][2]string{{":event-type", "chunk"}, {":content-type", "application/json"}, {":message-type", "event"}}, payload))
	}
	return out.Bytes()
}

// bedrockServer is a stand-in Bedrock runtime: it answers InvokeModel with
// messageJSON and InvokeModelWithResponseStream with messageStream, and
// records the paths it got.
type bedrockServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newBedrockServer(t *testing.T, stream []byte) *bedrockServer {
	s := &bedrockServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/invoke-with-response-stream") {
			w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
			_, _ = w.Write(stream)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(messageJSON))
	}))
	t.Cleanup(s.Close)
	return s
}

// The adapter records Bedrock calls whether its option comes before
// bedrock.WithConfig (it sees the Messages API request) or after (it sees
// Bedrock's: the model in the path, and a streamed response in the AWS
// event stream encoding).
func TestBedrockEitherOrder(t *testing.T) {
	t.Setenv("AWS_BEARER_TOKEN_BEDROCK", "canary-bedrock-token-7f3a")
	for _, order := range []string{"adapter first", "adapter after bedrock.WithConfig"} {
		for _, streamed := range []bool{false, true} {
			name := order + "/invoke"
			if streamed {
				name += "-with-response-stream"
			}
			t.Run(name, func(t *testing.T) {
				h := otelagenttest.New(t)
				s := newBedrockServer(t, bedrockStream(t, messageStream))
				opts := []option.RequestOption{otelanthropic.RequestOption(otelanthropic.WithTelemetry(h.Telemetry())), bedrock.WithConfig(aws.Config{Region: "us-east-1"})}
				if order != "adapter first" {
					opts[0], opts[1] = opts[1], opts[0]
				}
				client := anthropic.NewClient(append(opts, option.WithBaseURL(s.URL), option.WithMaxRetries(0), option.WithRequestTimeout(5*time.Second))...)
				if streamed {
					stream := client.Messages.NewStreaming(context.Background(), messageParams())
					var msg anthropic.Message
					for stream.Next() {
						if err := msg.Accumulate(stream.Current()); err != nil {
							t.Fatal(err)
						}
					}
					if err := stream.Err(); err != nil {
						t.Fatal(err)
					}
					_ = stream.Close()
					if msg.Usage.OutputTokens != 393 {
						t.Errorf("the SDK read usage %+v, want the whole stream", msg.Usage)
					}
				} else if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
					t.Fatal(err)
				}
				if want := "/model/claude-sonnet-4-5/invoke"; len(s.paths) != 1 || !strings.HasPrefix(s.paths[0], want) {
					t.Fatalf("Bedrock got %v, want one call to %s", s.paths, want)
				}
				checkChatSpan(t, h)
				h.AssertNotExported("canary-bedrock-token")
			})
		}
	}
}

// An exception frame in a Bedrock stream fails the call with its type.
func TestBedrockStreamException(t *testing.T) {
	t.Setenv("AWS_BEARER_TOKEN_BEDROCK", "canary-bedrock-token-7f3a")
	h := otelagenttest.New(t)
	stream := append(bedrockStream(t, messageStream[:2]), eventStreamFrame(
		[][2]string{{":exception-type", "throttlingException"}, {":content-type", "application/json"}, {":message-type", "exception"}},
		[]byte(`{"message":"canary-message-7f3a: too many tokens"}`))...)
	s := newBedrockServer(t, stream)
	client := anthropic.NewClient(bedrock.WithConfig(aws.Config{Region: "us-east-1"}), otelanthropic.RequestOption(otelanthropic.WithTelemetry(h.Telemetry())),
		option.WithBaseURL(s.URL), option.WithMaxRetries(0))
	st := client.Messages.NewStreaming(context.Background(), messageParams())
	for st.Next() {
	}
	_ = st.Close()
	span := h.Span("chat claude-sonnet-4-5")
	if span.Status().Description != "throttlingException" {
		t.Errorf("status = %v, want Error throttlingException", span.Status())
	}
	h.AssertNotExported("canary-message")
}

// The same for Vertex AI, whose streams are server-sent events.
func TestVertexEitherOrder(t *testing.T) {
	creds := &google.Credentials{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "canary-vertex-token-7f3a"})}
	for _, order := range []string{"adapter first", "adapter after vertex.WithCredentials"} {
		for _, streamed := range []bool{false, true} {
			name := order + "/rawPredict"
			if streamed {
				name = order + "/streamRawPredict"
			}
			t.Run(name, func(t *testing.T) {
				h := otelagenttest.New(t)
				reply := chathttptest.Reply{Status: 200, Body: messageJSON}
				if streamed {
					reply = chathttptest.Reply{Status: 200, Events: messageStream}
				}
				s := chathttptest.NewServer(t, reply)
				opts := []option.RequestOption{otelanthropic.RequestOption(otelanthropic.WithTelemetry(h.Telemetry())), vertex.WithCredentials(context.Background(), "us-east5", "canary-project", creds)}
				if order != "adapter first" {
					opts[0], opts[1] = opts[1], opts[0]
				}
				client := anthropic.NewClient(append(opts, option.WithBaseURL(s.URL), option.WithMaxRetries(0), option.WithRequestTimeout(5*time.Second))...)
				if streamed {
					stream := client.Messages.NewStreaming(context.Background(), messageParams())
					for stream.Next() {
					}
					if err := stream.Err(); err != nil {
						t.Fatal(err)
					}
					_ = stream.Close()
				} else if _, err := client.Messages.New(context.Background(), messageParams()); err != nil {
					t.Fatal(err)
				}
				want := "/v1/projects/canary-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5:rawPredict"
				if streamed {
					want = strings.Replace(want, ":rawPredict", ":streamRawPredict", 1)
				}
				if r := s.Requests(); len(r) != 1 || r[0].Path != want {
					t.Fatalf("Vertex got %v, want one call to %s", r, want)
				}
				checkChatSpan(t, h)
				// Google's transport records its own "HTTP POST" span, with
				// the URL (and so the project), under the chat span; the
				// egress filter drops url.full. The token never shows.
				h.AssertNotExported("canary-vertex-token")
			})
		}
	}
}
