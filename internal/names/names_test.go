package names_test

import (
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/names"
)

var kindNames = map[names.Kind]string{
	names.Command: "Command", names.Agent: "Agent", names.ID: "ID", names.Model: "Model",
	names.Provider: "Provider", names.Tool: "Tool", names.ToolType: "ToolType", names.Flag: "Flag",
	names.ErrorClass: "ErrorClass", names.Host: "Host", names.TypeName: "TypeName",
}

// Real names, as providers, tools and programs spell them.
var accepted = map[names.Kind][]string{
	names.Model: {
		"gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-3.5-turbo-0125", "o1-2024-12-17",
		"claude-3-5-sonnet-20240620", "claude-sonnet-4-5@20250929", "claude-3-5-sonnet-v2@20241022",
		"anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
		"models/gemini-2.5-pro", "gemini-2.0-flash-001", "accounts/fireworks/models/llama-v3p1-70b-instruct",
		"meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b", "llama3:8b", "Mistral-7B-Instruct-v0.3",
		"mistral-large-2411", "deepseek-r1-distill-qwen-1.5b", "ft:gpt-4o-mini-2024-07-18:my-org::9uX3wLrs",
		"Qwen/Qwen2.5-72B-Instruct", "mixtral-8x7b-32768", "grok-4",
	},
	names.Tool: {
		"read_file", "filesystem", "web-search", "github.create_issue", "mcp__github__list_repos",
		"hf_search", "ask_user", "task-runner", "disk_usage", strings.Repeat("a", 64), strings.Repeat("t", 128),
		"_private_tool", "-dash",
	},
	names.ID: {
		"5f0c9b1e", "550e8400-e29b-41d4-a716-446655440000", "01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"call_7", "call_abc123XYZ456def789GHI0", "toolu_01A09q90qw90lq917835lq9",
		"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "chatcmpl-9xYz", "session-1", "run-42",
	},
	names.Command:    {"run", "db:migrate", "mcp.serve", "chat", "Run2"},
	names.Agent:      {"coder", "root/researcher", "planner-2", "7agents"},
	names.Provider:   {"openai", "anthropic", "gcp.gemini", "gcp.vertex_ai", "aws.bedrock", "mistral_ai", "azure.ai.openai"},
	names.ToolType:   {"function", "extension", "datastore"},
	names.Flag:       {"model", "debug", "v", "api-key", "log.level", "max_tokens"},
	names.ErrorClass: {"timeout", "rate_limited", "not_found", "503", "429", "100", "599", "*net.OpError", "otelagent_test.statusErr", "http2_error", "_OTHER", "-32602", "-32000", "-1"},
	names.Host:       {"api.openai.com", "mycompany.openai.azure.com", "localhost", "127.0.0.1", "[::1]", "192.168.1.20", "bedrock-runtime.us-east-1.amazonaws.com"},
	names.TypeName:   {"*net.OpError", "*pkg.Err[example.com/x.T]", "*pkg.Err[encoding/json.Number,example.com/a/b.C]", "[]error"},
}

