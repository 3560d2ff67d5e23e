package viewer

import (
	"bytes"
	"context"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// page renders the demo's run and the unpriced run as an HTML page.
func page(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	h := NewHTMLWriter(&buf)
	v := New(h.AddTrace)
	if err := v.Read(bytes.NewReader(otlpJSON(t, filtered(t, both())))); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	if err := h.Close(v.Summary()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHTMLIsSelfContained(t *testing.T) {
	p := string(page(t))
	for _, bad := range []string{"http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "<iframe"} {
		if strings.Contains(p, bad) {
			t.Errorf("the page holds %q: it must need nothing from outside", bad)
		}
	}
	if got := strings.Count(p, "data-span-id="); got != 17 {
		t.Errorf("%d span rectangles, want 17", got)
	}
}

func TestHTMLEscapesText(t *testing.T) {
	var buf bytes.Buffer
	h := NewHTMLWriter(&buf)
	v := New(h.AddTrace)
	v.Add(Span{TraceID: [16]byte{1}, SpanID: [8]byte{1}, Name: `<script>alert(1)</script>`, Start: t0, End: t0.Add(time.Second)})
	// Names in the charts too: the viewer reads collector files of any
	// origin, whose names no grammar held.
	evil := `<x-evil>`
	v.Add(Span{TraceID: [16]byte{1}, SpanID: [8]byte{2}, ParentID: [8]byte{1}, Name: "chat", Kind: KindChat, Model: evil, Agent: evil,
		HasUsage: true, InputTokens: 10, OutputTokens: 5, Priced: true, CostUSD: 0.5, Start: t0, End: t0.Add(time.Second)})
	v.Add(Span{TraceID: [16]byte{1}, SpanID: [8]byte{3}, ParentID: [8]byte{1}, Name: "tool", Kind: KindTool, Tool: evil, Agent: evil,
		Failed: true, ErrorType: "timeout", Start: t0, End: t0.Add(time.Second)})
	_ = h.Close(v.Summary())
	if strings.Contains(buf.String(), "<script>") {
		t.Error("a span name went into the page unescaped")
	}
	if strings.Contains(buf.String(), evil) || !strings.Contains(buf.String(), html.EscapeString(evil)) {
		t.Error("a model, agent or tool name went into the page unescaped (or not at all)")
	}
}

// chromium returns the path of a Chromium browser, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no chromium installed (Debian: apt-get install -y chromium)")
	return ""
}

// In a real browser, the page draws a rectangle per span and bars in its
// charts, and its screenshot is a picture, not a blank page.
func TestHTMLInHeadlessChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "run.html")
	if err := os.WriteFile(file, page(t), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		args = append([]string{"--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + filepath.Join(dir, "profile")}, args...)
		cmd := exec.CommandContext(ctx, browser, append(args, "file://"+file)...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", browser, err, stderr.String())
		}
		return stdout.Bytes()
	}

	dom := string(run("--dump-dom"))
	spans := regexp.MustCompile(`<rect data-span-id="[0-9a-f]{16}" data-kind="(command|session|chat|tool)"`).FindAllString(dom, -1)
	if len(spans) != 17 {
		t.Errorf("the browser's DOM has %d span rectangles, want 17", len(spans))
	}
	if got := strings.Count(dom, "<rect data-chart-bar"); got < 10 {
		t.Errorf("the browser's DOM has %d chart bars, want at least 10", got)
	}
	if !strings.Contains(dom, "$0.00336") {
		t.Error("the total cost is not on the page")
	}

	shot := filepath.Join(dir, "run.png")
	run("--screenshot="+shot, "--window-size=1280,1400", "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if colors := distinctColors(img); colors < 6 {
		t.Errorf("the screenshot has %d colours: the page drew nothing", colors)
	}
	if out := os.Getenv("OTELAGENT_VIEWER_SCREENSHOT"); out != "" {
		// To look at the page: the screenshot, and the page beside it.
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(out, data, 0o644)
		_ = os.WriteFile(strings.TrimSuffix(out, ".png")+".html", page(t), 0o644)
	}
}

// distinctColors counts the colours of img, on a coarse grid.
func distinctColors(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
		}
	}
	return len(seen)
}

// A page draws at most maxHTMLTraces traces, and says how many it left out.
func TestHTMLBoundsTraces(t *testing.T) {
	var buf bytes.Buffer
	h := NewHTMLWriter(&buf)
	v := New(h.AddTrace)
	for i := range maxHTMLTraces + 50 {
		v.Add(Span{TraceID: [16]byte{byte(i >> 8), byte(i), 15: 1}, SpanID: [8]byte{1}, Name: "run", Kind: KindCommand, Start: t0, End: t0.Add(time.Second)})
	}
	if err := h.Close(v.Summary()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "data-span-id="); got != maxHTMLTraces {
		t.Errorf("%d traces drawn, want %d", got, maxHTMLTraces)
	}
	if !strings.Contains(buf.String(), "50 more traces are not drawn") {
		t.Error("the page does not say what it left out")
	}
}
