// Command otelagent reads what otelagent recorded.
//
//	otelagent view [-html OUT.html] [-width N] FILE…
//
// prints the tree of each trace and a summary of the spans in FILE (OTLP
// JSON lines: a --debug-log file, or the traces.jsonl a collector's file
// exporter writes; "-" reads stdin), and with -html writes them as one
// self-contained page.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/otelagent/otelagent-go/viewer"
)

const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `usage: otelagent view [-html OUT.html] [-width N] FILE…

Prints the tree of each trace in FILE, then a summary: sessions, tokens and
cost by model and by agent, unpriced tokens, tool calls and failure rates,
the slowest calls. FILE holds OTLP JSON lines: a --debug-log file, or what
a collector's file exporter writes (traces.jsonl, metrics.jsonl). "-" reads
standard input.

`

func main() {
	os.Exit(cli(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func cli(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "view" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	return viewMain(args[1:], stdin, stdout, stderr)
}

func viewMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("view", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	htmlOut := fs.String("html", "", "also write the traces and summary as one self-contained HTML `FILE`")
	cols := fs.Int("width", 0, "render for `N` columns (default: the terminal's width, or COLUMNS)")
	summaryOnly := fs.Bool("summary", false, "print the summary only, without the trees")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return exitOK
		}
		fmt.Fprintf(stderr, "otelagent view: %v\n\n%s", err, usage)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "otelagent view: no FILE given\n\n%s", usage)
		return exitUsage
	}
	w := *cols
	if w <= 0 {
		w = viewer.TerminalWidth(stdout)
	}
	opts := []viewer.Option{viewer.WithWidth(w), viewer.WithColor(viewer.UseColor(stdout))}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	var page *viewer.HTMLWriter
	var pageFile *os.File
	if *htmlOut != "" {
		f, err := os.Create(*htmlOut)
		if err != nil {
			fmt.Fprintf(stderr, "otelagent view: -html: %v\n", err)
			return exitError
		}
		pageFile = f
		page = viewer.NewHTMLWriter(f)
	}
	first := true
	v := viewer.New(func(t *viewer.Trace) {
		if page != nil {
			page.AddTrace(t)
		}
		if *summaryOnly {
			return
		}
		if !first {
			fmt.Fprintln(out)
		}
		first = false
		_ = viewer.WriteTraceHeader(out, t, opts...)
		_ = viewer.WriteTree(out, t, opts...)
	})

	code := exitOK
	for _, name := range fs.Args() {
		if err := readInput(v, name, stdin); err != nil {
			fmt.Fprintf(stderr, "otelagent view: %v\n", err)
			code = exitError
		}
	}
	v.Flush()
	if !first {
		fmt.Fprintln(out)
	}
	if err := viewer.WriteSummary(out, v.Summary(), opts...); err != nil {
		fmt.Fprintf(stderr, "otelagent view: %v\n", err)
		code = exitError
	}
	if page != nil {
		err := page.Close(v.Summary())
		if cerr := pageFile.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(stderr, "otelagent view: -html: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "otelagent view: wrote %s\n", *htmlOut)
	}
	return code
}

func readInput(v *viewer.Viewer, name string, stdin io.Reader) error {
	if name == "-" {
		if err := v.Read(stdin); err != nil {
			return fmt.Errorf("standard input: %w", err)
		}
		return nil
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := v.Read(f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
