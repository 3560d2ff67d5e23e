package otelagent

// Version is the version of otelagent, reported as the instrumentation
// scope version on every span and metric.
func Version() string { return "0.2.0" }
