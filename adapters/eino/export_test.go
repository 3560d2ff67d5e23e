package oteleino

// WaitStreams waits until every stream copy the handlers read has ended.
func WaitStreams() { streams.Wait() }