// Content passed as a name.
var rejected = map[names.Kind][]string{
	names.Model: {
		"", "gpt 4o", "gpt-4o\n", "/home/alice/models/x.gguf", "~/models/llama.gguf", "./llama.gguf", "../x",
		`C:\models\x`, "C:/models/x", "models//x", "models/../x", "home/alice/x", "alice@example.com",
		"claude@vertex.example.com", "file:/etc/passwd", "https://api.example.com/v1", "api.openai.com",
		"db.example.com", "10.0.0.12", "4111111111111111", "gpt-4o-5551234567", "4111-1111-1111-1111",
		"555-123-4567-999", "sk-proj-abcdef", "AKIAIOSFODNN7EXAMPLE", "ghp_abc", "github_pat_x",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "models/sk-ant-api03-xyz", "xoxb-123",
		"hf_" + strings.Repeat("aB3", 12), "aB3dE5fG7hJ9kL1mN3pQ5", "0123456789abcdef0123456789abcdef01234567",
		"a/b/c/d/e/f", "x@" + strings.Repeat("1", 33), strings.Repeat("m", 129), "tell me a secret",
		"gpt-4o-12345678", "model-19990231x1234567", "claude@4111111111111111", "claude@sk-proj-abc",
	},
	names.Tool: {
		"", "read file", ".hidden", "../etc", "/bin/sh", "tools/read", "a:b", "alice@example.com",
		"sk-tool", "AKIAIOSFODNN7EXAMPLE", "4111111111111111", strings.Repeat("t", 129), "ghp_token",
	},
	names.ID: {
		"", "sess ion", "/home/alice", "alice@example.com", "sk-proj-abc", "4111111111111111",
		"call_4111111111111111", "0123456789abcdef0123456789abcdef", "Zk3mQ9xW2pL7vB4nR8tY1cF6",
		"AKIAIOSFODNN7EXAMPLE", "eyJhbGciOi.eyJzdWIi.sig", "01ARZ3NDEK1234567890123456",
	},
	names.Command:    {"", "mcp serve", "/usr/bin/run", "9run", "run;rm", "alice@example.com", "sk-run"},
	names.Agent:      {"", "my agent", "/home/alice", "~alice", "alice@example.com", "ghp_abc"},
	names.Provider:   {"", "open ai", "api.openai.com", "sk-x", "_x"},
	names.ToolType:   {"", "Function call", strings.Repeat("f", 33)},
	names.Flag:       {"", "9lives", "-x", "sk-proj-canary", "pSECRET1234567", strings.Repeat("f", 41)},
	names.ErrorClass: {"", "has spaces", "/home/alice/plan.md", "a/b", "db.example.com", "10.0.0.1", "acct-12345678", "4111111111111111", "42", "600", "099", "1234", "err_1234_5678", "-0", "-", "-123456", "-12x", "--1", "sk-live-x", "hunter2 x", strings.Repeat("x", 65), "*pkg.Err[example.com/x.T]"},
	names.Host:       {"", "alices-macbook", "alices-macbook.local", "gpu-box.lan", "router.home", "ollama.corp", "nas.home.arpa", "model.svc.internal", "user:pass@api.openai.com", "api.openai.com/v1", "https://api.openai.com", "api.openai.com:443", "-bad.example.com", "a..b.com", "0.1234567", "10.0.0.999", "fe80::1%eth0", "::% ", "host.4111111111111111.example.com", "sk-proj-abcdefghijklmnopqrst.example.com"},
	names.TypeName:   {"", "has spaces", "9x", strings.Repeat("x", 65), "x[/home/alice/plan.md]", "x[a,/etc/passwd]", "x[a//b]", "x[repo/home/alice/notes]", "x[u/Users/bob/k]", "a/b.T", "a,b.T", "x[a/root/b]", "x[a/tmp/b]", "x[a/Home/b]", "x[b.C,a//d]"},
}

func TestValid(t *testing.T) {
	for k, list := range accepted {
		for _, s := range list {
			if !names.Valid(k, s) {
				t.Errorf("Valid(%s, %q) = false, want true", kindNames[k], s)
			}
		}
	}
	for k, list := range rejected {
		for _, s := range list {
			if names.Valid(k, s) {
				t.Errorf("Valid(%s, %q) = true, want false", kindNames[k], s)
			}
		}
	}
}

