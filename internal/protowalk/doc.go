// Package protowalk reads protobuf messages in their wire format, field by
// field, without the generated types: for what needs a few fields of a
// message and nothing else. The exporters count a spool's items and read
// a collector's partial success and gRPC retry delay with it; the test
// collector reads span IDs. Nothing is allocated and unknown fields are
// skipped, as a decoder skips them.
package protowalk
