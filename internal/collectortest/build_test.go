package collectortest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadModulePath(t *testing.T) {
	tests := []struct {
		name, gomod, want string
		wantErr           bool
	}{
		{"plain", "module example.com/a\n\ngo 1.26\n", "example.com/a", false},
		{"after comments, quoted, trailing comment", "// x\n\nmodule \"example.com/b\" // c\n", "example.com/b", false},
		{"moduleish word is not a module line", "modules x\n", "", true},
		{"none", "go 1.26\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "go.mod")
			if err := os.WriteFile(path, []byte(tt.gomod), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readModulePath(path)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("readModulePath = %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRepoRootFindsRootModule(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"go.mod", "collector-config.yaml", filepath.Join("tools", "otelcol", "go.mod")} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("RepoRoot() = %s, which lacks %s: %v", root, f, err)
		}
	}
}