// Each rule at its bound: one name just inside, one just outside, so that
// moving a bound by one, or dropping a rule that another rule does not
// cover, fails here.
func TestValidBounds(t *testing.T) {
	for _, tt := range []struct {
		k    names.Kind
		s    string
		want bool
		why  string
	}{
		{names.Command, strings.Repeat("r", 64), true, "64 characters"},
		{names.Command, strings.Repeat("r", 65), false, "65 characters"},
		{names.Command, "m:serve", true, "a one-letter namespace is not a drive letter"},
		{names.Provider, "aws:bedrock", false, "':' is not in a provider name"},
		{names.ErrorClass, "0404", false, "an HTTP status has 3 digits"},
		{names.ErrorClass, "*OpError", false, "a type name as a class must be qualified"},
		{names.ErrorClass, "[]error", false, "a type name as a class must be qualified"},
		{names.ErrorClass, "e1234_5", true, "5 digits, none in a run of 5"},
		{names.ErrorClass, "err_12345", false, "a run of 5 digits"},
		{names.ErrorClass, "e1234_56", false, "6 digits"},
		{names.Model, "-gpt-4o", false, "a model name starts with a letter or digit"},
		{names.Model, "claude@us@eu", false, "a second '@'"},
		{names.ID, "01ARZ3NDEK123456789ABCDEFG", true, "a ULID with a 9-digit run"},
		{names.ID, "01ARZ3NDEK1234567890ABCDEF", false, "a ULID with a 10-digit run"},
		{names.ID, "81ARZ3NDEK1234567ABCDEFGHJ", false, "not a ULID (first character 8): held to the digit rule"},
		{names.ID, "01ARZ3NDEK1234567ABCDEFGHU", false, "not a ULID (U): held to the digit rule"},
		{names.ID, "mcp-session-6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", true, "a UUID after a word prefix (mcp-go's session ids)"},
		{names.ID, "sess_6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", true, "a UUID after a word prefix with '_'"},
		{names.ID, "mcp-session6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", false, "a prefix must end in '-' or '_'"},
		{names.ID, "user-42-6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", false, "a prefix of words only: no digits"},
		{names.ID, "Alice-6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", false, "a prefix in lower case"},
		{names.ID, "a-very-long-prefix-of-words-6f1c2a3e-9b4d-4e8f-a1b2-c3d4e5f60718", false, "a prefix of at most 24 characters"},
		{names.ID, "call_123456", true, "a provider id with a 6-digit run"},
		{names.ID, "call_1234567", false, "a provider id with a 7-digit run"},
		{names.ID, "call_api.example.com", false, "what follows a provider prefix is held to the name rules when it has a '.'"},
		{names.Model, "Users/alice/llama", false, "a macOS home directory"},
		{names.Model, "us.sk-proj-abcdef", false, "a key after a '.'"},
		{names.Tool, "hf_" + strings.Repeat("a", 29), true, "a tool name starting hf_"},
		{names.Tool, "hf_" + strings.Repeat("a", 30), false, "a Hugging Face token"},
		{names.Tool, "abcdefabcdefabcdefabcdefabc1234", true, "31 letters and digits"},
		{names.Tool, "abcdefabcdefabcdefabcdefabcd1234", false, "32 lower-case letters and digits: a hex key"},
		{names.Tool, "aB3dE5fG7hJ9kL1mN3p", true, "19 mixed characters"},
		{names.Tool, "aB3dE5fG7hJ9kL1mN3pQ", false, "20 mixed characters"},
		{names.Tool, "v1234_r12345", true, "9 digits"},
		{names.Tool, "v12345_r12345", false, "10 digits"},
		{names.Tool, "2024-12345-67890", false, "2024-12 followed by a digit is no date"},
		{names.Tool, "build-2024-01-3112345", false, "2024-01-31 followed by a digit is no date"},
		{names.Model, "gpt-20241231", true, "a date"},
		{names.Model, "gpt-20241301", false, "month 13 is no date"},
		{names.Model, "gpt-20240132", false, "day 32 is no date"},
	} {
		if got := names.Valid(tt.k, tt.s); got != tt.want {
			t.Errorf("Valid(%s, %q) = %v, want %v: %s", kindNames[tt.k], tt.s, got, tt.want, tt.why)
		}
	}
}

func TestOtherIsValidForEveryKind(t *testing.T) {
	for k, name := range kindNames {
		if !names.Valid(k, names.Other) {
			t.Errorf("Valid(%s, %q) = false: the egress filter would reject what the API wrote", name, names.Other)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"gpt-4o", "gpt-4o"},
		{"/home/alice/x", names.Other},
	} {
		if got := names.Clean(names.Model, tt.in); got != tt.want {
			t.Errorf("Clean(Model, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// OpenAI's function names (^[a-zA-Z0-9_-]{1,64}$) and MCP's tool names
// (1-128 of A-Za-z0-9_-.) are tool names; anything with another byte is not.
func TestToolCharset(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := "tool" + string(rune(c)) + "x"
		if c >= 0x80 {
			s = "tool" + string([]byte{byte(c)}) + "x"
		}
		want := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
		if got := names.Valid(names.Tool, s); got != want {
			t.Errorf("Valid(Tool, %q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkValid(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		names.Valid(names.Model, "anthropic.claude-3-5-sonnet-20240620-v1:0")
		names.Valid(names.Tool, "read_file")
		names.Valid(names.ID, "call_abc123XYZ456def789GHI0")
	}
}

// Whatever the input, a valid name has none of the bytes or shapes that no
// grammar admits.
func FuzzValid(f *testing.F) {
	for _, list := range accepted {
		for _, s := range list {
			f.Add(s)
		}
	}
	for _, list := range rejected {
		for _, s := range list {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for k, name := range kindNames {
			if !names.Valid(k, s) || s == names.Other {
				continue
			}
			if maxLen := map[names.Kind]int{names.Host: 253}[k]; len(s) > max(maxLen, 128) || strings.ContainsAny(s, " \t\n\r\\~\x00") || strings.HasPrefix(s, "/") {
				t.Errorf("Valid(%s, %q) = true", name, s)
			}
			if k != names.TypeName && (strings.HasPrefix(s, "sk-") || strings.HasPrefix(s, "AKIA")) ||
				k != names.TypeName && k != names.ID && strings.Contains(s, "1234567") {
				t.Errorf("Valid(%s, %q) = true for a credential or a number", name, s)
			}
		}
	})
}
