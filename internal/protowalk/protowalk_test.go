package protowalk

import (
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// message is field 1 = "a", field 2 = 7 (varint), field 3 = 0.5 (fixed64),
// field 4 = "b", field 5 = 9 (varint).
func message() []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, "a")
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	b = protowire.AppendVarint(b, 7)
	b = protowire.AppendTag(b, 3, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, 0x3fe0000000000000)
	b = protowire.AppendTag(b, 4, protowire.BytesType)
	b = protowire.AppendString(b, "b")
	b = protowire.AppendTag(b, 5, protowire.VarintType)
	b = protowire.AppendVarint(b, 9)
	return b
}

func TestFields(t *testing.T) {
	var bytesSeen []string
	var varints []uint64
	ok := Fields(message(), func(num protowire.Number, v []byte) bool {
		bytesSeen = append(bytesSeen, string(rune('0'+num))+string(v))
		return true
	}, func(num protowire.Number, v uint64) { varints = append(varints, uint64(num)*100+v) })
	if !ok || len(bytesSeen) != 2 || bytesSeen[0] != "1a" || bytesSeen[1] != "4b" || len(varints) != 2 || varints[0] != 207 || varints[1] != 509 {
		t.Errorf("Fields = %v: bytes %q, varints %v", ok, bytesSeen, varints)
	}
	// Each alone skips the other kind.
	n := 0
	if !Bytes(message(), func(protowire.Number, []byte) bool { n++; return true }) || n != 2 {
		t.Errorf("Bytes saw %d fields, want 2", n)
	}
	n = 0
	if !Varints(message(), func(protowire.Number, uint64) { n++ }) || n != 2 {
		t.Errorf("Varints saw %d fields, want 2", n)
	}
	// f stops the walk.
	n = 0
	if Bytes(message(), func(protowire.Number, []byte) bool { n++; return false }) || n != 1 {
		t.Errorf("a walk f stopped: %d calls, reported well formed", n)
	}
}

// A message cut anywhere inside a field is not well formed.
func TestFieldsCutShort(t *testing.T) {
	msg := message()
	ends := map[int]bool{}
	for end := 0; end <= len(msg); end++ {
		ends[end] = Fields(msg[:end], func(protowire.Number, []byte) bool { return true }, func(protowire.Number, uint64) {})
	}
	// The field boundaries: 0, after "a" (3), after 7 (5), after the
	// fixed64 (14), after "b" (17), after 9 (19).
	for end, ok := range ends {
		want := map[int]bool{0: true, 3: true, 5: true, 14: true, 17: true, 19: true}[end]
		if ok != want {
			t.Errorf("message cut at %d: well formed = %v, want %v", end, ok, want)
		}
	}
}
