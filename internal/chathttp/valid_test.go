package chathttp

import (
	"encoding/json"
	"strings"
	"testing"
)

// validCases are documents on each side of every rule of the grammar, and
// of encoding/json's nesting bound.
var validCases = []string{
	``, ` `, `null`, `true`, `false`, `nul`, `truex`, `True`, `nullnull`,
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `-1.5e10`, `+1`, `1 2`, `0x1`,
	`""`, `"a"`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\u00g9"`, `"\u00e"`, `"\u00e`, `"\u00`, `"\x"`, `"\`, `"a`,
	"\"\x1f\"", "\"\x7f\"", "\"\xff\xfe\"", "\xff", "\ufeff{}",
	// Long strings, read a word at a time: each stop byte inside a word.
	`"abcdefghijklmnopqrstuvwxyz0123456789"`, `"abcdefghijklmnopqrstuvwxyz0123456789`,
	`"abcdefghij\"klmnopqrstuvwxyz"`, `"abcdefghij\xklmnopqrstuvwxyz"`, `"abcdefghij\u00e9klmnopqrstuvwxyz"`,
	`"abcdefghij\u00zzklmnopqrstuvwxyz"`, `"abcdefghijklmnopqrstuvwxyz\`, `"abcdefghijklmnopqrst\\"`,
	"\"abcdefghij\x01klmnopqrstuvwxyz\"", "\"abcdefghij\x00klmnopqrstuvwxyz\"", "\"abcdefghij\tklmnopqrstuvwxyz\"",
	"\"abcdefghij\x20klmnopqrstuvwxyz\"", "\"abcdefghij\xe9\x80klmnopqrstuvwxyz\"", "\"abcdefghij\x9fklmnopqrstuvwxyz\"",
	`{"abcdefghijklmnopqrstuvwxyz":"abcdefghijklmnopqrstuvwxyz","b":["abcdefghijklmnopqrstuvwxyz\"",1]}`,
	`[]`, `[ ]`, `[1]`, `[1,]`, `[,1]`, `[1 2]`, `[1,2]`, `[`, `]`, `[[]]`, `[[]`, `[}`, `[1}`, `[[1]}`, `{"a":1]`, `{"a":[1}}`,
	`{}`, `{ }`, `{"a":1}`, `{"a" : 1 , "b":[true]}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{1:1}`, `{"a":1 "b":2}`, `{]`, `{"a":{"b":{}}}`,
	" \t\r\n{\"model\":\"gpt-4o\"}\n ", "{}\x00", "{}\v",
	strings.Repeat("[", maxNestingDepth) + strings.Repeat("]", maxNestingDepth),
	strings.Repeat("[", maxNestingDepth+1) + strings.Repeat("]", maxNestingDepth+1),
	strings.Repeat("[", maxNestingDepth-1) + "{}" + strings.Repeat("]", maxNestingDepth-1),
	strings.Repeat("[", maxNestingDepth) + "{}" + strings.Repeat("]", maxNestingDepth),
	strings.Repeat(`{"a":`, maxNestingDepth) + "1" + strings.Repeat("}", maxNestingDepth),
	strings.Repeat(`{"a":`, maxNestingDepth+1) + "1" + strings.Repeat("}", maxNestingDepth+1),
}

func TestValidIsJSONValid(t *testing.T) {
	for _, c := range validCases {
		if got, want := Valid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("Valid(%.40q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

// FuzzValid compares Valid with json.Valid on random documents.
func FuzzValid(f *testing.F) {
	for _, c := range validCases {
		if len(c) < 100 {
			f.Add([]byte(c))
		}
	}
	f.Add([]byte(`{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi \"there\" \u00e9"}],"temperature":0.7,"seed":-12e3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

// BenchmarkValid compares Valid with json.Valid on chat requests with a
// 64 KiB prompt: prose (a newline, escaped, every paragraph) and source
// code (quotes, tabs and newlines, escaped, every few bytes).
func BenchmarkValid(b *testing.B) {
	prose := "The delivery component sends each span once, synchronously, and keeps what the collector did not take in a spool on disk, so that the next run sends it. Nothing is exported that a user typed.\n"
	code := "func main() {\n\tfmt.Println(\"hello, world\")\n\tos.Exit(0)\n}\n"
	for _, text := range []struct{ name, s string }{{"prose", prose}, {"code", code}} {
		data, _ := json.Marshal(map[string]any{
			"model":    "gpt-4o",
			"messages": []map[string]string{{"role": "user", "content": strings.Repeat(text.s, 64<<10/len(text.s))}},
		})
		for _, bc := range []struct {
			name  string
			valid func([]byte) bool
		}{{"Valid", Valid}, {"json.Valid", json.Valid}} {
			b.Run(text.name+"/"+bc.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if !bc.valid(data) {
						b.Fatal("invalid")
					}
				}
			})
		}
	}
}
