package protowalk_test

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otelagent/otelagent-go/internal/protowalk"
)

// A collector's answer to an OTLP trace export, read for the one number
// the exporter needs: ExportTraceServiceResponse.partial_success(1)
// .rejected_spans(1).
func Example() {
	var partial, answer []byte
	partial = protowire.AppendTag(partial, 1, protowire.VarintType)
	partial = protowire.AppendVarint(partial, 3)
	partial = protowire.AppendTag(partial, 2, protowire.BytesType)
	partial = protowire.AppendString(partial, "3 spans had no name")
	answer = protowire.AppendTag(answer, 1, protowire.BytesType)
	answer = protowire.AppendBytes(answer, partial)

	var rejected uint64
	ok := protowalk.Bytes(answer, func(num protowire.Number, msg []byte) bool {
		return num != 1 || protowalk.Varints(msg, func(num protowire.Number, v uint64) {
			if num == 1 {
				rejected = v
			}
		})
	})
	fmt.Println(rejected, ok)
	// Output: 3 true
}
