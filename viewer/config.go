package viewer

// config holds the options of a Viewer, of the renderers and of the
// tree exporter.
type config struct {
	maxPending int
	width      int
	color      bool
}

// Option configures a Viewer, a renderer or a TreeExporter.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{maxPending: defaultMaxPending, width: defaultWidth}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithMaxPendingSpans bounds the spans held while their trace's root has
// not arrived (default 10,000). Past it, the oldest trace is shown
// partial. Values <= 0 are ignored.
func WithMaxPendingSpans(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxPending = n
		}
	})
}

// WithWidth sets the width of text output in columns (default 100; see
// TerminalWidth). The tree drops its timeline bars, then shortens names
// and details, to fit. Values below 40 are taken as 40.
func WithWidth(columns int) Option {
	return optionFunc(func(c *config) { c.width = max(columns, minWidth) })
}

// WithColor turns ANSI colours in text output on or off (default off; see
// UseColor).
func WithColor(on bool) Option {
	return optionFunc(func(c *config) { c.color = on })
}
