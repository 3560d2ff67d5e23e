package chathttp

import (
	"bytes"
	"encoding/binary"
)

// maxNestingDepth is encoding/json's bound on the nesting of arrays and
// objects: json.Valid refuses a document nested deeper.
const maxNestingDepth = 10000

// Valid reports whether data is one valid JSON value, exactly as
// json.Valid does (FuzzValid compares the two), in one pass that does not
// allocate. The skimming decoders (decodeRequest, the adapters' own) walk
// only text it accepted: a request body or a response is mostly the text
// of messages, and json.Valid's byte-at-a-time state machine spent more
// time on a 64 KiB prompt than everything else a recorded call does.
func Valid(data []byte) bool {
	// kinds holds, for each open array or object, whether it is an object:
	// one bit per level. 128 levels fit on the stack; a deeper document
	// (none that an API sends) grows it on the heap.
	var shallow [2]uint64
	kinds := shallow[:]
	depth := 0
	i := skipSpace(data, 0)
value:
	if i >= len(data) {
		return false
	}
	switch c := data[i]; {
	case c == '{' || c == '[':
		// encoding/json counts an empty array or object as a level too.
		if depth == maxNestingDepth {
			return false
		}
		object := c == '{'
		i = skipSpace(data, i+1)
		if i < len(data) && (object && data[i] == '}' || !object && data[i] == ']') {
			i++
			break
		}
		if depth/64 == len(kinds) {
			kinds = append(kinds, make([]uint64, len(kinds))...)
		}
		if object {
			kinds[depth/64] |= 1 << (depth % 64)
		} else {
			kinds[depth/64] &^= 1 << (depth % 64)
		}
		depth++
		if object {
			goto key
		}
		goto value
	case c == '"':
		if i = skipValidString(data, i); i < 0 {
			return false
		}
	case c == '-' || '0' <= c && c <= '9':
		if i = skipValidNumber(data, i); i < 0 {
			return false
		}
	case c == 't' && bytes.HasPrefix(data[i:], []byte("true")):
		i += len("true")
	case c == 'f' && bytes.HasPrefix(data[i:], []byte("false")):
		i += len("false")
	case c == 'n' && bytes.HasPrefix(data[i:], []byte("null")):
		i += len("null")
	default:
		return false
	}
	// After a value: the end of the document, or of the array or object
	// it is in, or a comma before the next element or member.
	for {
		i = skipSpace(data, i)
		if depth == 0 {
			return i == len(data)
		}
		if i >= len(data) {
			return false
		}
		object := kinds[(depth-1)/64]>>((depth-1)%64)&1 == 1
		switch c := data[i]; {
		case c == ',':
			i = skipSpace(data, i+1)
			if object {
				goto key
			}
			goto value
		case object && c == '}', !object && c == ']':
			depth--
			i++
		default:
			return false
		}
	}
key:
	if i >= len(data) || data[i] != '"' {
		return false
	}
	if i = skipValidString(data, i); i < 0 {
		return false
	}
	i = skipSpace(data, i)
	if i >= len(data) || data[i] != ':' {
		return false
	}
	i = skipSpace(data, i+1)
	goto value
}

// skipValidString returns the index just past the JSON string that starts
// with the quote at data[i], or -1 if it is not a valid one: it ends
// unterminated, holds a control character, or an escape JSON does not
// have. Like encoding/json, it does not check UTF-8.
func skipValidString(data []byte, i int) int {
	for j := i + 1; ; j++ {
		j = skipPlain(data, j)
		if j >= len(data) {
			return -1
		}
		if !stringStop[data[j]] {
			continue // a word that held a stop byte further on
		}
		switch c := data[j]; {
		case c == '"':
			return j + 1
		case c < 0x20:
			return -1
		case c == '\\':
			j++
			if j >= len(data) {
				return -1
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(data) || !isHex(data[j+1]) || !isHex(data[j+2]) || !isHex(data[j+3]) || !isHex(data[j+4]) {
					return -1
				}
				j += 4
			default:
				return -1
			}
		}
	}
}

// skipPlain returns the index of the first 8-byte word at or after j, in
// steps of 8, that may hold a byte a string's scan stops at (stringStop),
// or of the last bytes, shorter than a word. Most of a request body is
// text with none: it is read 8 bytes at a time.
func skipPlain(data []byte, j int) int {
	for j+8 <= len(data) && !mayStop(binary.LittleEndian.Uint64(data[j:])) {
		j += 8
	}
	return j
}

// mayStop reports whether one of the 8 bytes of x is a quote, a backslash
// or a control character, with the bit tricks of "Determine if a word has
// a byte less than n" (Bit Twiddling Hacks): exact for the word as a
// whole, which is all the caller asks.
func mayStop(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	return ((x-ones*0x20)&^x|(quote-ones)&^quote|(backslash-ones)&^backslash)&highs != 0
}

// stringStop marks the bytes a string's scan stops at: its end, an
// escape, and the control characters JSON refuses in a string.
var stringStop = [256]bool{'"': true, '\\': true,
	0x00: true, 0x01: true, 0x02: true, 0x03: true, 0x04: true, 0x05: true, 0x06: true, 0x07: true,
	0x08: true, 0x09: true, 0x0a: true, 0x0b: true, 0x0c: true, 0x0d: true, 0x0e: true, 0x0f: true,
	0x10: true, 0x11: true, 0x12: true, 0x13: true, 0x14: true, 0x15: true, 0x16: true, 0x17: true,
	0x18: true, 0x19: true, 0x1a: true, 0x1b: true, 0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true,
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// skipValidNumber returns the index just past the JSON number at data[i],
// or -1 if there is none: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
// What follows it is the caller's to check ("01" is 0 and then 1).
func skipValidNumber(data []byte, i int) int {
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = skipDigits(data, i+1)
	default:
		return -1
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}
