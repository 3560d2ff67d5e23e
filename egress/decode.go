package egress

import (
	"strings"
	"unicode/utf8"
)

// maxDecodeRounds bounds how many layers of escaping are undone
// (JSON inside JSON, a URL-escaped JSON string).
const maxDecodeRounds = 3

// decode returns s with its JSON escapes (\n, \t, \", \u003c, ...) and URL
// escapes (%20, %2E, ...) decoded, full-width ASCII (U+FF01-U+FF5E) mapped
// to ASCII and zero-width characters (U+200B-U+200D, U+2060, U+FEFF)
// removed: what the credential patterns see. idx maps each offset of the
// result, and its length, to the offset in s it came from. ok is false,
// and nothing is allocated, when s has nothing to decode.
func decode(s string) (d string, idx []int, ok bool) {
	d = s
	for round := 0; round < maxDecodeRounds && decodable(d); round++ {
		next, nidx := decodeOnce(d)
		if next == d {
			break
		}
		if idx != nil {
			for k, o := range nidx {
				nidx[k] = idx[o]
			}
		}
		d, idx = next, nidx
	}
	return d, idx, idx != nil
}

// decodable reports whether decodeOnce could change s. Text without a
// backslash, a percent sign or a non-ASCII byte (the common case) is
// recognised with fast scans.
func decodable(s string) bool {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '%') < 0 && ascii(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\\' && c != '%' && c < utf8.RuneSelf {
			continue
		}
		switch c := s[i]; {
		case c == '\\':
			if _, n := unescapeJSON(s[i:]); n > 0 {
				return true
			}
		case c == '%':
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				return true
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if _, changed := normalizeRune(r); changed {
				return true
			}
			i += n - 1
		}
	}
	return false
}

// ascii reports whether s has no byte of 0x80 or more, eight bytes at a time.
func ascii(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if (s[i]|s[i+1]|s[i+2]|s[i+3]|s[i+4]|s[i+5]|s[i+6]|s[i+7])&0x80 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decodeOnce undoes one layer of escaping.
func decodeOnce(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	idx := make([]int, 0, len(s)+1)
	emit := func(r rune, from int) {
		before := b.Len()
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
		for k := before; k < b.Len(); k++ {
			idx = append(idx, from)
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if r, n := unescapeJSON(s[i:]); n > 0 {
				if nr, changed := normalizeRune(r); !changed || nr >= 0 {
					emit(nr, i)
				}
				i += n
				continue
			}
		case c == '%':
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
				idx = append(idx, i)
				i += 3
				continue
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if nr, changed := normalizeRune(r); changed {
				if nr >= 0 {
					emit(nr, i)
				}
				i += n
				continue
			}
			b.WriteString(s[i : i+n])
			for k := 0; k < n; k++ {
				idx = append(idx, i)
			}
			i += n
			continue
		}
		b.WriteByte(c)
		idx = append(idx, i)
		i++
	}
	return b.String(), append(idx, len(s))
}

// unescapeJSON decodes the JSON escape at the start of s (which starts
// with a backslash) and returns the rune and the length of the escape, or
// n == 0 when s does not start with one.
func unescapeJSON(s string) (r rune, n int) {
	if len(s) < 2 {
		return 0, 0
	}
	switch s[1] {
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case '"', '\\', '/', '\'':
		return rune(s[1]), 2
	case 'u':
		if len(s) < 6 {
			return 0, 0
		}
		var v rune
		for k := 2; k < 6; k++ {
			if !isHex(s[k]) {
				return 0, 0
			}
			v = v<<4 | rune(unhex(s[k]))
		}
		return v, 6
	}
	return 0, 0
}

// normalizeRune maps full-width ASCII to ASCII and zero-width characters
// to -1 (removed); changed is false for every other rune.
func normalizeRune(r rune) (out rune, changed bool) {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0, true
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
		return -1, true
	}
	return r, false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
