package release_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/collectortest"
	"github.com/otelagent/otelagent-go/otelagent"
)

const rootModule = "github.com/otelagent/otelagent-go"

// versions is what versions.yaml says: the release version, the modules
// released at it and the modules excluded.
type versions struct {
	version           string
	modules, excluded []string
}

// readVersions reads the small subset of YAML versions.yaml is written in:
// "version: vX.Y.Z" and "- module" items under "modules:" and
// "excluded-modules:".
func readVersions(t *testing.T, path string) versions {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var v versions
	var list *[]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "version:"):
			v.version = strings.TrimSpace(strings.TrimPrefix(line, "version:"))
		case line == "modules:":
			list = &v.modules
		case line == "excluded-modules:":
			list = &v.excluded
		case strings.HasPrefix(line, "- ") && list != nil:
			*list = append(*list, strings.TrimSpace(line[2:]))
		default:
			list = nil
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return v
}

// goMods returns every go.mod of the repository, by module directory
// relative to the root.
func goMods(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func TestModulesReleasableTogether(t *testing.T) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	v := readVersions(t, filepath.Join(root, "versions.yaml"))
	if v.version != "v"+otelagent.Version() {
		t.Errorf("versions.yaml says %s, otelagent.Version() %s: release them together", v.version, otelagent.Version())
	}
	if !slices.Contains(v.modules, rootModule) {
		t.Errorf("versions.yaml does not release the root module %s", rootModule)
	}
	for _, dir := range goMods(t, root) {
		path := rootModule
		if dir != "." {
			path += "/" + dir
		}
		released := slices.Contains(v.modules, path)
		if !released && !slices.Contains(v.excluded, path) {
			t.Errorf("module %s (%s/go.mod) is neither released nor excluded in versions.yaml", path, dir)
		}
		if dir == "." {
			continue
		}
		out, err := exec.Command("go", "mod", "edit", "-json", filepath.Join(root, dir, "go.mod")).Output()
		if err != nil {
			t.Fatalf("go mod edit -json %s/go.mod: %v", dir, err)
		}
		var mod struct {
			Require []struct{ Path, Version string }
		}
		if err := json.Unmarshal(out, &mod); err != nil {
			t.Fatalf("%s/go.mod: %v", dir, err)
		}
		for _, r := range mod.Require {
			if r.Path == rootModule && r.Version != v.version {
				t.Errorf("%s/go.mod requires %s %s, want %s (versions.yaml): a pseudo-version or another release cannot be resolved with this one", dir, rootModule, r.Version, v.version)
			}
		}
	}
	for _, m := range append(v.modules, v.excluded...) {
		dir := strings.TrimPrefix(strings.TrimPrefix(m, rootModule), "/")
		if dir == "" {
			dir = "."
		}
		if _, err := os.Stat(filepath.Join(root, dir, "go.mod")); err != nil {
			t.Errorf("versions.yaml lists %s, which has no go.mod", m)
		}
	}
}
