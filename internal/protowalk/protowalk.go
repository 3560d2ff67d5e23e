package protowalk

import "google.golang.org/protobuf/encoding/protowire"

// Bytes calls f with each length-delimited field of msg (a string, bytes
// or embedded message; other wire types are skipped) until f returns
// false. It reports whether msg was well formed and f never returned
// false.
func Bytes(msg []byte, f func(protowire.Number, []byte) bool) bool {
	return Fields(msg, f, nil)
}

// Varints calls f with each varint field of msg (other wire types are
// skipped). It reports whether msg was well formed.
func Varints(msg []byte, f func(protowire.Number, uint64)) bool {
	return Fields(msg, nil, f)
}

// Fields walks the fields of msg, giving the length-delimited ones to
// onBytes (until it returns false) and the varints to onVarint; a nil
// function skips its fields, as every other wire type is skipped. It
// reports whether msg was well formed and onBytes never returned false.
func Fields(msg []byte, onBytes func(protowire.Number, []byte) bool, onVarint func(protowire.Number, uint64)) bool {
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return false
		}
		msg = msg[n:]
		switch {
		case typ == protowire.BytesType && onBytes != nil:
			v, n := protowire.ConsumeBytes(msg)
			if n < 0 || !onBytes(num, v) {
				return false
			}
			msg = msg[n:]
		case typ == protowire.VarintType && onVarint != nil:
			v, n := protowire.ConsumeVarint(msg)
			if n < 0 {
				return false
			}
			onVarint(num, v)
			msg = msg[n:]
		default:
			if n = protowire.ConsumeFieldValue(num, typ, msg); n < 0 {
				return false
			}
			msg = msg[n:]
		}
	}
	return true
}
